"""The manual as frozen dataclasses, built only from data that passed the schema."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

ADMONITIONS = ("warning", "caution", "note", "tip")
DEFAULT_LANGUAGE = "en"
DEFAULT_REVIEW_MONTHS = 12


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    prefix: str
    description: str = ""


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Term:
    term: str
    definition: str


@dataclass(frozen=True)
class Spec:
    item: str
    value: str
    tolerance: str = ""
    note: str = ""


@dataclass(frozen=True)
class Image:
    src: str
    alt: str


@dataclass(frozen=True)
class Verify:
    by: str
    check: str


@dataclass(frozen=True)
class Option:
    when: str
    steps: tuple[Step, ...]
    goto: str | None


@dataclass(frozen=True)
class Step:
    """An action (``do``) or a decision (``decide``) with its place: number and anchor."""

    number: str  # "3", "3.1", "4a.1" (option a of decision 4, its first step)
    anchor: str  # "step-listen" for a step with an id, else "step-3-1"
    depth: int  # 1 for top-level steps
    id: str | None
    do: str | None
    decide: str | None
    options: tuple[Option, ...]
    role: str | None
    why: str | None
    critical: bool
    minutes: float | None
    admonitions: tuple[tuple[str, str], ...]  # (kind, Markdown) in ADMONITIONS order
    image: Image | None
    verify: Verify | None
    record: str | None
    measure: str | None  # a spec's item or a metric's name, read at this step
    see: str | None
    substeps: tuple[Step, ...]

    @property
    def text(self) -> str:
        """The instruction or the question."""
        return self.do if self.do is not None else (self.decide or "")

    @property
    def is_decision(self) -> bool:
        return self.decide is not None

    def walk(self) -> Iterator[Step]:
        """This step, then every step inside it, in reading order."""
        yield self
        for substep in self.substeps:
            yield from substep.walk()
        for option in self.options:
            for step in option.steps:
                yield from step.walk()


@dataclass(frozen=True)
class Metric:
    name: str
    target: str
    investigate_when: str
    how_measured: str = ""


@dataclass(frozen=True)
class Question:
    question: str
    answer: str
    root_cause: str = ""
    step: str | None = None


@dataclass(frozen=True)
class Reference:
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Change:
    revision: str
    date: date
    summary: str
    by: str | None = None
    editorial: bool = False  # wording, typo, layout: nobody needs to sign again


@dataclass(frozen=True)
class Person:
    """One member of staff from people.yaml; ``active`` is False for a leaver."""

    id: str
    name: str
    roles: tuple[str, ...]
    started: date | None = None
    active: bool = True


@dataclass(frozen=True)
class SignOff:
    """One entry of signoffs/<person>.yaml: ``person`` read, was trained in or assessed on a
    revision of a procedure."""

    person: str
    procedure: str
    revision: str
    date: date
    method: str  # read | trained | assessed
    trainer: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TrainingRecords:
    """Schema-valid people.yaml data and (person id, sign-off list) pairs, as read."""

    present: bool = False  # people.yaml exists and passed its schema
    people: Sequence[Mapping[str, Any]] = ()
    signoffs: Sequence[tuple[str, Sequence[Mapping[str, Any]]]] = ()


@dataclass(frozen=True)
class Procedure:
    """One procedure, with its source file (relative to the manual folder)."""

    source: str  # "customer-service/CS-001-answer.yaml", relative to the manual folder
    id: str
    title: str
    category: str
    status: str
    revision: str
    owner: str
    approved_by: str | None
    effective: date | None
    last_reviewed: date | None
    review_every_months: int
    summary: str
    trigger: str | None
    purpose: str | None
    scope: str | None
    roles: tuple[str, ...]
    tags: tuple[str, ...]
    before_you_start: tuple[str, ...]
    materials: tuple[str, ...]
    specs: tuple[Spec, ...]
    steps: tuple[Step, ...]
    metrics: tuple[Metric, ...]
    recurring_questions: tuple[Question, ...]
    records: tuple[str, ...]
    related: tuple[str, ...]
    supersedes: str | None
    superseded_by: str | None
    references: tuple[Reference, ...]
    changes: tuple[Change, ...]
    language: str | None = None  # the text's language when not the manual's
    label: tuple[str, ...] = ()  # what the point-of-use label shows (step ids or short texts)

    @property
    def next_review(self) -> date | None:
        """When the next review is due: last review (or effective date) plus the cycle."""
        base = self.last_reviewed or self.effective
        return add_months(base, self.review_every_months) if base else None

    @property
    def total_minutes(self) -> float:
        """Estimated time: the sum of every step's minutes."""
        return sum(step.minutes or 0 for step in self.all_steps())

    @property
    def is_current(self) -> bool:
        """Effective procedures are the manual in force; drafts and retired ones are not."""
        return self.status == "effective"

    def all_steps(self) -> Iterator[Step]:
        for step in self.steps:
            yield from step.walk()

    def step_by_id(self, step_id: str) -> Step | None:
        return next((s for s in self.all_steps() if s.id == step_id), None)


@dataclass(frozen=True)
class Entry:
    """One line of a run: a step done, a value read, a decision's answer, a check."""

    index: int  # its place in the record's `steps`, for positions in messages
    step: str
    done: str | None = None
    chose: str | None = None
    value: str | None = None
    unit: str | None = None
    checked_by: str | None = None
    checked: str | None = None


@dataclass(frozen=True)
class Run:
    """One run record (schema-valid), with its file relative to the manual folder."""

    source: str
    procedure: str
    revision: str
    by: str
    started: str
    finished: str | None
    note: str | None
    entries: tuple[Entry, ...]

    @property
    def name(self) -> str:
        """How messages name the run: its file."""
        return self.source


@dataclass(frozen=True)
class Manual:
    """The whole manual: settings from manual.yaml and the procedures in display order."""

    root: Path
    title: str
    organization: str
    language: str
    review_every_months: int
    report_problem_url: str | None
    edit_url: str | None
    categories: tuple[Category, ...]
    roles: tuple[Role, ...]
    glossary: tuple[Term, ...]
    procedures: tuple[Procedure, ...]
    runs: tuple[Run, ...] = ()  # run records (runs/), oldest first
    # Training records: only when people.yaml exists (``has_people``); ``publish_names`` is
    # manual.yaml's training.publish_names (names on the site or not).
    has_people: bool = False
    publish_names: bool = True
    people: tuple[Person, ...] = ()
    signoffs: tuple[SignOff, ...] = ()

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def procedure(self, procedure_id: str) -> Procedure | None:
        return self._procedures_by_id.get(procedure_id)

    @cached_property
    def _procedures_by_id(self) -> dict[str, Procedure]:
        # Pages link procedures by id thousands of times; a scan each time was quadratic.
        return {p.id: p for p in reversed(self.procedures)}  # the first of a repeated id wins

    def in_category(self, category_id: str) -> list[Procedure]:
        return [p for p in self.procedures if p.category == category_id]

    def runs_of(self, procedure_id: str) -> list[Run]:
        """The runs of a procedure, newest first."""
        found = [run for run in self.runs if run.procedure == procedure_id]
        return sorted(found, key=lambda run: (run.started, run.source), reverse=True)

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months, clamped to the month's last day (Jan 31 + 1 = Feb 28)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def parse_date(value: Any) -> date | None:
    """A schema-checked YYYY-MM-DD string as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _strings(values: Sequence[Any] | None) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())


def build_steps(
    raw_steps: Sequence[Mapping[str, Any]], prefix: str = "", depth: int = 1
) -> tuple[Step, ...]:
    """Steps with their numbers: 1, 2, 2.1; a decision's options number as 3a.1, 3b.1."""
    steps = []
    for index, raw in enumerate(raw_steps, start=1):
        number = f"{prefix}{index}"
        # Most steps are a plain action (three in four, in the benchmark manual): building
        # their empty options and substeps anyway was a sixth of building the model.
        options = _options(raw["options"], number, depth) if "options" in raw else ()
        image = raw.get("image")
        verify = raw.get("verify")
        steps.append(
            Step(
                number=number,
                anchor=f"step-{raw['id']}" if raw.get("id") else "step-" + number.replace(".", "-"),
                depth=depth,
                id=raw.get("id"),
                do=raw.get("do"),
                decide=raw.get("decide"),
                options=options,
                role=raw.get("role"),
                why=raw.get("why"),
                critical=bool(raw.get("critical", False)),
                minutes=raw.get("minutes"),
                admonitions=tuple((kind, raw[kind]) for kind in ADMONITIONS if kind in raw),
                image=Image(image["src"], image["alt"]) if image else None,
                verify=Verify(verify["by"], verify["check"]) if verify else None,
                record=raw.get("record"),
                measure=raw.get("measure"),
                see=raw.get("see"),
                substeps=(
                    build_steps(raw["substeps"], f"{number}.", depth + 1)
                    if "substeps" in raw
                    else ()
                ),
            )
        )
    return tuple(steps)


def _options(
    raw_options: Sequence[Mapping[str, Any]], number: str, depth: int
) -> tuple[Option, ...]:
    """A decision's options, their steps numbered 3a.1, 3b.1 under decision 3."""
    return tuple(
        Option(
            when=str(option["when"]),
            steps=build_steps(option.get("steps", ()), f"{number}{_letter(i)}.", depth + 1),
            goto=option.get("goto"),
        )
        for i, option in enumerate(raw_options)
    )


def _letter(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index] if index < 26 else f"-{index + 1}-"


def build_procedure(data: Mapping[str, Any], source: str, default_review_months: int) -> Procedure:
    """A Procedure from schema-valid data."""
    effective = parse_date(data.get("effective"))
    return Procedure(
        source=source,
        id=data["id"],
        title=data["title"],
        category=data["category"],
        status=data["status"],
        revision=str(data["revision"]),
        owner=data["owner"],
        approved_by=data.get("approved_by"),
        effective=effective,
        last_reviewed=parse_date(data.get("last_reviewed")) or effective,
        review_every_months=data.get("review_every_months", default_review_months),
        summary=data["summary"],
        trigger=data.get("trigger"),
        purpose=data.get("purpose"),
        scope=data.get("scope"),
        roles=_strings(data.get("roles")),
        tags=_strings(data.get("tags")),
        before_you_start=_strings(data.get("before_you_start")),
        materials=_strings(data.get("materials")),
        specs=tuple(
            Spec(s["item"], s["value"], s.get("tolerance", ""), s.get("note", ""))
            for s in data.get("specs", ())
        ),
        steps=build_steps(data["steps"]),
        metrics=tuple(
            Metric(m["name"], m["target"], m["investigate_when"], m.get("how_measured", ""))
            for m in data.get("metrics", ())
        ),
        recurring_questions=tuple(
            Question(q["question"], q["answer"], q.get("root_cause", ""), q.get("step"))
            for q in data.get("recurring_questions", ())
        ),
        records=_strings(data.get("records")),
        related=_strings(data.get("related")),
        supersedes=data.get("supersedes"),
        superseded_by=data.get("superseded_by"),
        references=tuple(Reference(r["title"], r.get("url")) for r in data.get("references", ())),
        changes=tuple(
            Change(
                str(c["revision"]),
                date.fromisoformat(c["date"]),
                c["summary"],
                c.get("by"),
                bool(c.get("editorial", False)),
            )
            for c in data.get("changes", ())
        ),
        language=data.get("language"),
        label=_strings(data.get("label")),
    )


def build_manual(
    root: Path,
    data: Mapping[str, Any],
    procedures: Sequence[tuple[str, Mapping[str, Any]]],
    make: Callable[[Any, str, int], Procedure] = build_procedure,
    training: TrainingRecords = TrainingRecords(),
) -> Manual:
    """A Manual from schema-valid manual data and (source, data) pairs of procedures.

    Procedures are ordered as the site lists them: by category order in manual.yaml, then id.
    """
    review_months = data.get("review_every_months", DEFAULT_REVIEW_MONTHS)
    categories = tuple(
        Category(c["id"], c["title"], c["prefix"], c.get("description", ""))
        for c in data["categories"]
    )
    order = {category.id: index for index, category in enumerate(categories)}
    built = [make(raw, source, review_months) for source, raw in procedures]
    built.sort(key=lambda p: (order.get(p.category, len(order)), _id_key(p.id), p.source))
    return Manual(
        root=root,
        title=data["title"],
        organization=data["organization"],
        language=data.get("language", DEFAULT_LANGUAGE),
        review_every_months=review_months,
        report_problem_url=data.get("report_problem_url"),
        edit_url=data.get("edit_url"),
        categories=categories,
        roles=tuple(Role(r["id"], r["title"], r.get("description", "")) for r in data["roles"]),
        glossary=tuple(Term(t["term"], t["definition"]) for t in data.get("glossary", ())),
        procedures=tuple(built),
        has_people=training.present,
        publish_names=bool(data.get("training", {}).get("publish_names", True)),
        people=tuple(
            Person(
                p["id"],
                p["name"],
                _strings(p.get("roles")),
                parse_date(p.get("started")),
                bool(p.get("active", True)),
            )
            for p in training.people
        ),
        signoffs=tuple(
            SignOff(
                person,
                s["procedure"],
                str(s["revision"]),
                date.fromisoformat(s["date"]),
                s["method"],
                s.get("trainer"),
                s.get("note"),
            )
            for person, entries in training.signoffs
            for s in entries
        ),
    )


def _id_key(procedure_id: str) -> tuple[str, int]:
    """CS-9 before CS-10: compare the number as a number."""
    prefix, _, number = procedure_id.rpartition("-")
    return prefix, int(number) if number.isdigit() else 0

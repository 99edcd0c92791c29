"""Run records as data, and the path a run took through its procedure's decisions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sopgen.model import Entry, Procedure, Run, Step
from sopgen.model.limits import Limit, parse_number, step_limit


def build_run(data: Mapping[str, Any], source: str) -> Run:
    """A Run from schema-valid data."""
    return Run(
        source=source,
        procedure=data["procedure"],
        revision=str(data["revision"]),
        by=data["by"],
        started=data["started"],
        finished=data.get("finished"),
        note=data.get("note"),
        entries=tuple(
            Entry(
                index=index,
                step=entry["step"],
                done=entry.get("done"),
                chose=entry.get("chose"),
                value=entry.get("value"),
                unit=entry.get("unit"),
                checked_by=entry.get("checked_by"),
                checked=entry.get("checked"),
            )
            for index, entry in enumerate(data.get("steps", ()))
        ),
    )


def step_key(step: Step) -> str:
    """How a record names a step: its id, else its number."""
    return step.id or step.number


def steps_by_key(procedure: Procedure) -> dict[str, Step]:
    """Every step by its id and by its number (a record may use either)."""
    found: dict[str, Step] = {}
    for step in procedure.all_steps():
        found.setdefault(step.number, step)
    for step in procedure.all_steps():
        if step.id:
            found[step.id] = step
    return found


def same_person(first: str, second: str) -> bool:
    """Initials compared as people read them: "jm", "J.M." and "JM" are one person."""
    return _initials(first) == _initials(second)


def _initials(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass
class RunPath:
    """Where a run went: the steps it reached in order, and the decision it stopped at."""

    reached: list[Step] = field(default_factory=list)
    undecided: Step | None = None  # a reached decision with no (further) answer recorded


def run_path(procedure: Procedure, run: Run) -> RunPath:
    """Follow the procedure from its first step, taking each decision's recorded answers in
    order (a decision met again in a loop takes its next answer) and following `goto`s."""
    keys = steps_by_key(procedure)
    answers: dict[int, list[str]] = {}
    for entry in run.entries:
        step = keys.get(entry.step)
        if step is not None and entry.chose is not None:
            answers.setdefault(id(step), []).append(entry.chose)
    chains = _chains(procedure.steps)
    path = RunPath()
    # A stack of (steps, next index) frames, or a goto target's id to jump to.
    stack: list[tuple[Sequence[Step], int] | str] = [(procedure.steps, 0)]
    budget = 20 * (1 + sum(1 for _ in procedure.all_steps()))  # loops end; a bad record too
    while stack and budget > 0:
        budget -= 1
        frame = stack.pop()
        if isinstance(frame, str):
            stack = list(chains.get(frame, []))
            continue
        steps, index = frame
        if index >= len(steps):
            continue
        stack.append((steps, index + 1))
        step = steps[index]
        path.reached.append(step)
        if step.is_decision:
            queue = answers.get(id(step), [])
            if not queue:
                path.undecided = step
                return path
            chose = queue.pop(0)
            option = next((o for o in step.options if o.when == chose), None)
            if option is None:  # an answer that is not an option: the path ends there
                return path
            if option.goto:
                stack.append(option.goto)
            if option.steps:
                stack.append((option.steps, 0))
        if step.substeps:
            stack.append((step.substeps, 0))
    return path


def _chains(steps: Sequence[Step]) -> dict[str, list[tuple[Sequence[Step], int]]]:
    """For each step id, the frames that resume the run at that step (outer lists first)."""
    found: dict[str, list[tuple[Sequence[Step], int]]] = {}

    def visit(items: Sequence[Step], outer: list[tuple[Sequence[Step], int]]) -> None:
        for index, step in enumerate(items):
            if step.id and step.id not in found:
                found[step.id] = [*outer, (items, index)]
            inner = [*outer, (items, index + 1)]
            visit(step.substeps, inner)
            for option in step.options:
                visit(option.steps, inner)

    visit(steps, [])
    return found


@dataclass(frozen=True)
class Reading:
    """A value entered at a step with a `measure`, compared with its spec or metric."""

    entry: Entry
    step: Step
    limit: Limit
    number: float | None  # None: not a number

    @property
    def outside(self) -> bool:
        return self.number is not None and self.limit.checks and self.limit.outside(self.number)


def readings(procedure: Procedure, run: Run) -> list[Reading]:
    """Every value of the run entered at a step that measures a spec or metric."""
    keys = steps_by_key(procedure)
    found = []
    for entry in run.entries:
        step = keys.get(entry.step)
        if step is None or entry.value is None:
            continue
        limit = step_limit(procedure, step)
        if limit is not None:
            found.append(Reading(entry, step, limit, parse_number(entry.value)))
    return found


def missed_checks(procedure: Procedure, run: Run) -> list[Step]:
    """Steps with a `verify` the run reached that nobody signed."""
    keys = steps_by_key(procedure)
    signed = {id(keys[e.step]) for e in run.entries if e.checked_by and e.step in keys}
    path = run_path(procedure, run)
    seen: set[int] = set()
    missed = []
    for step in path.reached:
        if step.verify and id(step) not in signed and id(step) not in seen:
            seen.add(id(step))
            missed.append(step)
    return missed


# The words around a range's numbers, in English; a page passes its language's (strings.py).
RANGE_WORDS: Mapping[str, str] = {
    "between": "{low} to {high}",
    "at_most": "at most {value}",
    "at_least": "at least {value}",
    "exactly": "exactly {value}",
}


def limit_text(limit: Limit, words: Mapping[str, str] = RANGE_WORDS) -> str:
    """The good range in words for messages: "at most 41 °F", "6 to 10 °F"."""
    unit = f" {limit.unit}" if limit.unit and limit.unit not in "$€£¥" else ""
    sign = limit.unit if limit.unit and limit.unit in "$€£¥" else ""

    def shown(number: float) -> str:
        return f"{sign}{number:g}{unit}"

    if limit.low is not None and limit.high is not None:
        if limit.low == limit.high:
            return words["exactly"].format(value=shown(limit.low))
        return words["between"].format(low=shown(limit.low), high=shown(limit.high))
    if limit.high is not None:
        return words["at_most"].format(value=shown(limit.high))
    if limit.low is not None:
        return words["at_least"].format(value=shown(limit.low))
    return limit.text


@dataclass(frozen=True)
class RunSummary:
    """A run as `sopgen runs` lists it: its readings and what it missed."""

    run: Run
    procedure: Procedure | None  # None when the manual has no such procedure
    readings: tuple[Reading, ...]
    missed_checks: tuple[Step, ...]

    @property
    def outside(self) -> tuple[Reading, ...]:
        return tuple(reading for reading in self.readings if reading.outside)

    @property
    def needs_attention(self) -> bool:
        return bool(self.outside or self.missed_checks)


def run_summaries(
    manual_procedures: Mapping[str, Procedure],
    runs: Sequence[Run],
    procedure_id: str | None = None,
    since: str | None = None,
) -> list[RunSummary]:
    """The runs (of one procedure, started on or after a YYYY-MM-DD day): those with readings
    outside their spec or missed checks first, then the rest; newest first within each."""
    found = []
    for run in runs:
        if procedure_id and run.procedure != procedure_id:
            continue
        if since and run.started[:10] < since:
            continue
        procedure = manual_procedures.get(run.procedure)
        current = procedure is not None and run.revision == procedure.revision
        found.append(
            RunSummary(
                run,
                procedure,
                tuple(readings(procedure, run)) if procedure and current else (),
                tuple(missed_checks(procedure, run))
                if procedure and current and run.finished
                else (),
            )
        )
    found.sort(key=lambda s: (s.run.started, s.run.source), reverse=True)
    found.sort(key=lambda s: not s.needs_attention)  # stable: newest first in each group
    return found

"""Compare two versions of a manual as procedures: which were added, retired, reworded, moved."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sopgen.model import Change, Manual, Procedure, Step

# A step matched by text alone must be at least this similar (difflib ratio) to count as the
# same step reworded; below it the old step was removed and a new one added.
SIMILAR_ENOUGH = 0.6

# Fields compared one by one. `steps` and `changes` get their own treatment; `source` is the
# file, reported as a move of the file.
PROCEDURE_FIELDS = tuple(
    f.name for f in dataclasses.fields(Procedure) if f.name not in ("source", "steps", "changes")
)
MANUAL_FIELDS = (
    "title",
    "organization",
    "language",
    "review_every_months",
    "report_problem_url",
    "edit_url",
    "categories",
    "roles",
    "glossary",
)
# What a step carries besides its text; a change in one of these is "step changed".
STEP_FIELDS = (
    "role",
    "why",
    "critical",
    "minutes",
    "admonitions",
    "image",
    "verify",
    "record",
    "see",
    "options",
)


@dataclass(frozen=True)
class FieldChange:
    """One field's values before and after, as display text (a list field: one per item)."""

    field: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    listed: bool  # a list field: show the items that went and came

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(item for item in self.old if item not in self.new)

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(item for item in self.new if item not in self.old)


@dataclass(frozen=True)
class StepChange:
    """A step added, removed, or changed (reworded, moved, other fields) between versions."""

    kind: str  # "added" | "removed" | "changed"
    old_number: str | None
    new_number: str | None
    step_id: str | None
    old_text: str | None
    new_text: str | None
    reworded: bool = False
    moved: bool = False
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcedureChange:
    """What happened to one procedure id."""

    kind: str  # "added" | "removed" | "retired" | "changed"
    id: str
    title: str
    old_source: str | None
    new_source: str | None
    fields: tuple[FieldChange, ...] = ()
    steps: tuple[StepChange, ...] = ()
    new_changes: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ManualDiff:
    """Everything that changed between two versions of a manual."""

    base: str
    head: str
    manual_fields: tuple[FieldChange, ...]
    procedures: tuple[ProcedureChange, ...]
    notes: tuple[str, ...] = ()  # about the inputs: files left out because they have errors
    folder: str = ""  # the manual folder, to show procedure files by their path in the repo

    @property
    def warnings(self) -> list[tuple[str, str]]:
        """(procedure id, warning) pairs."""
        return [(p.id, w) for p in self.procedures for w in p.warnings]

    def count(self, kind: str) -> int:
        return sum(1 for p in self.procedures if p.kind == kind)


def diff_manuals(
    old: Manual | None,
    new: Manual | None,
    *,
    base: str = "base",
    head: str = "head",
    notes: Sequence[str] = (),
    folder: str = "",
) -> ManualDiff:
    """Compare two manuals (None: the version has no readable manual, so it has no procedures)."""
    old_by_id = {p.id: p for p in old.procedures} if old else {}
    new_by_id = {p.id: p for p in new.procedures} if new else {}
    changes: list[ProcedureChange] = []
    for procedure_id in sorted(old_by_id.keys() | new_by_id.keys(), key=_id_key):
        before, after = old_by_id.get(procedure_id), new_by_id.get(procedure_id)
        if before is None and after is not None:
            changes.append(ProcedureChange("added", after.id, after.title, None, after.source))
        elif after is None and before is not None:
            changes.append(ProcedureChange("removed", before.id, before.title, before.source, None))
        elif before is not None and after is not None:
            change = diff_procedures(before, after)
            if change is not None:
                changes.append(change)
    manual_fields = _field_changes(old, new, MANUAL_FIELDS) if old and new else ()
    return ManualDiff(base, head, manual_fields, tuple(changes), tuple(notes), folder)


def diff_procedures(old: Procedure, new: Procedure) -> ProcedureChange | None:
    """What changed in one procedure; None when nothing did."""
    fields = _field_changes(old, new, PROCEDURE_FIELDS)
    steps = diff_steps(old.steps, new.steps)
    new_changes = tuple(change for change in new.changes if change not in old.changes)
    moved_file = old.source != new.source
    if not (fields or steps or new_changes or moved_file):
        return None
    retired = old.status != "retired" and new.status == "retired"
    return ProcedureChange(
        "retired" if retired else "changed",
        new.id,
        new.title,
        old.source,
        new.source,
        fields,
        steps,
        new_changes,
        tuple(document_control_warnings(old, new, steps)),
    )


def document_control_warnings(
    old: Procedure, new: Procedure, steps: Sequence[StepChange]
) -> Iterable[str]:
    """Every change to the steps gets a new revision and a `changes` entry; drafts are exempt
    (they are still being written and have not been issued)."""
    if not steps or new.status == "draft":
        return
    if new.revision == old.revision:
        yield (
            f"the steps changed but the revision is still {new.revision!r}: raise the revision "
            "and add an entry to changes saying what changed"
        )
    elif not any(change.revision == new.revision for change in new.changes):
        yield (
            f"the revision went from {old.revision!r} to {new.revision!r} but changes has no "
            f"entry for revision {new.revision!r}: add one saying what changed"
        )


# --- steps -----------------------------------------------------------------------------------


def _flatten(steps: Sequence[Step]) -> list[Step]:
    return [inner for step in steps for inner in step.walk()]


def diff_steps(old_steps: Sequence[Step], new_steps: Sequence[Step]) -> tuple[StepChange, ...]:
    """Match steps by id where both have one, then by identical text, then by similar text;
    report the unmatched as removed/added and the matched that differ as changed."""
    old, new = _flatten(old_steps), _flatten(new_steps)
    pairs = _match_steps(old, new)
    in_order = _longest_increasing([pairs[i] for i in sorted(pairs)])
    matched_new = set(pairs.values())
    removed = [
        StepChange("removed", step.number, None, step.id, step.text, None)
        for index, step in enumerate(old)
        if index not in pairs
    ]
    new_to_old = {n: o for o, n in pairs.items()}
    rest: list[StepChange] = []
    for index, step in enumerate(new):
        if index not in matched_new:
            rest.append(StepChange("added", None, step.number, step.id, None, step.text))
            continue
        before = old[new_to_old[index]]
        reworded = before.text != step.text
        moved = index not in in_order or before.depth != step.depth
        fields = tuple(
            name for name in STEP_FIELDS if _step_value(before, name) != _step_value(step, name)
        )
        if reworded or moved or fields:
            rest.append(
                StepChange(
                    "changed",
                    before.number,
                    step.number,
                    step.id or before.id,
                    before.text,
                    step.text,
                    reworded,
                    moved,
                    fields,
                )
            )
    return tuple(removed + rest)


def _step_value(step: Step, name: str) -> Any:
    if name == "options":  # the options' own steps are compared as steps
        return tuple((option.when, option.goto) for option in step.options)
    return getattr(step, name)


def _match_steps(old: Sequence[Step], new: Sequence[Step]) -> dict[int, int]:
    """old index → new index."""
    pairs: dict[int, int] = {}
    new_by_id = {step.id: index for index, step in enumerate(new) if step.id}
    for index, step in enumerate(old):
        if step.id and step.id in new_by_id:
            pairs[index] = new_by_id[step.id]
    taken = set(pairs.values())
    # Identical text next, first come first served, so repeated texts pair in order.
    for index, step in enumerate(old):
        if index in pairs:
            continue
        for other, candidate in enumerate(new):
            if (
                other not in taken
                and candidate.text == step.text
                and not (step.id and candidate.id)
            ):
                pairs[index] = other
                taken.add(other)
                break
    # Then the most similar remaining pairs, best first (ties: document order).
    scored = []
    for index, step in enumerate(old):
        if index in pairs:
            continue
        for other, candidate in enumerate(new):
            if other in taken or (step.id and candidate.id):
                continue  # two different ids are two different steps
            ratio = difflib.SequenceMatcher(None, step.text, candidate.text, autojunk=False).ratio()
            if ratio >= SIMILAR_ENOUGH:
                scored.append((-ratio, index, other))
    for _, index, other in sorted(scored):
        if index not in pairs and other not in taken:
            pairs[index] = other
            taken.add(other)
    return pairs


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """The values of one longest increasing subsequence: the steps that kept their order
    (the rest moved)."""
    if not values:
        return set()
    lengths = [1] * len(values)
    previous = [-1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i] and lengths[j] + 1 > lengths[i]:
                lengths[i], previous[i] = lengths[j] + 1, j
    best = max(range(len(values)), key=lambda i: (lengths[i], -i))
    kept = set()
    while best != -1:
        kept.add(values[best])
        best = previous[best]
    return kept


# --- fields ----------------------------------------------------------------------------------


def _field_changes(old: Any, new: Any, names: Sequence[str]) -> tuple[FieldChange, ...]:
    changes = []
    for name in names:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        listed = isinstance(before, tuple) or isinstance(after, tuple)
        changes.append(FieldChange(name, _display(before), _display(after), listed))
    return tuple(changes)


def _display(value: Any) -> tuple[str, ...]:
    """A field's value as display text: one string per list item, () when absent."""
    if value is None:
        return ()
    if isinstance(value, tuple):
        return tuple(_item_text(item) for item in value)
    return (_item_text(value),)


def _item_text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # "Ham: 3 slices (exactly)"-like text from the item's fields, in declaration order.
        parts = [_item_text(v) for v in dataclasses.astuple(value) if v not in (None, "", ())]
        return ": ".join(parts[:2]) + (f" ({'; '.join(parts[2:])})" if parts[2:] else "")
    return str(value)


def _id_key(procedure_id: str) -> tuple[str, int, str]:
    prefix, _, number = procedure_id.rpartition("-")
    return prefix, int(number) if number.isdigit() else 0, procedure_id

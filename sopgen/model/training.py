"""Who must sign what, and who is current or due: sign-offs against material revisions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sopgen.model import Change, Manual, Person, Procedure, SignOff


class TrainingState(StrEnum):
    CURRENT = "current"
    DUE = "due"
    NOT_REQUIRED = "not-required"


@dataclass(frozen=True)
class Requirement:
    """One procedure a person must sign, and where they stand on it."""

    person: Person
    procedure: Procedure
    state: TrainingState  # CURRENT or DUE
    signed: SignOff | None  # their latest sign-off of a revision the procedure had, if any
    since: tuple[Change, ...]  # when due: the changes since what they signed, newest first


@dataclass(frozen=True)
class PersonTraining:
    person: Person
    due: tuple[Requirement, ...]
    current: tuple[Requirement, ...]


def revision_history(procedure: Procedure) -> list[str]:
    """The procedure's revisions, oldest first: its `changes` by date (the file lists them
    newest first, which breaks ties), then the current revision if no entry names it."""
    order: list[str] = []
    for change in sorted(reversed(procedure.changes), key=_change_date):
        if change.revision not in order:
            order.append(change.revision)
    if procedure.revision in order:
        order.remove(procedure.revision)
    order.append(procedure.revision)  # the current revision is the latest, whatever the dates
    return order


def _change_date(change: Change) -> date:
    return change.date


def changes_after(
    procedure: Procedure, revision: str | None, order: list[str] | None = None
) -> tuple[Change, ...]:
    """The changes entries of revisions after ``revision`` (all of them for None), newest
    first, as the file lists them."""
    rank = {rev: index for index, rev in enumerate(order or revision_history(procedure))}
    floor = rank.get(revision, -1) if revision is not None else -1
    return tuple(c for c in procedure.changes if rank.get(c.revision, -1) > floor)


def material_revision(procedure: Procedure, order: list[str] | None = None) -> str:
    """The latest revision that was not editorial: signing it or any later one is current.

    A revision without a `changes` entry counts as material: nobody said it was editorial.
    """
    order = order or revision_history(procedure)
    editorial = {c.revision for c in procedure.changes if c.editorial}
    material = {c.revision for c in procedure.changes if not c.editorial}
    for revision in reversed(order):
        if revision in material or revision not in editorial:
            return revision
    return order[0]  # every change editorial: the first one counts


def sheet_changes(procedure: Procedure) -> tuple[Change, ...]:
    """What a sign-off sheet lists: the changes since the previous material revision, that is
    the latest material revision's entry and the editorial ones after it, newest first."""
    order = revision_history(procedure)
    floor = order.index(material_revision(procedure, order))
    previous = order[floor - 1] if floor > 0 else None
    return changes_after(procedure, previous, order)


def names_role(procedure: Procedure, roles: Iterable[str]) -> bool:
    """Whether the procedure's roles, or any step's role or verify.by, name one of ``roles``."""
    wanted = set(roles)
    if wanted.intersection(procedure.roles):
        return True
    for step in procedure.all_steps():
        if step.role in wanted or (step.verify is not None and step.verify.by in wanted):
            return True
    return False


def must_sign(person: Person, procedure: Procedure) -> bool:
    """An active person signs every effective procedure that names one of their roles."""
    return person.active and procedure.is_current and names_role(procedure, person.roles)


def requirement(person: Person, procedure: Procedure, signoffs: Iterable[SignOff]) -> Requirement:
    """Current when the person signed the current revision or one after which every change is
    editorial; otherwise due."""
    order = revision_history(procedure)
    rank = {rev: index for index, rev in enumerate(order)}
    theirs = [
        s
        for s in signoffs
        if s.person == person.id and s.procedure == procedure.id and s.revision in rank
    ]
    latest = max(theirs, key=lambda s: (rank[s.revision], s.date), default=None)
    needed = rank[material_revision(procedure, order)]
    if latest is not None and rank[latest.revision] >= needed:
        return Requirement(person, procedure, TrainingState.CURRENT, latest, ())
    # Never signed: what the sign-off sheet shows (the last material change and what followed).
    since = changes_after(procedure, latest.revision, order) if latest else sheet_changes(procedure)
    return Requirement(person, procedure, TrainingState.DUE, latest, since)


def training_state(manual: Manual, person: Person, procedure: Procedure) -> TrainingState:
    if not must_sign(person, procedure):
        return TrainingState.NOT_REQUIRED
    return requirement(person, procedure, manual.signoffs).state


def people_training(
    manual: Manual, person_ids: Iterable[str] | None = None
) -> list[PersonTraining]:
    """Per person (people.yaml's order; leavers only when asked for by id), what is due and
    what is current, each in the manual's procedure order."""
    wanted = set(person_ids) if person_ids is not None else None
    by_person: dict[str, list[SignOff]] = {}
    for signoff in manual.signoffs:
        by_person.setdefault(signoff.person, []).append(signoff)
    found = []
    for person in manual.people:
        if (wanted is None and not person.active) or (
            wanted is not None and person.id not in wanted
        ):
            continue
        own = by_person.get(person.id, [])
        items = [
            requirement(person, procedure, own)
            for procedure in manual.procedures
            if must_sign(person, procedure)
        ]
        found.append(
            PersonTraining(
                person,
                tuple(i for i in items if i.state is TrainingState.DUE),
                tuple(i for i in items if i.state is TrainingState.CURRENT),
            )
        )
    return found


def signers(manual: Manual, procedure: Procedure) -> list[tuple[Person, tuple[str, ...]]]:
    """The active people who must sign ``procedure``, with their roles that it names."""
    named = set(procedure.roles)
    for step in procedure.all_steps():
        named.update(r for r in (step.role, step.verify.by if step.verify else None) if r)
    return [
        (person, tuple(r for r in person.roles if r in named))
        for person in manual.people
        if must_sign(person, procedure)
    ]


def any_due(trainings: Iterable[PersonTraining]) -> bool:
    return any(training.due for training in trainings)

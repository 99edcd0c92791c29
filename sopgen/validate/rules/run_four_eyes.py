"""run-four-eyes: a run's checks were signed, by someone other than the person who ran it."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.model.runs import missed_checks, same_person, steps_by_key
from sopgen.problems import Problem, Severity
from sopgen.validate.rules import Sources, run_label, step_label

ID = "run-four-eyes"


def check(sources: Sources) -> Iterator[Problem]:
    """In a run record, `checked_by` is never the initials of the person who ran it (`by`):
    an error, since a check by the doer is no check. Initials compare without case, dots or
    spaces ("j.m." is "JM"). A step with a `verify` that a finished run of the current revision
    reached but nobody signed is a missed check (a warning, which `--strict` counts): the checker
    adds their `checked_by` and `checked` when they do it.
    """
    for document, run, procedure in sources.run_records:
        keys = steps_by_key(procedure) if procedure else {}
        for entry in run.entries:
            if entry.checked_by and same_person(entry.checked_by, run.by):
                step = keys.get(entry.step)
                label = step_label(step.number, step.id) if step else f"step `{entry.step}`"
                message = (
                    f"{label} was checked by `{entry.checked_by}`, who ran it (`by: {run.by}`); "
                    "a second person must check it."
                )
                yield document.problem(("steps", entry.index, "checked_by"), ID, message)
        if procedure is None or run.revision != procedure.revision or run.finished is None:
            continue
        for step in missed_checks(procedure, run):
            label = step_label(step.number, step.id)
            message = f"{run_label(run)} reached {label}, but nobody signed its check."
            yield document.problem(("steps",), ID, message, severity=Severity.WARNING, key=True)

"""run-ref: a run record names a procedure, a revision, steps and answers that exist."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sopgen.model.limits import parse_number, step_limit
from sopgen.model.runs import steps_by_key
from sopgen.problems import Problem
from sopgen.validate.rules import Sources, step_label

ID = "run-ref"


def check(sources: Sources) -> Iterator[Problem]:
    """A run record under `runs/` names a procedure of the manual and one of its revisions (the
    current `revision` or one in its `changes`). When it is the current revision, each entry's
    `step` is a step of the procedure (its id, or its number when it has none), `chose` is
    one of that decision's options (its `when`, exactly), and a step with a `measure` has a
    number as its `value`.

    Fix: records are written by the site's Run mode; a hand-edited record must keep its names.
    A run of an older revision is checked for its procedure and revision only: its steps are
    those of that revision, which the manual no longer holds.
    """
    ids = sorted(sources.procedure_ids)
    for document, run, procedure in sources.run_records:
        if procedure is None:
            guess = difflib.get_close_matches(run.procedure, ids, n=1)
            hint = f"did you mean `{guess[0]}`?" if guess else "check the id."
            message = f"No procedure has the id `{run.procedure}`; {hint}"
            yield document.problem(("procedure",), ID, message)
            continue
        earlier = [change.revision for change in procedure.changes]
        if run.revision != procedure.revision and run.revision not in earlier:
            known = ", ".join(dict.fromkeys([procedure.revision, *earlier]))
            message = (
                f"{procedure.id} has no revision `{run.revision}`; its revisions are: {known} "
                f"(current: {procedure.revision})."
            )
            yield document.problem(("revision",), ID, message)
            continue
        if run.revision != procedure.revision:
            continue
        keys = steps_by_key(procedure)
        for entry in run.entries:
            step = keys.get(entry.step)
            if step is None:
                named = sorted({s.id or s.number for s in procedure.all_steps()})
                guess = difflib.get_close_matches(entry.step, named, n=1)
                hint = f"did you mean `{guess[0]}`?" if guess else "steps: " + ", ".join(named)
                message = (
                    f"{procedure.id} revision {run.revision} has no step `{entry.step}`; {hint}"
                )
                yield document.problem(("steps", entry.index, "step"), ID, message)
                continue
            where = ("steps", entry.index)
            label = step_label(step.number, step.id)
            if entry.chose is not None:
                answers = [option.when for option in step.options]
                if not step.is_decision:
                    message = f"{label} is not a decision; remove `chose`."
                    yield document.problem((*where, "chose"), ID, message)
                elif entry.chose not in answers:
                    listed = ", ".join(f"`{answer}`" for answer in answers)
                    message = f"`{entry.chose}` is not an answer of {label}; its options: {listed}."
                    yield document.problem((*where, "chose"), ID, message)
            limit = step_limit(procedure, step)
            if limit is not None and entry.value is not None and parse_number(entry.value) is None:
                message = (
                    f'The value of {label} (`{limit.name}`) must be a number, like "39.5"; '
                    f"got `{entry.value}`."
                )
                yield document.problem((*where, "value"), ID, message)

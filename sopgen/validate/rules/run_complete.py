"""run-complete: a finished run did every step its decisions led to."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.model.limits import step_limit
from sopgen.model.runs import run_path, steps_by_key
from sopgen.problems import Problem, Severity
from sopgen.validate.rules import Sources, run_label, step_label

ID = "run-complete"


def check(sources: Sources) -> Iterator[Problem]:
    """A run of the current revision did every step it reached: from the first step, following
    the answers it recorded at each decision (and their `goto`), every step is ticked (`done`),
    every decision answered (`chose`) and every step with a `measure` has a `value`. Steps an
    answer skipped are not required.

    Fix: the record is what happened. If a step really was missed, say so in the run's `note`
    and let the owner decide; do not tick it afterwards. A run without `finished` (saved before
    its end) gets one warning instead.
    """
    for document, run, procedure in sources.run_records:
        if procedure is None or run.revision != procedure.revision:
            continue  # run-ref reports these
        if run.finished is None:
            message = f"{run_label(run)} was not finished: it has no `finished` time."
            yield document.problem(("started",), ID, message, severity=Severity.WARNING)
            continue
        keys = steps_by_key(procedure)
        done = {id(keys[e.step]) for e in run.entries if e.done and e.step in keys}
        valued = {id(keys[e.step]) for e in run.entries if e.value and e.step in keys}
        path = run_path(procedure, run)
        reported: set[int] = set()
        for step in path.reached:
            if step.is_decision or id(step) in reported:
                continue
            label = step_label(step.number, step.id)
            if id(step) not in done:
                reported.add(id(step))
                message = f"{run_label(run)} did not tick {label}, which its answers required."
                yield document.problem(("steps",), ID, message, key=True)
            elif step_limit(procedure, step) is not None and id(step) not in valued:
                reported.add(id(step))
                message = f"{run_label(run)} has no `value` for {label} (`{step.measure}`)."
                yield document.problem(("steps",), ID, message, key=True)
        if path.undecided is not None:
            label = step_label(path.undecided.number, path.undecided.id)
            message = f"{run_label(run)} has no answer (`chose`) for the decision at {label}."
            yield document.problem(("steps",), ID, message, key=True)

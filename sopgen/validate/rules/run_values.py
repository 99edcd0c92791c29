"""run-values: a reading in a run outside its spec, or past its metric's investigate_when."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.model.runs import limit_text, readings
from sopgen.problems import Problem, Severity
from sopgen.validate.rules import Sources, run_label, step_label

ID = "run-values"
SEVERITY = Severity.WARNING


def check(sources: Sources) -> Iterator[Problem]:
    """A value entered at a step with a `measure` is inside the spec's range (or short of the
    metric's `investigate_when`). One outside is a warning that names the run, the step and the
    value: the record is true and the manual did its job by catching it, so the file is not
    wrong. `--strict` does not fail on it, for the same reason it does not fail on an overdue
    review; `sopgen runs` lists these runs first.

    What to do: what the procedure says for an out-of-range reading (its decision or the
    metric's investigation), then keep the record as it is.
    """
    for document, run, procedure in sources.run_records:
        if procedure is None or run.revision != procedure.revision:
            continue
        for reading in readings(procedure, run):
            if not reading.outside:
                continue
            limit = reading.limit
            what = "outside the spec" if limit.kind == "spec" else "past investigate_when of"
            unit = f" {reading.entry.unit or limit.unit}".rstrip()
            message = (
                f"{run_label(run)}: {step_label(reading.step.number, reading.step.id)} read "
                f"{reading.entry.value}{unit}, {what} `{limit.name}` ({limit_text(limit)})."
            )
            where = ("steps", reading.entry.index, "value")
            yield document.problem(where, ID, message, severity=SEVERITY)

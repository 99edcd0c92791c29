"""spec-ref: a step's `measure` names a spec or metric of its procedure that has a number."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from sopgen.model import Metric, Spec
from sopgen.model.limits import Limit, metric_limit, spec_limit
from sopgen.problems import Problem, Severity
from sopgen.validate.rules import Sources

ID = "spec-ref"


def check(sources: Sources) -> Iterator[Problem]:
    """A step's `measure` is exactly the `item` of one of the procedure's `specs` or the `name`
    of one of its `metrics`: Run mode asks for the reading at that step and compares it with
    the spec's value and tolerance ("41 °F (5 °C) or below", "32 °F" with "± 2 °F", "$200.00"
    exactly, "6–10 °F") or the metric's `investigate_when` ("More than $5.00 …").

    Fix: copy the spec's item (or the metric's name) into `measure`. A warning when the spec has
    no number Run mode can compare with (a value in words only): the reading is then recorded
    but never flagged; write the value as a number with its unit.
    """
    for document in sources.procedures:
        data = document.data
        measures = [
            (where, step["measure"])
            for where, step, _ in sources.steps(data)
            if step.get("measure") is not None
        ]
        # Reading the numbers in every spec is most of this rule's time, and most procedures
        # have specs but no step that takes a reading.
        limits = _limits(data) if measures else {}
        for where, name in measures:
            limit = limits.get(name)
            if limit is None:
                guess = difflib.get_close_matches(name, list(limits), n=1, cutoff=0.5)
                hint = (
                    f"did you mean `{guess[0]}`?"
                    if guess
                    else "add a spec with that `item` (or a metric with that `name`)."
                )
                message = f"No spec or metric of this procedure is called `{name}`; {hint}"
                yield document.problem((*where, "measure"), ID, message)
            elif not limit.checks:
                yield document.problem(
                    (*where, "measure"),
                    ID,
                    f"`{name}` has no number to compare a reading with (`{limit.text}`); write "
                    'its value as a number with its unit, like "41 °F or below" or "70 g" with '
                    'tolerance "± 5 g".',
                    severity=Severity.WARNING,
                )


def _limits(data: dict[str, Any]) -> dict[str, Limit]:
    """The procedure's specs by item, then its metrics by name (a spec wins a shared name)."""
    limits = {
        spec["item"]: spec_limit(Spec(spec["item"], spec["value"], spec.get("tolerance", "")))
        for spec in data.get("specs", [])
    }
    for metric in data.get("metrics", []):
        limits.setdefault(
            metric["name"],
            metric_limit(Metric(metric["name"], metric["target"], metric["investigate_when"])),
        )
    return limits

"""critical-why: a critical step says why it matters."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "critical-why"


def check(sources: Sources) -> Iterator[Problem]:
    """A step marked `critical: true` has a `why`.

    People skip the steps whose reason they do not know; a critical step is the one that must
    never be skipped. Fix: add `why:` with the harm that skipping it causes.
    """
    for document in sources.procedures:
        for where, step, _ in sources.steps(document.data):
            if step.get("critical") is True and not step.get("why"):
                yield document.problem(
                    (*where, "critical"),
                    ID,
                    "A critical step needs a `why`: add `why:` saying what goes wrong if it is "
                    "skipped.",
                    key=True,
                )

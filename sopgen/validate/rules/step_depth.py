"""step-depth: steps nest at most three levels deep."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "step-depth"
MAX_DEPTH = 3


def check(sources: Sources) -> Iterator[Problem]:
    """Steps, `substeps` and the steps inside a decision's options nest at most three levels
    (3, 3.1, 3.1.1). Deeper than that, people lose their place, on screen and on paper.

    Fix: make the deep part a procedure of its own and point to it with `see:`.
    """
    for document in sources.procedures:
        for where, _, depth in sources.steps(document.data):
            if depth == MAX_DEPTH + 1:
                yield document.problem(
                    where,
                    ID,
                    f"This step is nested {depth} levels deep; the limit is {MAX_DEPTH}. Move it "
                    "into a procedure of its own and refer to it with `see:`.",
                )

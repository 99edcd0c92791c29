"""unique-step-id: step ids are unique within a procedure."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources, Where

ID = "unique-step-id"


def check(sources: Sources) -> Iterator[Problem]:
    """Each step `id` is used once per procedure, substeps and decision options included, because
    `goto`, recurring questions and links to a step find it by its id.

    Fix: rename one of the steps (ids are lower-case words joined by hyphens).
    """
    for document in sources.procedures:
        # Where each id was first used; its line is looked up only for a duplicate, so a clean
        # file never needs its node tree (see Document.tree).
        first_use: dict[str, Where] = {}
        for where, step, _ in sources.steps(document.data):
            step_id = step.get("id")
            if step_id is None:
                continue
            if step_id in first_use:
                first_line = document.position((*first_use[step_id], "id"))[0]
                yield document.problem(
                    (*where, "id"),
                    ID,
                    f"Step id `{step_id}` is already used at line {first_line}; "
                    "rename one of them.",
                )
            else:
                first_use[step_id] = where

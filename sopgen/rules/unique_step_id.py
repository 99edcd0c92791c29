"""unique-step-id: step ids are unique within a procedure."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.rules import Sources, iter_steps

ID = "unique-step-id"


def check(sources: Sources) -> Iterator[Problem]:
    """Each step `id` is used once per procedure, substeps and decision options included, because
    `goto`, recurring questions and links to a step find it by its id.

    Fix: rename one of the steps (ids are lower-case words joined by hyphens).
    """
    for document in sources.procedures:
        first_line: dict[str, int] = {}
        for where, step, _ in iter_steps(document.data):
            step_id = step.get("id")
            if step_id is None:
                continue
            if step_id in first_line:
                yield document.problem(
                    (*where, "id"),
                    ID,
                    f"Step id `{step_id}` is already used at line {first_line[step_id]}; "
                    "rename one of them.",
                )
            else:
                first_line[step_id] = document.position((*where, "id"))[0]

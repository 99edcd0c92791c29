"""step-ref: `goto` and a recurring question's `step` name a step of the same procedure."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources, Where

ID = "step-ref"


def check(sources: Sources) -> Iterator[Problem]:
    """A decision option's `goto` and a recurring question's `step` are ids of steps in the same
    procedure.

    Fix: give the target step an `id:` (a slug such as `escalate`) and use exactly that id.
    """
    for document in sources.procedures:
        step_ids = sorted({s["id"] for _, s, _ in sources.steps(document.data) if "id" in s})
        targets: list[tuple[Where, str]] = []
        for where, step, _ in sources.steps(document.data):
            for number, option in enumerate(step.get("options", [])):
                if "goto" in option:
                    targets.append(((*where, "options", number, "goto"), option["goto"]))
        for number, question in enumerate(document.data.get("recurring_questions", [])):
            if "step" in question:
                targets.append((("recurring_questions", number, "step"), question["step"]))
        for where, target in targets:
            if target in step_ids:
                continue
            guess = difflib.get_close_matches(target, step_ids, n=1)
            hint = (
                f"did you mean `{guess[0]}`?"
                if guess
                else (
                    "step ids here: " + ", ".join(step_ids) + "."
                    if step_ids
                    else "no step has an `id:` yet; add one to the target step."
                )
            )
            yield document.problem(where, ID, f"No step has the id `{target}`; {hint}")

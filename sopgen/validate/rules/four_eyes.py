"""four-eyes: the checker is not the doer, and the approver is not the owner (warning)."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.problems import Problem, Severity
from sopgen.validate.rules import Sources

ID = "four-eyes"
SEVERITY = Severity.WARNING


def check(sources: Sources) -> Iterator[Problem]:
    """A `verify.by` role differs from the role that performs the step, and `approved_by` differs
    from `owner`: a second person sees what the first one missed.

    The step's role is its own `role`, or the procedure's only role when it lists one. A warning,
    because a one-person shop may have no second person. Fix: name a different role.
    """
    for document in sources.procedures:
        data = document.data
        if data.get("approved_by") == data["owner"]:
            yield document.problem(
                ("approved_by",),
                ID,
                f"`approved_by` is the owner `{data['owner']}`; have a different role approve it.",
                severity=SEVERITY,
            )
        roles = data.get("roles", [])
        default_role = roles[0] if len(roles) == 1 else None
        for where, step, _ in sources.steps(data):
            verify = step.get("verify")
            doer = step.get("role", default_role)
            if verify and verify["by"] == doer:
                yield document.problem(
                    (*where, "verify", "by"),
                    ID,
                    f"`verify.by` is `{doer}`, the role that does this step; a second role "
                    "must check it.",
                    severity=SEVERITY,
                )

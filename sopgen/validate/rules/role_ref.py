"""role-ref: every role a procedure names is defined in manual.yaml."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources, Where

ID = "role-ref"


def check(sources: Sources) -> Iterator[Problem]:
    """`owner`, `approved_by`, `roles`, a step's `role`, `verify.by` and `changes[].by` name roles
    defined under `roles:` in manual.yaml.

    Fix: use a role id from manual.yaml (the message suggests the closest one), or add the role
    there with a title and description.
    """
    known = sources.role_ids
    for document in sources.procedures:
        data = document.data
        for where, role in _role_uses(data, sources):
            if role not in known:
                guess = difflib.get_close_matches(role, sorted(known), n=1)
                hint = f"did you mean `{guess[0]}`?" if guess else "add it to manual.yaml."
                yield document.problem(
                    where, ID, f"Role `{role}` is not defined in manual.yaml; {hint}"
                )


def _role_uses(data: dict, sources: Sources) -> list[tuple[Where, str]]:  # type: ignore[type-arg]
    uses: list[tuple[Where, str]] = [(("owner",), data["owner"])]
    if "approved_by" in data:
        uses.append((("approved_by",), data["approved_by"]))
    uses += [(("roles", i), role) for i, role in enumerate(data.get("roles", []))]
    for where, step, _ in sources.steps(data):
        if "role" in step:
            uses.append(((*where, "role"), step["role"]))
        if "verify" in step:
            uses.append(((*where, "verify", "by"), step["verify"]["by"]))
    uses += [
        (("changes", i, "by"), change["by"])
        for i, change in enumerate(data.get("changes", []))
        if "by" in change
    ]
    return uses

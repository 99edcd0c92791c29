"""people-role: every role a person has is defined in manual.yaml."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "people-role"


def check(sources: Sources) -> Iterator[Problem]:
    """Each role in a person's `roles` in `people.yaml` is a role id from manual.yaml: it decides
    which procedures they must sign. A role that no procedure uses is fine (nothing to sign yet).

    Fix: use a role id from manual.yaml (the message suggests the closest one), or add the role
    there.
    """
    people = sources.people
    if people is None:
        return
    known = sorted(sources.role_ids)
    for index, person in enumerate(people.data):
        for number, role in enumerate(person.get("roles", [])):
            if role in sources.role_ids:
                continue
            guess = difflib.get_close_matches(role, known, n=1)
            hint = f"did you mean `{guess[0]}`?" if guess else f"roles: {', '.join(known)}."
            yield people.problem(
                (index, "roles", number), ID, f"Role `{role}` is not defined in manual.yaml; {hint}"
            )

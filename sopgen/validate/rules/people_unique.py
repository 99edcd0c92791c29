"""people-unique: no two people in people.yaml share an id."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "people-unique"


def check(sources: Sources) -> Iterator[Problem]:
    """Each person in `people.yaml` has an `id` of their own: it names their sign-off file
    (`signoffs/<id>.yaml`) and is how a trainer is named, so two people with one id would share
    one training record.

    Fix: give one of them another id (for example with an initial: `ana-r`). Never reuse a
    leaver's id: set `active: false` on the leaver and give the new person a new id.
    """
    people = sources.people
    if people is None:
        return
    first_line: dict[str, int] = {}
    for index, person in enumerate(people.data):
        where = (index, "id")
        if person["id"] in first_line:
            yield people.problem(
                where,
                ID,
                f"The person id `{person['id']}` is already used at line "
                f"{first_line[person['id']]}; give one of them another id.",
            )
        else:
            first_line[person["id"]] = people.position(where)[0]

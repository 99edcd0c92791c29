"""signoff-person: each sign-off file is named after a person in people.yaml."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.records import person_of
from sopgen.validate.rules import Sources

ID = "signoff-person"


def check(sources: Sources) -> Iterator[Problem]:
    """A file `signoffs/<id>.yaml` holds the sign-offs of the person with that `id` in
    `people.yaml`, beside `manual.yaml`.

    Fix: rename the file to the person's id (the message suggests the closest one), add the
    person to `people.yaml`, or create `people.yaml` if the manual has none.
    """
    if not sources.signoffs:
        return
    if sources.people is None and sources.people_present:
        return  # people.yaml has errors of its own: they are reported there
    known = sources.person_ids
    for document in sources.signoffs:
        person = person_of(document)
        if person in known:
            continue
        if sources.people is None:
            message = (
                f"Sign-offs for `{person}`, but the manual has no people.yaml: create it beside "
                f"manual.yaml with `- id: {person}`, `name:` and `roles:`."
            )
        else:
            guess = difflib.get_close_matches(person, known, n=1)
            hint = (
                f"did you mean `{guess[0]}` (rename the file to {guess[0]}.yaml)?"
                if guess
                else "add them to people.yaml or rename the file to a person's id."
            )
            message = f"No person `{person}` in people.yaml; {hint}"
        yield document.problem((), ID, message)

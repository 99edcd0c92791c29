"""signoff-trainer: a trainer is another person in people.yaml."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.records import person_of
from sopgen.validate.rules import Sources

ID = "signoff-trainer"


def check(sources: Sources) -> Iterator[Problem]:
    """A sign-off's `trainer` is the id of a person in `people.yaml` who is not the person
    signing: training is given by someone else.

    Fix: write the trainer's id from people.yaml (the message suggests the closest one); if
    the person learnt it alone, use `method: read`.
    """
    if sources.people is None:
        return  # without people.yaml, signoff-person already says what to do
    known = sources.person_ids
    for document in sources.signoffs:
        person = person_of(document)
        for index, entry in enumerate(document.data):
            trainer = entry.get("trainer")
            if trainer is None:
                continue
            where = (index, "trainer")
            if trainer == person:
                yield document.problem(
                    where,
                    ID,
                    f"`{person}` cannot be their own trainer; name who trained them, or use "
                    "`method: read`.",
                )
            elif trainer not in known:
                guess = difflib.get_close_matches(trainer, known, n=1)
                hint = f"did you mean `{guess[0]}`?" if guess else "add them to people.yaml."
                yield document.problem(where, ID, f"No person `{trainer}` in people.yaml; {hint}")

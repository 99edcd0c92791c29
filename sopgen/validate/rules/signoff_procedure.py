"""signoff-procedure: every sign-off names a procedure of the manual."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "signoff-procedure"


def check(sources: Sources) -> Iterator[Problem]:
    """A sign-off's `procedure` is the id of a procedure in the manual (retired ones included:
    old records stay valid).

    Fix: correct the id (the message suggests the closest one).
    """
    known = sources.procedure_ids
    for document in sources.signoffs:
        for index, entry in enumerate(document.data):
            procedure = entry["procedure"]
            if procedure in known:
                continue
            guess = difflib.get_close_matches(procedure, sorted(known), n=1)
            hint = f"did you mean `{guess[0]}`?" if guess else "check the id on the sheet."
            yield document.problem(
                (index, "procedure"), ID, f"No procedure `{procedure}` in the manual; {hint}"
            )

"""signoff-date: a sign-off is dated between its revision's effective date and today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "signoff-date"


def revision_start(procedure: dict[str, Any], revision: str) -> date | None:
    """When a revision took effect: the procedure's `effective` date for its current revision
    (else its `changes` entry's date); for an earlier revision, its `changes` entry's date."""
    if str(procedure["revision"]) == revision and "effective" in procedure:
        return date.fromisoformat(procedure["effective"])
    for change in procedure.get("changes", []):
        if str(change["revision"]) == revision:
            return date.fromisoformat(change["date"])
    return None


def check(sources: Sources) -> Iterator[Problem]:
    """A sign-off's `date` is not in the future, and not before the revision it signs took
    effect (the procedure's `effective` date for its current revision, else the date of the
    revision's `changes` entry): nobody can sign a revision before it exists.

    Fix: write the date the person signed the sheet. Training ahead of a new revision is
    signed on the day it takes effect.
    """
    for document in sources.signoffs:
        for index, entry in enumerate(document.data):
            signed = date.fromisoformat(entry["date"])
            where = (index, "date")
            if signed > sources.today:
                yield document.problem(
                    where,
                    ID,
                    f"The date {signed.isoformat()} is in the future (today is "
                    f"{sources.today.isoformat()}); write the day the sheet was signed.",
                )
                continue
            procedure = sources.procedure_data.get(entry["procedure"])
            start = revision_start(procedure, str(entry["revision"])) if procedure else None
            if start is not None and signed < start:
                yield document.problem(
                    where,
                    ID,
                    f"Signed {signed.isoformat()}, before revision {entry['revision']} of "
                    f"{entry['procedure']} took effect on {start.isoformat()}; check the date "
                    "or the revision on the sheet.",
                )

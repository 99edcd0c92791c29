"""signoff-revision: every sign-off names a revision its procedure has had."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "signoff-revision"


def revisions_of(procedure: dict[str, Any]) -> list[str]:
    """Its current revision, then each revision its `changes` name, newest first."""
    found = [str(procedure["revision"])]
    for change in procedure.get("changes", []):
        if str(change["revision"]) not in found:
            found.append(str(change["revision"]))
    return found


def check(sources: Sources) -> Iterator[Problem]:
    """A sign-off's `revision` is one the procedure has had: its current `revision` or one
    named in its `changes`.

    Fix: write the revision printed on the sign-off sheet; `sopgen sign` fills in the current
    one.
    """
    for document in sources.signoffs:
        for index, entry in enumerate(document.data):
            procedure = sources.procedure_data.get(entry["procedure"])
            if procedure is None:
                continue  # signoff-procedure reports it (or its file has errors)
            known = revisions_of(procedure)
            revision = str(entry["revision"])
            if revision in known:
                continue
            yield document.problem(
                (index, "revision"),
                ID,
                f"{entry['procedure']} never had revision `{revision}`; its revisions are "
                f"{', '.join(known)} (current: {known[0]}).",
            )

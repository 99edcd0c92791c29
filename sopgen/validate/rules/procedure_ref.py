"""procedure-ref: `related`, `see`, `supersedes` and `superseded_by` name existing procedures."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from sopgen.problems import Problem
from sopgen.validate.rules import Sources, Where

ID = "procedure-ref"


def check(sources: Sources) -> Iterator[Problem]:
    """Every procedure id in `related`, a step's `see`, `supersedes` and `superseded_by` is the id
    of a procedure in the manual (a retired one counts: it stays in the manual).

    Fix: correct the id, or remove the reference if that procedure was never written.
    """
    known = sources.procedure_ids
    for document in sources.procedures:
        own_id = document.data["id"]
        for where, target in _references(document.data, sources):
            if target == own_id:
                yield document.problem(where, ID, f"`{target}` refers to this procedure itself.")
            elif target not in known:
                guess = difflib.get_close_matches(target, sorted(known), n=1)
                hint = f" Did you mean `{guess[0]}`?" if guess else ""
                yield document.problem(where, ID, f"No procedure has the id `{target}`.{hint}")


def _references(data: dict[str, Any], sources: Sources) -> list[tuple[Where, str]]:
    found: list[tuple[Where, str]] = [
        (("related", i), target) for i, target in enumerate(data.get("related", []))
    ]
    found += [((key,), data[key]) for key in ("supersedes", "superseded_by") if key in data]
    found += [
        ((*where, "see"), step["see"]) for where, step, _ in sources.steps(data) if "see" in step
    ]
    return found

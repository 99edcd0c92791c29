"""superseded-by-retired: only a retired procedure has `superseded_by`."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "superseded-by-retired"


def check(sources: Sources) -> Iterator[Problem]:
    """`superseded_by` says "use that procedure instead", which only makes sense once this one is
    retired; an effective procedure with a successor leaves staff with two procedures in force.

    Fix: set `status: retired` on this procedure, or remove `superseded_by`.
    """
    for document in sources.procedures:
        status = document.data["status"]
        if "superseded_by" in document.data and status != "retired":
            yield document.problem(
                ("superseded_by",),
                ID,
                f"`superseded_by` is set but the status is `{status}`: set `status: retired`, "
                "or remove `superseded_by`.",
            )

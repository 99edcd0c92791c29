"""id-prefix: a procedure id starts with its category's prefix (warning)."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.problems import Problem, Severity
from sopgen.validate.rules import Sources

ID = "id-prefix"
SEVERITY = Severity.WARNING


def check(sources: Sources) -> Iterator[Problem]:
    """A procedure's id starts with the `prefix` of its category, so CS-004 is in Customer service.

    A warning: the manual still builds, but staff use the prefix to guess where a procedure
    lives. Fix: move the procedure to the category its id names, or give it a new id with the
    right prefix (and list the old id in `supersedes` if the old one was ever printed).
    """
    categories = sources.categories
    for document in sources.procedures:
        category = categories.get(document.data["category"])
        if category is None:
            continue  # category-ref reports it
        procedure_id: str = document.data["id"]
        if procedure_id.rpartition("-")[0] != category["prefix"]:
            yield document.problem(
                ("id",),
                ID,
                f"Id `{procedure_id}` does not start with `{category['prefix']}-`, the prefix of "
                f"category `{category['id']}`.",
                severity=SEVERITY,
            )

"""category-ref: a procedure's category is defined in manual.yaml."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "category-ref"


def check(sources: Sources) -> Iterator[Problem]:
    """The `category` of every procedure is the id of a category in manual.yaml.

    Fix: use one of the ids listed under `categories:` in manual.yaml, or add the category
    there first (with its title and id prefix). A category's folder in the manual folder (named
    as its id) must be a folder, not a file.
    """
    for index, category in enumerate(sources.manual.data["categories"]):
        folder = sources.manual_dir / category["id"]
        if folder.exists() and not folder.is_dir():
            yield sources.manual.problem(
                ("categories", index, "id"),
                ID,
                f"{folder.as_posix()} is a file, but the category `{category['id']}` keeps its "
                "procedures in a folder of that name: rename or move the file.",
            )
    known = sources.categories
    for document in sources.procedures:
        category = document.data["category"]
        if category not in known:
            guess = difflib.get_close_matches(category, list(known), n=1)
            hint = f"did you mean `{guess[0]}`?" if guess else "known: " + ", ".join(known) + "."
            yield document.problem(
                ("category",),
                ID,
                f"Category `{category}` is not defined in manual.yaml; {hint}",
            )

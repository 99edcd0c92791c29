"""manual-unique: category ids, prefixes, role ids and glossary terms are unique in manual.yaml,
and no id takes the name of a page sopgen makes."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "manual-unique"

_UNIQUE_FIELDS = (
    ("categories", "id", "category id"),
    ("categories", "prefix", "category prefix"),
    ("roles", "id", "role id"),
    ("glossary", "term", "glossary term"),
)
# Ids whose page would take the place of a page sopgen makes: roles/index.md is the list of
# roles; procedures/roles/ holds the parts of big role pages.
_RESERVED = {"roles": {"index"}, "categories": {"index", "roles"}}


def check(sources: Sources) -> Iterator[Problem]:
    """In manual.yaml, no two categories share an `id` or a `prefix`, no two roles share an `id`,
    and no glossary term is defined twice: procedures refer to them by these names, so a
    duplicate would make a reference mean two things.

    A role or category id may not be the name of a page sopgen makes: a role `index` (the
    list of roles) or a category `index` or `roles`.

    Fix: rename or merge the duplicate entry; give a role or category another id.
    """
    manual = sources.manual
    for section, names in _RESERVED.items():
        for index, entry in enumerate(manual.data.get(section, [])):
            if entry["id"] in names:
                noun = "role" if section == "roles" else "category"
                yield manual.problem(
                    (section, index, "id"),
                    ID,
                    f"The {noun} id `{entry['id']}` is the name of a page sopgen makes "
                    f"(reserved: {', '.join(sorted(names))}); choose another id.",
                )
    for section, key, noun in _UNIQUE_FIELDS:
        first_line: dict[str, int] = {}
        for index, entry in enumerate(manual.data.get(section, [])):
            value = entry[key]
            where = (section, index, key)
            if value in first_line:
                yield manual.problem(
                    where,
                    ID,
                    f"The {noun} `{value}` is already defined at line {first_line[value]}; "
                    "rename or merge one of them.",
                )
            else:
                first_line[value] = manual.position(where)[0]

"""Relative links in procedures' Markdown fields must reach a file of the site.

MkDocs checks links only in the Markdown it converts; procedure pages are written as HTML, so
this does what it did for them (a warning, which fails --strict).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from mkdocs.structure.files import Files

from sopgen.render.fragments import is_relative, linked_file
from sopgen.validate.catalog import LINK_RULE

log = logging.getLogger("mkdocs.plugins.sopgen")

# A Markdown link's destination, in the YAML's Markdown text (not HTML).
_RELATIVE_LINK = re.compile(r"\]\(<?([^)\s>]+)")


def warn_about_broken_links(procedure: Any, texts: list[str], page_path: str, files: Files) -> None:
    """A warning for each link in ``texts`` (the procedure's, see ``linked_texts``) that
    leads from ``page_path`` to no file of the site."""
    for text in texts:
        for target in _RELATIVE_LINK.findall(text):
            if not is_relative(target):
                continue  # in-page, site-absolute or another site: not a file of this one
            path = target.split("#", 1)[0].split("?", 1)[0]
            if not path:
                continue
            resolved = linked_file(page_path, path)
            if files.get_file_from_path(resolved) is None:
                log.warning(
                    f"{procedure.source}: the link '{target}' leads to no page of the site "
                    f"(from {page_path} it would be docs/{resolved}) [{LINK_RULE}]"
                )


def linked_texts(procedure: Any) -> list[str]:
    """Every text of a procedure in the model (fields, steps, questions, ...) with a link."""
    found, stack = [], [procedure]
    while stack:
        item = stack.pop()
        for value in vars(item).values() if hasattr(item, "__dict__") else item:
            kind = type(value)
            if kind is str:
                if "](" in value:
                    found.append(value)
            elif kind is tuple or kind is list or _holds_values(kind):
                stack.append(value)
    return found


_HOLDS_VALUES: dict[type, bool] = {}


def _holds_values(kind: type) -> bool:
    """Whether values of ``kind`` are model objects (dataclasses) to look inside; known per
    type (asking each int, date or None for the attribute costs a raised AttributeError)."""
    holds = _HOLDS_VALUES.get(kind)
    if holds is None:
        holds = _HOLDS_VALUES[kind] = hasattr(kind, "__dataclass_fields__")
    return holds

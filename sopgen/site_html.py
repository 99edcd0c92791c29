"""Text and HTML around the theme: escape YAML text for Material's templates, small fixes."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape


def escaped(value: Any) -> Any:
    """Front-matter values as HTML-safe text (lists and dicts element by element).

    MkDocs' Jinja has no autoescape, so Material prints titles, descriptions and tags as
    they are. markupsafe's escape gives Markup, which a template's own `| e` leaves alone.
    """
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    return value


def direction(language: str) -> str:
    """The writing direction of a language."""
    from sopgen.render.strings import Strings

    return "rtl" if Strings(language).rtl else "ltr"


def finish_page(output: str, language: str) -> str:
    """Material's page with `dir` on <html> and a named search dialog."""
    head = f'<html lang="{language}" class="no-js">'
    if head in output:
        # Material puts `dir` on <body> only; the whole document should say it.
        dir_head = f'<html lang="{language}" dir="{direction(language)}" class="no-js">'
        output = output.replace(head, dir_head, 1)
    return _name_search_dialog(output)


_SEARCH_DIALOG = 'data-md-component="search" role="dialog">'
_SEARCH_LABEL = re.compile(r'class="md-search__input" name="query" aria-label="([^"]*)"')


def _name_search_dialog(output: str) -> str:
    """Give Material's search dialog the search box's label (screen readers announce it)."""
    label = _SEARCH_LABEL.search(output)
    if label is None or _SEARCH_DIALOG not in output:
        return output
    named = f'data-md-component="search" role="dialog" aria-label="{label.group(1)}">'
    return output.replace(_SEARCH_DIALOG, named, 1)

"""Text for the theme: YAML text escaped for Material's templates, the writing direction."""

from __future__ import annotations

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

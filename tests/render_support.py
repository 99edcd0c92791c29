"""Helpers for the renderer tests: load fixture manuals and turn pages into HTML."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
from mkdocs.utils.meta import get_data

from sopgen.model import Manual
from sopgen.render.options import Page
from sopgen.validate.pipeline import validate

RENDER_DATA = Path(__file__).parent / "data" / "render"
TODAY = date(2026, 6, 1)
# The extensions the site contract promises the renderer (the adapter adds missing ones).
EXTENSIONS = [
    "admonition",
    "pymdownx.details",
    "attr_list",
    "md_in_html",
    "tables",
    "abbr",
    "def_list",
    "toc",
]


_DRAWINGS = re.compile(r'<svg class="sop-(?:fc|qr)".*?</svg>', re.S)


def without_drawings(html: str) -> str:
    """A page without the SVG sopgen draws itself (flowchart, QR code): made from the model,
    every text escaped (tests/test_flowchart.py), and not HTML the sanitiser knows."""
    return _DRAWINGS.sub("", html)


def load(name: str) -> Manual:
    """A fixture manual through the real pipeline; it must hold no errors."""
    result = validate(RENDER_DATA / name, today=TODAY)
    assert not result.errors, result.errors
    assert result.manual is not None
    return result.manual


def page_text(page: Page) -> str:
    """What MkDocs gets of a page: its Markdown, or for a page rendered straight to HTML its
    front matter followed by that HTML."""
    return page.markdown if page.body is None else page.markdown + page.body().content


def to_html(page_markdown: str) -> tuple[str, dict[str, object]]:
    """The page's HTML as MkDocs makes it (front matter taken off first) and its front matter;
    a page rendered straight to HTML (see page_text) is that HTML already."""
    body, meta = get_data(page_markdown)
    if body.startswith("<"):  # generated Markdown pages start with a heading
        return body, meta
    return markdown.markdown(body, extensions=EXTENSIONS), meta


class Elements(HTMLParser):
    """Every start tag with its attributes, and every comment, of an HTML fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.comments: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if "id" in attrs}

    def hrefs(self) -> list[str]:
        return [attrs["href"] for tag, attrs in self.tags if tag == "a" and "href" in attrs]


# The one element of a procedure page outside the sanitiser's allowlist: its print margins as
# a style element, whose only YAML text is inside CSS strings escaped by css_string (no quote,
# backslash, brace or angle bracket of its own).
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_CSS_STRING = re.compile(r'"(?:[^"\\<>{}]|\\[0-9a-f]+ )*"')


def without_print_style(html: str) -> str:
    """The page's HTML without its print style, once that style is shown to hold no markup."""
    found = _STYLE.findall(html)
    assert len(found) <= 1, html[:300]  # a procedure page has one
    for css in found:
        # Outside its strings only CSS words and punctuation: no text from YAML.
        assert re.fullmatch(r'[a-z0-9@{}:;()\-. "/]*', _CSS_STRING.sub('""', css)), css
    return _STYLE.sub("", html)


RUN_DATA = re.compile(r'<script type="application/json" id="sop-run-data">([^<]*)</script>')


def without_run_data(html: str) -> str:
    """The page without Run mode's JSON block, once it is checked to be JSON that no text can
    break out of (no ``<`` in it, so nothing closes the script element)."""
    found = RUN_DATA.findall(html)
    assert len(found) <= 1
    for payload in found:
        json.loads(payload)
        assert "<" not in payload and ">" not in payload and "&" not in payload
    rest = RUN_DATA.sub("", html)
    assert "sop-run-data" not in rest
    return rest

"""HTML building blocks for pages rendered straight to HTML: escaping, final URLs, headings."""

from __future__ import annotations

import html
import posixpath
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import quote

from sopgen.render.options import TocEntry
from sopgen.render.tables import cells_of
from sopgen.render.text import one_line

PERMALINK_TITLE = "Permanent link"  # what the toc extension (permalink: true) writes


def text(value: str) -> str:
    """Plain text from YAML as element content: one line, HTML escaped (quotes need not be)."""
    return html.escape(one_line(value), quote=False)


def attr(value: str) -> str:
    """Plain text from YAML as an attribute value (the caller writes the double quotes)."""
    return html.escape(one_line(value), quote=True)


@lru_cache(maxsize=16384)
def url_of(docs_path: str, directory_urls: bool = True) -> str:
    """The site URL of a docs page, as MkDocs makes it: "a/b.md" -> "a/b/" or "a/b.html"."""
    stem, _ = posixpath.splitext(docs_path)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        if not directory_urls:
            return f"{folder}/index.html" if folder else "index.html"
        return f"{folder}/" if folder else "./"
    if directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


@lru_cache(maxsize=65536)
def _relative(from_url: str, to_url: str) -> str:
    # posixpath.relpath on strings: it asks the OS for the working directory twice per call,
    # and the list pages of a big manual link tens of thousands of distinct pairs.
    from_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url)
    start = [part for part in from_dir.split("/") if part and part != "."]
    path = [part for part in (to_url or ".").split("/") if part and part != "."]
    common = 0
    for a, b in zip(start, path, strict=False):
        if a != b:
            break
        common += 1
    target = "/".join([".."] * (len(start) - common) + path[common:]) or "."
    if to_url.endswith("/") and target != ".":
        target += "/"
    return "./" if target == "." else target


def href(
    from_page: str, to_page: str, anchor: str | None = None, directory_urls: bool = True
) -> str:
    """The link from one docs page to another (or to an anchor on it), relative to the first
    page's URL as MkDocs would write it; already safe inside a double-quoted attribute."""
    fragment = f"#{attr(anchor)}" if anchor else ""
    if from_page == to_page and fragment:
        return fragment
    url = _relative(url_of(from_page, directory_urls), url_of(to_page, directory_urls))
    return url + fragment


@lru_cache(maxsize=8192)  # the same section headings on every page
def heading(level: int, inner_html: str, anchor: str) -> str:
    """A heading with its permalink, as the toc extension writes it (``inner_html`` is HTML)."""
    anchor = attr(anchor)
    return (
        f'<h{level} id="{anchor}">{inner_html}'
        f'<a class="headerlink" href="#{anchor}" title="{PERMALINK_TITLE}">¶</a></h{level}>'
    )


def toc_entry(
    level: int, title_html: str, anchor: str, children: tuple[TocEntry, ...] = ()
) -> TocEntry:
    """A table-of-contents entry for a heading written with :func:`heading`."""
    return TocEntry(level=level, id=anchor, title=title_html, children=children)


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    kind: str,
    stack: bool = False,
    name_first: bool = False,
) -> str:
    """The HTML of ``render.tables.table`` (cells and column names are HTML): a table inside
    ``<div class="sop-table sop-table-<kind>">``, a dash in empty cells, and with ``stack``
    each cell labelled with its column's name for phones (see that function)."""
    head = "".join(f"<th>{column}</th>" for column in columns)
    body = []
    for row in rows:
        cells = cells_of(columns, row, stack, name_first)
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    classes = f"sop-table sop-table-{kind}" + (" sop-table-stack" if stack else "")
    return (
        f'<div class="{classes}"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def file_href(from_page: str, file_path: str, directory_urls: bool = True) -> str:
    """The link from a docs page to a file that is not a page (an image), as MkDocs writes it
    (File.url_relative_to); already safe inside a double-quoted attribute."""
    target = quote(file_path, safe="/")
    return attr(_relative(url_of(from_page, directory_urls), target))

"""What a render needs besides the manual: the date, drafts, and where sources are edited."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sopgen.rebuild_memo import RebuildMemo

# The Markdown extensions the generated pages rely on (the site contract: the MkDocs plugin
# adds them, and `sopgen export` writes them into its mkdocs.yml), with their settings.
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {},
    "pymdownx.details": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "abbr": {},
    "def_list": {},
    "toc": {"permalink": True},
}
# An id attribute's value. Searched for without the whitespace before it (which rules out the
# regular expression engine's quick scan for the literal ``id="``), then checked by hand.
_ID = re.compile(r'id="([^"]*)"')


@dataclass(frozen=True)
class RenderOptions:
    """Settings of one render; ``today`` decides overdue banners and the review page."""

    today: date
    include_drafts: bool = False  # drafts and in-review procedures get pages and list entries
    edit_url: str | None = None  # "https://host/o/r/edit/main/{path}"; {path} from the repo root
    procedures_path: str = "procedures"  # the manual folder's path from the repository root
    # MkDocs' use_directory_urls: pages rendered straight to HTML link to final URLs
    # ("../KT-002/" or "../KT-002.html"), which depend on it.
    directory_urls: bool = True
    # The manual's published address (mkdocs.yml's site_url): QR codes on printed pages and
    # labels point at short addresses under it; without it there are none.
    site_url: str | None = None
    # Results kept between live-preview rebuilds (the plugin's); not part of the settings.
    memo: RebuildMemo = field(default_factory=RebuildMemo, compare=False, hash=False, repr=False)


@dataclass(frozen=True)
class TocEntry:
    """One heading of a page's table of contents; ``title`` is HTML-safe text."""

    level: int
    id: str
    title: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class HtmlBody:
    """A page rendered straight to HTML: what MkDocs would have made of its Markdown."""

    content: str
    toc: tuple[TocEntry, ...]

    def anchor_ids(self) -> set[str]:
        """Every id in the page (steps, headings, questions, ...): what a link's #anchor can
        name. Read from the HTML the renderer made, so a section added later counts too."""
        content = self.content
        return {
            html.unescape(found.group(1))
            for found in _ID.finditer(content)
            if content[found.start() - 1 : found.start()].isspace()
        }


@dataclass(frozen=True)
class Page:
    """One generated Markdown page, by its docs-relative path."""

    path: str
    markdown: str
    title: str
    source: str | None  # the procedure's YAML file relative to the manual folder, else None
    in_nav: bool  # procedure pages stay out of the nav so a page's size does not grow with the site
    # Pages whose body is rendered straight to HTML (no Markdown conversion: the cost of a
    # build of thousands of procedures): ``markdown`` then holds only the front matter, and
    # the site adapter calls ``body()`` when (and in whichever process) it builds the page.
    body: Callable[[], HtmlBody] | None = None
    # The front matter in ``markdown`` as data, for an adapter that would otherwise parse the
    # YAML again (thousands of pages): give it to MkDocs as the page's meta.
    meta: Mapping[str, str | Sequence[str]] | None = None


@dataclass(frozen=True)
class StaticFile:
    """A file of the site written as it is, outside the theme, nav and search (short addresses
    and labels): ``path`` from the site root, ``content`` a whole HTML document."""

    path: str
    content: str

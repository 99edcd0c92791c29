"""Keep each page's Markdown-to-HTML result across live-preview rebuilds, keyed by its content.

`mkdocs serve` rebuilds the whole site on every save. Converting Markdown is the biggest part of
a page's cost, and after one procedure is saved every other page's Markdown is the same as
before. MkDocs' conversion depends only on the page's Markdown, its place, the Markdown
extensions and the set of files links can point at, so those make the key; a page whose key was
seen gets the earlier result and skips the conversion. Output is the same as a full build.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


@dataclass
class _Rendered:
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # linked file's src_uri -> its anchor links


class RenderCache:
    """Rendered pages of the last build; a build keeps only what it used (memory stays flat)."""

    def __init__(self) -> None:
        self._last: dict[str, _Rendered] = {}
        self._now: dict[str, _Rendered] = {}
        self._context = ""
        self.hits = 0

    def start_build(self, config: MkDocsConfig, files: Files) -> None:
        """Fingerprint what every page's conversion depends on besides its own Markdown."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update(repr(config["markdown_extensions"]).encode())
        digest.update(repr(sorted((config["mdx_configs"] or {}).items())).encode())
        digest.update(repr(config["use_directory_urls"]).encode())
        digest.update(repr(config.get("validation")).encode())
        for file in sorted(files, key=lambda f: f.src_uri):
            digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0".encode())
        self._context = digest.hexdigest()
        self._last, self._now = self._now, {}
        self.hits = 0

    def attach(self, page: Page) -> None:
        """Make ``page.render`` use the cache (called before MkDocs renders the page)."""

        def render(config: MkDocsConfig, files: Files) -> None:
            self._render(page, config, files)

        page.render = render  # type: ignore[method-assign]

    def _key(self, page: Page) -> str:
        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{self._context}\0{page.file.src_uri}\0".encode())
        digest.update((page.markdown or "").encode())
        return digest.hexdigest()

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        key = self._key(page)
        kept = self._last.get(key) or self._now.get(key)
        if kept is None:
            Page.render(page, config, files)
            links = None
            if page.links_to_anchors is not None:
                links = {f.src_uri: dict(v) for f, v in page.links_to_anchors.items()}
            kept = _Rendered(
                page.content or "",
                copy.deepcopy(page.toc),
                page._title_from_render,
                set(page.present_anchor_ids or ()),
                links,
            )
        else:
            self.hits += 1
            page.content = kept.content
            page.toc = copy.deepcopy(kept.toc)
            page._title_from_render = kept.title
            page.present_anchor_ids = set(kept.anchors or ())
            if kept.links is not None:
                page.links_to_anchors = {
                    linked: dict(anchors)
                    for uri, anchors in kept.links.items()
                    if (linked := files.get_file_from_path(uri)) is not None
                }
        self._now[key] = kept

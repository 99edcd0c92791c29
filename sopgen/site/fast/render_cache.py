"""Keep each generated Markdown page's conversion for the next live-preview rebuild, keyed by
its content.

`mkdocs serve` rebuilds the whole site on every save. Converting Markdown is the biggest part of
a page's cost, and after one procedure is saved every other page's Markdown is the same as
before. MkDocs' conversion depends only on the page's Markdown, its place, the Markdown
extensions and the set of files links can point at, so those make the key; a page whose key was
seen gets the earlier result and skips the conversion. Output is the same as a full build,
warnings included: each result keeps the warnings its conversion logged and logs them again
when it is used (so `--strict` still fails on them).
"""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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
    warnings: list[logging.LogRecord] = field(default_factory=list)


@contextmanager
def captured_warnings() -> Iterator[list[logging.LogRecord]]:
    """Hold back what MkDocs logs at warning level or above, to log it where the result is used."""
    records: list[logging.LogRecord] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            record.msg, record.args, record.exc_info = record.getMessage(), None, None
            records.append(record)

    logger = logging.getLogger("mkdocs")
    saved = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [Capture(logging.WARNING)], False
    try:
        yield records
    finally:
        logger.handlers, logger.propagate = saved


def _convert(page: Page, config: MkDocsConfig, files: Files) -> _Rendered:
    with captured_warnings() as warnings:
        Page.render(page, config, files)
    links = None
    if page.links_to_anchors is not None:
        links = {f.src_uri: dict(v) for f, v in page.links_to_anchors.items()}
    return _Rendered(
        page.content or "",
        page.toc,
        page._title_from_render,
        set(page.present_anchor_ids or ()),
        links,
        warnings,
    )


def _key_of(context: str, page: Page) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{context}\0{page.file.src_uri}\0".encode())
    digest.update((page.markdown or "").encode())
    return digest.hexdigest()


class RenderCache:
    """Rendered pages of the last build; a build keeps only what it used (memory stays flat)."""

    def __init__(self) -> None:
        self._last: dict[str, _Rendered] = {}
        self._now: dict[str, _Rendered] = {}
        self._context = ""
        self.hits = 0  # pages served from the cache in this build (the tests read it)

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

    def convert(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Convert ``page`` as ``Page.render`` does, or take the last build's conversion."""
        key = _key_of(self._context, page)
        kept = self._now.get(key) or self._last.get(key)
        if kept is None:
            kept = _convert(page, config, files)
            kept.toc = copy.deepcopy(page.toc)
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
        for record in kept.warnings:  # as if this page had just been converted
            logging.getLogger(record.name).handle(record)
        self._now[key] = kept

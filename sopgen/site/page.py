"""The manual's generated pages as MkDocs pages that bring their own source, as Material's blog
posts do (``Post(Page)``): MkDocs then runs every page event on them as on any other page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from sopgen.render.options import HtmlBody, TocEntry

# How a generated Markdown page is converted (None: as MkDocs converts any page).
Convert = Callable[["GeneratedPage", MkDocsConfig, Files], None]


class GeneratedPage(Page):
    """A page the renderer made (``rendered``: its ``sopgen.render.Page``)."""

    def __init__(self, file: File, config: MkDocsConfig, rendered: Any) -> None:
        super().__init__(None, file, config)
        self.rendered = rendered
        self.convert: Convert | None = None

    def read_source(self, config: MkDocsConfig) -> None:
        # The renderer's page is the source: no file to read.
        self.markdown, self.meta = get_data(self.rendered.markdown)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.convert is None:
            super().render(config, files)
        else:
            self.convert(self, config, files)


class HtmlPage(GeneratedPage):
    """A page the renderer made straight to HTML (``rendered.body``): no Markdown to convert.

    Its content, table of contents and anchors come from the renderer's ``HtmlBody``;
    ``body_of`` gives it (made on demand, or ahead in worker processes: see bodies.py).
    """

    def __init__(
        self,
        file: File,
        config: MkDocsConfig,
        rendered: Any,
        body_of: Callable[[HtmlPage], HtmlBody],
    ) -> None:
        super().__init__(file, config, rendered)
        self.body_of = body_of

    def read_source(self, config: MkDocsConfig) -> None:
        if self.rendered.meta is None:
            super().read_source(config)
        else:  # its Markdown is only the front matter, which it has as data
            self.meta = dict(self.rendered.meta)
        self.markdown = ""  # the body is HTML

    def render(self, config: MkDocsConfig, files: Files) -> None:
        body = self.body_of(self)
        self.content = body.content
        self.toc = get_toc([_toc_token(entry) for entry in body.toc])
        # Links into this page are checked against these (MkDocs' `validation: anchors`).
        self.present_anchor_ids = body.anchor_ids()


def _toc_token(entry: TocEntry) -> Any:
    return {
        "level": entry.level,
        "id": entry.id,
        "name": entry.title,
        "children": [_toc_token(child) for child in entry.children],
    }

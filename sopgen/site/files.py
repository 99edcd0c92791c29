"""The files the plugin adds to the site: generated pages, printed documents, images, assets."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from sopgen.site import qr_cache
from sopgen.site.page import GeneratedPage, HtmlPage

if TYPE_CHECKING:
    from sopgen.model import Manual
    from sopgen.render import Page, RenderOptions

log = logging.getLogger("mkdocs.plugins.sopgen")

ASSETS = Path(__file__).parents[1] / "assets"
ASSET_DIR = "assets/sopgen"
TAGS_PAGE = "tags.md"
TAGS_LISTING = "<!-- material/tags -->"


def add_pages(
    files: Files,
    config: MkDocsConfig,
    rendered: Iterable[Page],
    procedures_in_nav: bool,
    body_of: Callable[[HtmlPage], Any],
) -> dict[str, Page]:
    """Each rendered page as a file of the site with its own ``Page`` (a hand-written page of
    the same path wins); the pages added, by docs path."""
    added: dict[str, Page] = {}
    for page in rendered:
        if files.get_file_from_path(page.path) is not None:
            log.warning(f"docs/{page.path} is hand-written; the generated page is left out.")
            continue
        in_nav = page.in_nav or (procedures_in_nav and page.source is not None)
        inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.path, content=page.markdown, inclusion=inclusion)
        files.append(file)
        # The page owns its source and rendering (assigned as File.page, as Material's blog
        # does with its posts); MkDocs' nav takes it as it is.
        if page.body is None:
            GeneratedPage(file, config, page)
        else:
            HtmlPage(file, config, page, body_of)
        added[page.path] = page
    return added


def prepare_qr_codes(manual: Manual, options: RenderOptions, *, parallel: bool) -> int:
    """The QR codes of every published procedure, made before the page workers fork (the
    pages and printed documents reuse them); codes kept from earlier builds are not made
    again. How many were kept (see ``add_printed_documents``)."""
    from sopgen.render.links import is_published
    from sopgen.render.qr import short_url

    if not options.site_url:
        return 0
    known = qr_cache.load()
    published = [p for p in manual.procedures if is_published(p, options)]
    urls = [short_url(options.site_url, p.id) for p in published]
    qr_cache.fill(urls, parallel=parallel)
    return known


def add_printed_documents(
    files: Files, config: MkDocsConfig, manual: Manual, options: RenderOptions, *, known: int
) -> None:
    """Short addresses, labels and sign-off sheets: whole documents, outside the theme, nav
    and search. The QR codes made for them that are new (more than the ``known`` codes
    ``prepare_qr_codes`` read) are kept for the next build."""
    from sopgen.render import render_files, short_address_files

    for static in short_address_files(manual, options):
        if files.get_file_from_path(static.path) is None:
            files.append(File.generated(config, static.path, content=static.content))
    for path, content in render_files(manual, options):  # printable sign-off sheets
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    if options.site_url:
        qr_cache.save(known)


def add_images(files: Files, config: MkDocsConfig, manual: Manual, manual_dir: Path) -> None:
    """The steps' images, from the procedures folder (a file of docs/ of the same path wins)."""
    images = {s.image.src for p in manual.procedures for s in p.all_steps() if s.image}
    for src in sorted(images):
        image = manual_dir / src
        if image.is_file() and files.get_file_from_path(f"procedures/{src}") is None:
            files.append(File.generated(config, f"procedures/{src}", abs_src_path=str(image)))


def add_assets(files: Files, config: MkDocsConfig) -> None:
    """sopgen's style sheets and scripts."""
    for asset in sorted(p for p in ASSETS.iterdir() if p.is_file()):
        files.append(File.generated(config, f"{ASSET_DIR}/{asset.name}", abs_src_path=str(asset)))


def add_tags_page(files: Files, config: MkDocsConfig, language: str) -> dict[str, str] | None:
    """Material's tags plugin lists tags on a page that holds its marker: one is added when
    the plugin is on and docs/ has none; its entry of the nav, or None."""
    tags = config.plugins.get("material/tags") or config.plugins.get("tags")
    enabled = tags is not None and getattr(tags, "config", {}).get("enabled", True)
    if not enabled or files.get_file_from_path(TAGS_PAGE) is not None:
        return None
    title = _tags_title(language)
    files.append(File.generated(config, TAGS_PAGE, content=f"# {title}\n\n{TAGS_LISTING}\n"))
    return {title: TAGS_PAGE}


def _tags_title(language: str) -> str:
    from sopgen.render.strings import Strings

    try:
        return str(Strings(language)("tags"))
    except LookupError:
        return "Tags"

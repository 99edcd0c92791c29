"""The MkDocs plugin: validated procedures become in-memory pages of the site (a thin adapter)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import nest_paths
from mkdocs.utils.templates import TemplateContext

from sopgen.pipeline import Result
from sopgen.problems import Problem
from sopgen.sanitize import sanitize_html

log = logging.getLogger("mkdocs.plugins.sopgen")

ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/sopgen"
TAGS_PAGE = "tags.md"
TAGS_LISTING = "<!-- material/tags -->"
# The Markdown extensions the renderer relies on (the site contract), with their settings.
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


class SopgenConfig(Config):  # type: ignore[no-untyped-call]
    procedures_dir = c.Type(str, default="procedures")  # relative to mkdocs.yml
    drafts = c.Type(bool, default=False)  # render draft and in-review procedures too
    today = c.Optional(c.Type(str))  # YYYY-MM-DD: review dates as of this day


@dataclass
class Overrides:
    """What `sopgen build`/`serve` set for the next builds in this process."""

    procedures_dir: Path | None = None
    drafts: bool | None = None
    today: date | None = None
    result: Result | None = None  # already validated and reported: do not validate again
    progress: Callable[[str], None] | None = None


overrides = Overrides()


def direction(language: str) -> str:
    """The writing direction of a language (Material puts it on <body>; we add it to <html>)."""
    from sopgen.render.strings import Strings

    return "rtl" if Strings(language).rtl else "ltr"


class SopgenPlugin(BasePlugin[SopgenConfig]):  # type: ignore[no-untyped-call]
    """Adds the manual's pages (procedures, categories, roles, ...) to a MkDocs site."""

    def __init__(self) -> None:
        self.is_serve = False
        self.manual_dir = Path("procedures")
        self.result: Result | None = None
        self.pages: dict[str, Any] = {}  # docs path -> renderer Page, for the generated pages
        self.options: Any = None  # the RenderOptions of the last build
        self.nav_titles: set[str] = set()
        self.built_pages = 0
        # Scale: procedure pages get one light search entry each (see search_index.py).
        self.procedures_by_source: dict[str, Any] = {}
        self.search_entries: list[dict[str, Any]] = []
        # Converts the generated pages in worker processes, and under `serve` keeps them for
        # the next rebuild: unchanged pages skip Markdown (see render_cache.py).
        self.render_cache: Any = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `serve` rebuilds.
        self.is_serve = command == "serve"

    @event_priority(50)  # before the search plugin reads the theme language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from sopgen.pipeline import validate

        self.manual_dir = overrides.procedures_dir or self._configured_dir(config)
        today = self.today()
        result = overrides.result
        if result is None or result.manual_dir.resolve() != self.manual_dir.resolve():
            cache = None
            if self.is_serve:  # each save re-reads only the files that changed
                from sopgen.cache import ValidateCache, cache_dir_for

                cache = ValidateCache(cache_dir_for(self.manual_dir))
            result = validate(self.manual_dir, today=today, cache=cache)
            for problem in result.problems:
                _log_problem(problem)
        self.result = result
        self.built_pages = 0
        if result.manual is None:
            message = f"The manual in {self.manual_dir} cannot be read; fix the errors above."
            if not self.is_serve:
                raise PluginError(message)
            log.warning(message)
            return config
        manual = result.manual
        theme = config.theme
        theme["language"] = manual.language
        theme["direction"] = direction(manual.language)
        if not config.site_name or config.site_name == "My Docs":
            config.site_name = escape(manual.title)
        self._set_search_language(config, manual.language)
        self._add_markdown_extensions(config)
        for css in sorted(ASSETS.glob("*.css")):
            config.extra_css.append(f"{ASSET_DIR}/{css.name}")
        for script in sorted(ASSETS.glob("*.js")):
            config.extra_javascript.append(f"{ASSET_DIR}/{script.name}")
        return config

    def today(self) -> date:
        """The day review dates are checked against: --today, the `today` option, or today."""
        if overrides.today:
            return overrides.today
        return date.fromisoformat(self.config.today) if self.config.today else date.today()

    def _configured_dir(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").parent
        return (base / self.config.procedures_dir).resolve()

    @staticmethod
    def _set_search_language(config: MkDocsConfig, language: str) -> None:
        """Search stems words in the manual's language where lunr knows it (ar, de, fr, ...).

        Material only derives this for some languages (not Arabic), so set it unless
        mkdocs.yml does.
        """
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is None or getattr(search.config, "lang", None):
            return
        primary = language.split("-", 1)[0].lower()
        stemmer = f"assets/javascripts/lunr/min/lunr.{primary}.min.js"
        if primary == "en" or any((Path(d) / stemmer).is_file() for d in config.theme.dirs):
            search.config.lang = [primary]

    @staticmethod
    def _add_markdown_extensions(config: MkDocsConfig) -> None:
        for name, settings in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
            if settings:
                mdx = config.mdx_configs.setdefault(name, {})
                for key, value in settings.items():
                    mdx.setdefault(key, value)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        from sopgen.render import RenderOptions, nav, render_site

        self.pages = {}
        self.search_entries = []
        if self.result is None or self.result.manual is None:
            return files
        manual = self.result.manual
        self.procedures_by_source = {p.source: p for p in manual.procedures}
        drafts = overrides.drafts if overrides.drafts is not None else self.config.drafts
        options = RenderOptions(
            include_drafts=drafts,
            today=self.today(),
            edit_url=manual.edit_url or edit_template(config),
            procedures_path=self._repo_path(config, self.manual_dir),
        )
        self.options = options
        if overrides.progress:
            overrides.progress(f"Rendering {len(manual.procedures)} procedures")
        for page in render_site(manual, options):
            if files.get_file_from_path(page.path) is not None:
                log.warning(f"docs/{page.path} is hand-written; the generated page is left out.")
                continue
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.path, content=page.markdown, inclusion=inclusion)
            files.append(file)
            self.pages[page.path] = page
        for src in sorted(
            {s.image.src for p in manual.procedures for s in p.all_steps() if s.image}
        ):
            image = self.manual_dir / src
            if image.is_file() and files.get_file_from_path(f"procedures/{src}") is None:
                files.append(File.generated(config, f"procedures/{src}", abs_src_path=str(image)))
        for asset in sorted(ASSETS.iterdir()):
            if asset.is_file():
                path = f"{ASSET_DIR}/{asset.name}"
                files.append(File.generated(config, path, abs_src_path=str(asset)))
        generated_nav = nav(manual, options)
        if self._tags_page_wanted(config, files):
            title = _tags_title(manual.language)
            files.append(
                File.generated(config, TAGS_PAGE, content=f"# {title}\n\n{TAGS_LISTING}\n")
            )
            generated_nav.append({title: TAGS_PAGE})
        self.nav_titles = _nav_titles(generated_nav)
        config.nav = self._merged_nav(config, files, generated_nav)
        return files

    @staticmethod
    def _tags_page_wanted(config: MkDocsConfig, files: Files) -> bool:
        """Material's tags plugin lists tags on a page that holds its marker: add one."""
        tags = config.plugins.get("material/tags") or config.plugins.get("tags")
        enabled = tags is not None and getattr(tags, "config", {}).get("enabled", True)
        return bool(enabled) and files.get_file_from_path(TAGS_PAGE) is None

    def _merged_nav(self, config: MkDocsConfig, files: Files, generated: list[Any]) -> list[Any]:
        """The hand-written nav (or the docs/ pages in MkDocs' own order), then the manual's."""
        if config.nav is not None:
            return [*config.nav, *generated]
        hand_written = [
            f.src_uri
            for f in files.documentation_pages()
            if f.src_uri not in self.pages and f.generated_by is None
        ]
        return [*nest_paths(hand_written), *generated]  # type: ignore[no-untyped-call]

    @staticmethod
    def _repo_path(config: MkDocsConfig, folder: Path) -> str:
        base = Path(config.config_file_path or ".").parent.resolve()
        return Path(os.path.relpath(folder.resolve(), base)).as_posix()

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        from sopgen.render_cache import RenderCache

        self.render_cache = self.render_cache or RenderCache()
        self.render_cache.start_build(config, files)  # the files are final by now
        generated = [files.get_file_from_path(path) for path in self.pages]
        todo = [file for file in generated if file is not None]
        self.render_cache.convert_ahead(todo, config, files)
        for item in _walk(nav.items):
            if isinstance(item, Section) and item.title in self.nav_titles:
                item.title = escape(item.title)
            elif _is_generated_page_titled_by_nav(item, self.pages):
                item.title = escape(vars(item)["title"])
        # Procedure pages are out of the nav (so a page does not carry the whole manual); give
        # each its category's place, so the sidebar and breadcrumb still show where it belongs.
        for path, page in self.pages.items():
            if page.source is None or page.in_nav:
                continue
            file = files.get_file_from_path(path)
            category = files.get_file_from_path(f"{path.rsplit('/', 1)[0]}/index.md")
            if file is None or category is None:
                continue
            if isinstance(file.page, MkDocsPage) and isinstance(category.page, MkDocsPage):
                parent = category.page.parent
                file.page.parent = parent if isinstance(parent, Section) else None
        return nav

    def on_page_context(
        self,
        context: TemplateContext,
        /,
        *,
        page: MkDocsPage,
        config: MkDocsConfig,
        nav: Navigation,
    ) -> TemplateContext:
        # The edit button of a procedure page opens its YAML file, not the generated Markdown.
        rendered = self.pages.get(page.file.src_uri)
        if rendered is not None and rendered.source is not None and self.options.edit_url:
            path = f"{self.options.procedures_path}/{rendered.source}"
            page.edit_url = edit_link(self.options.edit_url, path)
        return context

    def on_pre_page(self, page: MkDocsPage, /, *, config: MkDocsConfig, files: Files) -> MkDocsPage:
        # Only generated pages: their Markdown is all their conversion depends on (a hand-written
        # page may pull in other files through extensions such as snippets).
        if self.render_cache is not None and page.file.src_uri in self.pages:
            self.render_cache.attach(page)
        return page

    # Theme templates print titles, descriptions and tags without escaping (MkDocs' Jinja has
    # no autoescape), so text from YAML is escaped here before any template or plugin sees it.
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        from sopgen.search_index import procedure_entry, title_entry

        rendered = self.pages.get(page.file.src_uri)
        if rendered is not None:
            page.meta = {key: _escaped(value) for key, value in page.meta.items()}
        procedure = self.procedures_by_source.get(rendered.source) if rendered else None
        if procedure is not None:
            # Material's search would parse this page's HTML again; it gets one light entry.
            self.search_entries.append(procedure_entry(procedure, page.url))
        elif not _lists_procedures(page.file.src_uri, rendered):
            return markdown
        else:  # a list of procedures repeats their text: found by its title only
            title = rendered.title if rendered else (page.title or "")
            self.search_entries.append(title_entry(escape(str(title)), page.url))
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    @event_priority(100)  # first: clean what the Markdown made before any plugin adds to it
    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri not in self.pages:
            return html
        if "title" not in page.meta and page.title is not None:
            page.meta["title"] = escape(page.title)  # the H1's text, unescaped by MkDocs
        return sanitize_html(html)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        from sopgen.search_index import add_to_index

        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.search_entries and index.is_file():
            add_to_index(index, self.search_entries)

    @event_priority(-100)  # last: other plugins see the page as the theme wrote it
    def on_post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        from sopgen.html_compact import compact_html

        self.built_pages += 1
        if overrides.progress and self.built_pages % 500 == 0:
            overrides.progress(f"{self.built_pages} pages written")
        language = config.theme["language"]
        head = f'<html lang="{language}" class="no-js">'
        if head in output:
            output = output.replace(
                head, f'<html lang="{language}" dir="{direction(language)}" class="no-js">', 1
            )
        return compact_html(output)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.manual_dir))
        return server

    def stats(self) -> tuple[int, int]:
        """(procedure pages, all generated pages) of the last build."""
        procedures = sum(1 for page in self.pages.values() if page.source is not None)
        return procedures, len(self.pages)


def _lists_procedures(path: str, rendered: Any) -> bool:
    """Generated pages whose text grows with the manual (lists of procedures, steps, questions):
    their words are on the procedure pages already, so search finds them by title only."""
    from sopgen.reference_docs import FIELDS_PAGE, RULES_PAGE
    from sopgen.render.links import GLOSSARY_PAGE

    if path == TAGS_PAGE:
        return True
    return rendered is not None and path not in (GLOSSARY_PAGE, FIELDS_PAGE, RULES_PAGE)


def _log_problem(problem: Problem) -> None:
    # Warnings, not errors, so `mkdocs serve` keeps serving; `--strict` fails on them.
    log.warning(
        f"{problem.path}:{problem.line}:{problem.col}: {problem.severity}: {problem.message} "
        f"[{problem.rule}]"
    )


def edit_template(config: MkDocsConfig) -> str | None:
    """An edit-link template with {path} from the repo root, from repo_url and edit_uri."""
    link = _edit_url(config, f"{_PLACEHOLDER}")
    return link.replace(_PLACEHOLDER, "{path}") if link else None


def edit_link(template: str, path: str) -> str:
    return template.replace("{path}", path)


_PLACEHOLDER = "SOPGEN-PATH"


def _edit_url(config: MkDocsConfig, path_from_root: str) -> str | None:
    """What MkDocs would make for a file at ``path_from_root`` (relative to mkdocs.yml)."""
    if not (config.edit_uri or config.edit_uri_template):
        return None
    root = Path(config.config_file_path or ".").parent.resolve()
    up = Path(os.path.relpath(root, Path(config.docs_dir).resolve())).as_posix()
    relative = f"{up}/{path_from_root}"
    if config.edit_uri_template:
        link = config.edit_uri_template.format(path=relative, path_noext=relative)
    else:
        link = (config.edit_uri or "") + relative
    base = config.repo_url or ""
    if base and not base.endswith("/"):
        base += "/"
    return urljoin(base, link)


def _escaped(value: Any) -> Any:
    """Front-matter values as HTML-safe text (lists and dicts element by element)."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def _nav_titles(items: Any) -> set[str]:
    """Every section title in the renderer's nav (dict keys whose value is a list)."""
    titles: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    titles.add(title)
                    titles |= _nav_titles(value)
    return titles


def _walk(items: Any) -> Any:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


def _is_generated_page_titled_by_nav(item: Any, pages: dict[str, Any]) -> bool:
    """A generated page whose title came from the nav (set before render, as raw text)."""
    return isinstance(item, MkDocsPage) and item.file.src_uri in pages and "title" in vars(item)


def _tags_title(language: str) -> str:
    from sopgen.render.strings import Strings

    try:
        return str(Strings(language)("tags"))
    except (KeyError, LookupError):
        return "Tags"

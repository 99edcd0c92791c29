"""The MkDocs plugin: validated procedures become in-memory pages of the site (a thin adapter)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.bccache import FileSystemBytecodeCache, MemcachedBytecodeCache
from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from sopgen.problems import Problem
from sopgen.rebuild_memo import keep_between_rebuilds, next_rebuild, per_object
from sopgen.render.fragments import is_relative, linked_file
from sopgen.render.sanitize import sanitize_html
from sopgen.site import nav as site_nav
from sopgen.site import qr_cache
from sopgen.site.bodies import Bodies
from sopgen.site.compact import compact_html
from sopgen.site.fast import Tuning, notice, untested
from sopgen.site.html import direction, escaped, finish_page
from sopgen.site.links import edit_link, edit_template, repo_path
from sopgen.site.page import GeneratedPage, HtmlPage
from sopgen.terminal import printable
from sopgen.validate.pipeline import Result, counts_as_strict

if TYPE_CHECKING:
    from sopgen.model import Manual
    from sopgen.render import RenderOptions

log = logging.getLogger("mkdocs.plugins.sopgen")

ASSETS = Path(__file__).parents[1] / "assets"
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
FAST_INLINE = "sopgen.site.markdown_fast"
TOOLTIPS = "content.tooltips"


class SopgenConfig(Config):  # type: ignore[no-untyped-call]
    procedures_dir = c.Type(str, default="procedures")  # relative to mkdocs.yml
    drafts = c.Type(bool, default=False)  # render draft and in-review procedures too
    today = c.Optional(c.Type(str))  # YYYY-MM-DD: review dates as of this day
    # Every procedure in the site menu, under its category (pages grow with the manual); unset:
    # only when mkdocs-print-site-plugin is used, whose print page holds what the menu holds.
    procedures_in_nav = c.Optional(c.Type(bool))


@dataclass
class Overrides:
    """What `sopgen build`/`serve` set on the plugin for the builds they run."""

    procedures_dir: Path | None = None
    drafts: bool | None = None
    today: date | None = None
    result: Result | None = None  # already validated and reported: do not validate again
    progress: Callable[[str], None] | None = None


class SopgenPlugin(BasePlugin[SopgenConfig]):  # type: ignore[no-untyped-call]
    """Adds the manual's pages (procedures, categories, roles, ...) to a MkDocs site."""

    def __init__(self) -> None:
        self.is_serve = False
        self.manual_dir = Path("procedures")
        self.result: Result | None = None
        self.pages: dict[str, Any] = {}  # docs path -> renderer Page, for the generated pages
        self.options: Any = None  # the RenderOptions of the last build
        self.nav_sections: set[str] = set()
        self.nav: Any = None
        self.built_pages = 0
        # Scale: procedure pages get one light search entry each (see search_index.py).
        self.procedures_by_source: dict[str, Any] = {}
        self.search_entries: list[dict[str, Any]] = []
        # Under `serve` keeps the generated Markdown pages' conversion for the next rebuild:
        # unchanged pages skip Markdown (see fast/render_cache.py).
        self.render_cache: Any = None
        # The bodies of the pages rendered straight to HTML (see bodies.py), and the theme
        # around them (see fast/theme_workers.py).
        self.bodies = Bodies()
        self.html_pages: Any = None
        self.overrides = Overrides()  # set by `sopgen build` and `sopgen serve`
        self.tuning = Tuning()  # the tests set it to build the plain MkDocs way too
        self.fast = True  # this build uses sopgen.site.fast (tuning and versions allow it)
        self._told_untested = False
        self.bytecode_cache = MemcachedBytecodeCache(_TemplateMemory())  # type: ignore[arg-type]
        self.validate_cache: Any = None  # under `serve`: one for all rebuilds (see cache.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `serve` rebuilds.
        self.is_serve = command == "serve"
        keep_between_rebuilds(self.is_serve)

    def on_shutdown(self) -> None:
        keep_between_rebuilds(False)
        self.flush_cache()

    def flush_cache(self) -> None:
        """Write what live preview validated, for the next `sopgen validate`."""
        if self.validate_cache is not None:
            self.validate_cache.flush()

    @event_priority(50)  # before the search plugin reads the theme language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from sopgen.validate.pipeline import validate

        overrides = self.overrides
        self.manual_dir = overrides.procedures_dir or self._configured_dir(config)
        self.fast = self.tuning.fast and self._versions_tested()
        next_rebuild()
        result = overrides.result
        if result is None or result.manual_dir.resolve() != self.manual_dir.resolve():
            cache = None
            if self.is_serve:  # each save re-reads only the files that changed
                from sopgen.validate.cache import ValidateCache, cache_dir_for

                directory = cache_dir_for(self.manual_dir)
                if self.validate_cache is None or self.validate_cache.directory != directory:
                    self.flush_cache()
                    self.validate_cache = ValidateCache(directory, hold_writes=True)
                cache = self.validate_cache
            result = validate(self.manual_dir, today=self.today(), cache=cache)
            for problem in result.problems:
                _log_problem(problem)
        self.result, self.built_pages = result, 0
        if result.manual is None or (result.errors and not self.is_serve):
            # Only the live preview shows a manual with errors: a plain `mkdocs build` or
            # `gh-deploy` must not publish it, as `sopgen build` does not.
            message = (
                f"The manual in {self.manual_dir} cannot be read; fix the errors above."
                if result.manual is None
                else f"The manual in {self.manual_dir} has errors; fix the problems above "
                "(nothing was published: only `mkdocs serve` shows a manual with errors)."
            )
            if not self.is_serve:
                raise PluginError(message)
            log.warning(message)
            return config
        manual = result.manual
        config.theme["language"] = self._theme_language(config, manual.language)
        config.theme["direction"] = direction(manual.language)
        # manual.yaml is the one source of the title (and of its language); MkDocs still
        # requires a site_name in mkdocs.yml, which this replaces.
        config.site_name = escape(manual.title)
        _turn_off_html_tooltips(config)
        own = sorted({p.language for p in manual.procedures if p.language} - {manual.language})
        _set_search_language(config, [manual.language, *own])
        _keep_ids_whole_in_search(config)
        _add_markdown_extensions(config)
        config.extra_css += [f"{ASSET_DIR}/{p.name}" for p in sorted(ASSETS.glob("*.css"))]
        config.extra_javascript += [f"{ASSET_DIR}/{p.name}" for p in sorted(ASSETS.glob("*.js"))]
        return config

    def _versions_tested(self) -> bool:
        version = untested()
        if version is not None and not self._told_untested:
            log.info(notice(version))
            self._told_untested = True
        return version is None

    def _procedures_in_nav(self, config: MkDocsConfig) -> bool:
        if self.config.procedures_in_nav is not None:
            return bool(self.config.procedures_in_nav)
        print_site = config.plugins.get("print-site")
        return print_site is not None and bool(getattr(print_site, "config", {}).get("enabled"))

    def _theme_language(self, config: MkDocsConfig, language: str) -> str:
        """The theme's language for the manual's (``pt-BR`` as is, ``en-US`` as ``en``); a
        language the theme lacks is a problem at manual.yaml's line, not a template error."""
        found = theme_language(language, config.theme.dirs)
        if found is not None:
            return found
        from sopgen.validate.loader import read_document

        document = read_document(self.manual_dir / "manual.yaml")
        line, col = document.position(("language",))
        message = (
            f"{document.display_path}:{line}:{col}: The site's theme has no language "
            f"`{language}`: use a language it has, such as en, de, fr, es, pt-BR or ar "
            "[language]"
        )
        if not self.is_serve:
            raise PluginError(message)
        log.warning(message)
        return "en"

    def today(self) -> date:
        """The day review dates are checked against: --today, the `today` option, or today."""
        if self.overrides.today:
            return self.overrides.today
        return date.fromisoformat(self.config.today) if self.config.today else date.today()

    def _configured_dir(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").parent
        return (base / self.config.procedures_dir).resolve()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        from sopgen.render import (
            RenderOptions,
            nav,
            render_files,
            render_site,
            short_address_files,
        )
        from sopgen.render.links import is_published
        from sopgen.render.qr import short_url

        self.pages = {}
        self.search_entries = []
        if self.result is None or self.result.manual is None:
            return files
        manual = self.result.manual
        self.procedures_by_source = {p.source: p for p in manual.procedures}
        overrides = self.overrides
        drafts = overrides.drafts if overrides.drafts is not None else self.config.drafts
        self.options = RenderOptions(
            include_drafts=drafts,
            today=self.today(),
            edit_url=manual.edit_url or edit_template(config),
            procedures_path=repo_path(config, self.manual_dir),
            directory_urls=bool(config.use_directory_urls),
            site_url=config.site_url or None,
        )
        if overrides.progress:
            overrides.progress(rendering_message(manual, self.options))
        procedures_in_nav = self._procedures_in_nav(config)
        if not config.site_url:
            _note(NO_SITE_URL, overrides.progress)
        for page in render_site(manual, self.options):
            if files.get_file_from_path(page.path) is not None:
                log.warning(f"docs/{page.path} is hand-written; the generated page is left out.")
                continue
            in_nav = page.in_nav or (procedures_in_nav and page.source is not None)
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.path, content=page.markdown, inclusion=inclusion)
            files.append(file)
            # The page owns its source and rendering (assigned as File.page, as Material's
            # blog does with its posts); MkDocs' nav takes it as it is.
            if page.body is None:
                GeneratedPage(file, config, page)
            else:
                HtmlPage(file, config, page, self._body_of)
            self.pages[page.path] = page
        # Short addresses, labels and sign-off sheets: whole documents, outside the theme, nav
        # and search. Their QR codes are made first, before the page workers fork: the printed
        # pages reuse them, and codes kept from earlier builds are not made again.
        known = 0
        if self.options.site_url:
            known = qr_cache.load()
            urls = [
                short_url(self.options.site_url, p.id)
                for p in manual.procedures
                if is_published(p, self.options)
            ]
            qr_cache.fill(urls, parallel=not self.is_serve)  # serve: a server thread runs
        for static in short_address_files(manual, self.options):
            if files.get_file_from_path(static.path) is None:
                files.append(File.generated(config, static.path, content=static.content))
        for path, content in render_files(manual, self.options):  # printable sign-off sheets
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
        if self.options.site_url:
            qr_cache.save(known)
        images = {s.image.src for p in manual.procedures for s in p.all_steps() if s.image}
        for src in sorted(images):
            image = self.manual_dir / src
            if image.is_file() and files.get_file_from_path(f"procedures/{src}") is None:
                files.append(File.generated(config, f"procedures/{src}", abs_src_path=str(image)))
        for asset in sorted(p for p in ASSETS.iterdir() if p.is_file()):
            files.append(
                File.generated(config, f"{ASSET_DIR}/{asset.name}", abs_src_path=str(asset))
            )
        generated_nav = nav(manual, self.options)
        if procedures_in_nav:
            titles = {path: page.title for path, page in self.pages.items() if page.source}
            generated_nav = site_nav.with_procedures(generated_nav, titles)
        if _tags_page_wanted(config, files):
            title = _tags_title(manual.language)
            listing = f"# {title}\n\n{TAGS_LISTING}\n"
            files.append(File.generated(config, TAGS_PAGE, content=listing))
            generated_nav.append({title: TAGS_PAGE})
        self.nav_sections = site_nav.section_titles(generated_nav)
        config.nav = site_nav.merged_nav(config.nav, files, set(self.pages), generated_nav)
        for path, title in site_nav.titled_paths(config.nav).items():
            titled = files.get_file_from_path(path)
            if titled is not None and isinstance(titled.page, GeneratedPage):
                titled.page.title = title  # as MkDocs' nav gives a page it makes its title
        for path, page in self.pages.items():
            procedure = self.procedures_by_source.get(page.source) if page.source else None
            if procedure is not None:
                _warn_about_broken_links(procedure, path, files)
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self._start_rendering(config, files)  # the files are final by now
        site_nav.escape_titles(nav, self.nav_sections, set(self.pages))
        # Procedure pages stay out of the nav, so a page does not carry the whole manual; each
        # gets its category as parent, so the sidebar and breadcrumb show where it belongs.
        sections: dict[str, Any] = {}
        in_nav = {page.file.src_uri for page in nav.pages}
        for path, page in self.pages.items():
            if page.source is not None and path not in in_nav:
                category = self.pages.get(site_nav.category_index(path))
                title = escape(category.title) if category else ""
                site_nav.place_in_category(files, path, title, sections)
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
            # Material prints it into href="..." unescaped; manual.yaml's edit_url is untrusted.
            page.edit_url = escape(edit_link(self.options.edit_url, path))
        return context

    def _start_rendering(self, config: MkDocsConfig, files: Files) -> None:
        """Get the generated pages' rendering going: HTML bodies (ahead, in worker processes,
        for a big build) and, under live preview, Markdown pages' last conversions."""
        from sopgen.validate.filecheck import worker_count

        built = files.documentation_pages(inclusion=_inclusion(self.is_serve))
        generated = [file.page for file in built if isinstance(file.page, GeneratedPage)]
        html = [page for page in generated if isinstance(page, HtmlPage)]
        keys = self._body_keys(html) if self.is_serve else None
        bodies = {page.file.src_uri: page.rendered.body for page in html}
        workers = worker_count(len(bodies), 2)
        self.bodies.start(bodies, list(bodies), keys=keys, workers=workers)
        if not self.fast:
            self.render_cache = None
            return
        from sopgen.site.fast.render_cache import RenderCache

        self.render_cache = self.render_cache or RenderCache()
        self.render_cache.start_build(config, files)
        for page in generated:
            # Only generated pages: their Markdown is all their conversion depends on (a
            # hand-written page may pull in other files through extensions such as snippets).
            if not isinstance(page, HtmlPage):
                page.convert = self.render_cache.convert

    def _body_keys(self, pages: list[HtmlPage]) -> dict[str, str]:
        """Under live preview, a digest of what each procedure page's body is made from."""
        from sopgen.render.keys import own_key, shared_inputs_key

        assert self.result is not None and self.result.manual is not None
        shared = shared_inputs_key(self.result.manual, self.options)
        keys = {}
        for page in pages:
            source = page.rendered.source
            procedure = self.procedures_by_source.get(source) if source else None
            if procedure is not None:
                keys[page.file.src_uri] = f"{shared}:{own_key(procedure)}"
        return keys

    def _body_of(self, page: HtmlPage) -> Any:
        return self.bodies.body(page.file.src_uri)

    @event_priority(100)  # before any template or plugin (tags, search) reads the front matter
    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        from sopgen.site.search import procedure_entry, title_entry

        rendered = self.pages.get(page.file.src_uri)
        if rendered is not None:
            meta = rendered.meta if rendered.meta is not None else page.meta
            page.meta = {key: escaped(value) for key, value in meta.items()}
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
        rendered = self.pages.get(page.file.src_uri)
        if rendered is None:
            return html
        if rendered.body is not None:  # made as HTML: every YAML string escaped or sanitised
            return html
        if "title" not in page.meta and page.title is not None:
            page.meta["title"] = escape(page.title)  # the H1's text, unescaped by MkDocs
        return sanitize_html(html)

    @event_priority(-100)  # last: the environment as every other plugin left it
    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.bodies.stop()  # every page has its content by now
        if self.is_serve:  # each rebuild gets a new Jinja environment; templates compile once
            env.bytecode_cache = self.bytecode_cache
        elif env.bytecode_cache is None:
            env.bytecode_cache = _compiled_templates()
        html = {path for path, page in self.pages.items() if page.body is not None}
        if not self.fast or not html or self.result is None or self.result.manual is None:
            self.html_pages = None  # every page is built the plain MkDocs way
            return env
        from sopgen.site.fast.theme_workers import HtmlPages

        self.html_pages = self.html_pages or HtmlPages()
        language = config.theme["language"]
        return self.html_pages.start(
            html,
            files,
            env,
            config,
            self.nav,
            finish=lambda output: compact_html(finish_page(output, language)),
            serve=self.is_serve,
            shared_partials=self.tuning.shared_partials,
            parallel_min_pages=self.tuning.parallel_min_pages,
        )

    def on_build_error(self, *, error: Exception) -> None:
        self.bodies.stop()
        if self.html_pages is not None:
            self.html_pages.stop()

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        from sopgen.site.search import add_to_index

        if self.html_pages is not None:
            self.html_pages.stop()

        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.search_entries and index.is_file():
            add_to_index(index, self.search_entries)

    @event_priority(-100)  # last: other plugins see the page as the theme wrote it
    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        self.built_pages += 1
        progress = self.overrides.progress
        if progress and self.built_pages % 500 == 0:
            progress(f"{self.built_pages} pages written")
        if self.html_pages is not None and page in self.html_pages:
            return output  # finished where it was built
        return compact_html(finish_page(output, config.theme["language"]))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.manual_dir))
        return server

    def stats(self) -> tuple[int, int]:
        """(procedure pages, all generated pages) of the last build."""
        procedures = sum(1 for page in self.pages.values() if page.source is not None)
        return procedures, len(self.pages)


def _compiled_templates() -> FileSystemBytecodeCache | None:
    """The theme's compiled templates, kept between builds in the user's cache folder (not
    in the repository: what is loaded from there is code). Jinja keys each by the template's
    source and the Python version, so a changed theme is compiled again."""
    from sopgen.validate.cache import user_cache_home

    folder = user_cache_home() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None  # compiled each build, as without a cache
    return FileSystemBytecodeCache(str(folder))


class _TemplateMemory(dict[str, Any]):
    """Compiled templates kept in memory between live-preview rebuilds (keyed by source)."""

    def set(self, key: str, value: Any, timeout: int | None = None) -> None:
        self[key] = value


_RELATIVE_LINK = re.compile(r"\]\(<?([^)\s>]+)")


def _warn_about_broken_links(procedure: Any, page_path: str, files: Files) -> None:
    """Relative links in a procedure's Markdown fields must reach a file of the site.

    MkDocs checks links only in the Markdown it converts; procedure pages are written as HTML,
    so this does what it did for them (a warning, which fails --strict).
    """
    for text in _linked_texts(procedure):
        for target in _RELATIVE_LINK.findall(text):
            if not is_relative(target):
                continue  # in-page, site-absolute or another site: not a file of this one
            path = target.split("#", 1)[0].split("?", 1)[0]
            if not path:
                continue
            resolved = linked_file(page_path, path)
            if files.get_file_from_path(resolved) is None:
                log.warning(
                    f"{procedure.source}: the link '{target}' leads to no page of the site "
                    f"(from {page_path} it would be docs/{resolved}) [link]"
                )


@per_object
def _linked_texts(procedure: Any) -> list[str]:
    """Every text of a procedure in the model (fields, steps, questions, ...) with a link."""
    found, stack = [], [procedure]
    while stack:
        item = stack.pop()
        for value in vars(item).values() if hasattr(item, "__dict__") else item:
            kind = type(value)
            if kind is str:
                if "](" in value:
                    found.append(value)
            elif kind is tuple or kind is list or hasattr(value, "__dataclass_fields__"):
                stack.append(value)
    return found


def _inclusion(serve: bool) -> Any:
    """Which pages MkDocs builds (as its build does: drafts under serve too)."""
    return InclusionLevel.is_in_serve if serve else InclusionLevel.is_included


def _lists_procedures(path: str, rendered: Any) -> bool:
    """Generated pages whose text grows with the manual (lists of procedures, steps, questions):
    their words are on the procedure pages already, so search finds them by title only."""
    from sopgen.render.links import GLOSSARY_PAGE
    from sopgen.render.reference import FIELDS_PAGE, RULES_PAGE

    if path == TAGS_PAGE:
        return True
    return rendered is not None and path not in (GLOSSARY_PAGE, FIELDS_PAGE, RULES_PAGE)


def rendering_message(manual: Manual, options: RenderOptions) -> str:
    """What is about to be rendered, and what is left out (so the count after the build agrees)."""
    from sopgen.render.links import is_published

    shown = sum(is_published(procedure, options) for procedure in manual.procedures)
    left_out = len(manual.procedures) - shown
    unpublished = f" ({left_out} drafts or in review left out; --drafts includes them)"
    noun = "procedure" if shown == 1 else "procedures"
    return f"Rendering {shown} {noun}" + (unpublished if left_out else "")


NO_SITE_URL = (
    "No site_url in mkdocs.yml: printed procedures and labels get no QR code "
    "(set it to the manual's published address)."
)


def _note(message: str, progress: Callable[[str], None] | None) -> None:
    """One line of the build's output: sopgen build's progress, else MkDocs' INFO log."""
    if progress:
        progress(message)
    else:
        log.info(message)


def _log_problem(problem: Problem) -> None:
    # Warnings, not errors, so `mkdocs serve` keeps serving; `--strict` fails on them. An overdue
    # review is logged as information: it is the manual's state on the day (the Review page
    # shows it), and `--strict` must not fail on it (see pipeline.counts_as_strict).
    message = (
        f"{printable(problem.path)}:{problem.line}:{problem.col}: {problem.severity}: "
        f"{printable(problem.message)} [{problem.rule}]"
    )
    if problem.is_error or counts_as_strict(problem):
        log.warning(message)
    else:
        log.info(message)


def theme_language(language: str, theme_dirs: list[str]) -> str | None:
    """The theme's language file that best fits a BCP 47 tag: the whole tag, else shorter
    prefixes (zh-Hant-TW, zh-Hant, zh), compared without case; None when none fits."""
    available: dict[str, str] = {}
    for folder in theme_dirs:
        for path in (Path(folder) / "partials" / "languages").glob("*.html"):
            available.setdefault(path.stem.lower(), path.stem)
    parts = language.split("-")
    for end in range(len(parts), 0, -1):
        found = available.get("-".join(parts[:end]).lower())
        if found is not None:
            return found
    return None


def _turn_off_html_tooltips(config: MkDocsConfig) -> None:
    """Material's `content.tooltips` shows every `title` attribute as HTML (innerHTML),
    including the ones the theme makes from the manual's text (the site title on the logo,
    any cut-off title): script in a title would run. sopgen shows glossary definitions with
    its own tooltips, so the theme's are turned off and browsers show titles as text."""
    features = config.theme.get("features") or []
    if TOOLTIPS in features:
        config.theme["features"] = [f for f in features if f != TOOLTIPS]
        log.info(
            f"The theme's {TOOLTIPS} feature is off: it would show the manual's text as HTML. "
            "Glossary terms show their definitions with sopgen's own tooltips; remove the "
            "feature from mkdocs.yml to silence this note."
        )


def _set_search_language(config: MkDocsConfig, languages: list[str]) -> None:
    """Search stems words in the manual's language, and in the language of each procedure
    written in another one, where lunr knows it (ar, de, fr, ...; not tl or ur: their words
    are still found whole).

    Material derives this for some languages only (not Arabic); mkdocs.yml's choice wins.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or getattr(search.config, "lang", None):
        return
    chosen: list[str] = []
    for language in languages:
        primary = language.split("-", 1)[0].lower()
        stemmer = f"assets/javascripts/lunr/min/lunr.{primary}.min.js"
        known = primary == "en" or any((Path(d) / stemmer).is_file() for d in config.theme.dirs)
        if known and primary not in chosen:
            chosen.append(primary)
    if chosen:
        search.config.lang = chosen


def _keep_ids_whole_in_search(config: MkDocsConfig) -> None:
    """Search keeps stop words and words as written (trimmed of punctuation, not stemmed),
    unless mkdocs.yml sets the search pipeline.

    A procedure id is searched as two words ("IN-003": "in" and "003"). Material drops stop
    words by default, and with them prefixes such as IN, IT, ON or AT: a search for IN-003
    then found every procedure numbered 003, ranked alike, and the one asked for was rarely
    first in a big manual. Kept, both words count and the id in the title ranks first.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and getattr(search.config, "pipeline", "unset") is None:
        # The trimmer stays: without it "napkins," (comma and all) is a word of its own and
        # "napkins" misses it. The stemmer goes: what people type is searched as a prefix
        # ("cutlery*"), which lunr does not stem, so a stemmed index ("cutleri") missed it.
        search.config.pipeline = ["trimmer"]


def _add_markdown_extensions(config: MkDocsConfig) -> None:
    for name, settings in MARKDOWN_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        if settings:
            mdx = config.mdx_configs.setdefault(name, {})
            for key, value in settings.items():
                mdx.setdefault(key, value)
    # Not part of the contract: the same HTML, with less work (see markdown_fast.py).
    if FAST_INLINE not in config.markdown_extensions:
        config.markdown_extensions.append(FAST_INLINE)


def _tags_page_wanted(config: MkDocsConfig, files: Files) -> bool:
    """Material's tags plugin lists tags on a page that holds its marker: add one."""
    tags = config.plugins.get("material/tags") or config.plugins.get("tags")
    enabled = tags is not None and getattr(tags, "config", {}).get("enabled", True)
    return bool(enabled) and files.get_file_from_path(TAGS_PAGE) is None


def _tags_title(language: str) -> str:
    from sopgen.render.strings import Strings

    try:
        return str(Strings(language)("tags"))
    except LookupError:
        return "Tags"

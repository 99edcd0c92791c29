"""The MkDocs plugin: validated procedures become in-memory pages of the site (event wiring;
the work is in the modules it calls: settings, files, nav, page, bodies, search, link_check)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.bccache import FileSystemBytecodeCache, MemcachedBytecodeCache
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from sopgen.rebuild_memo import RebuildMemo
from sopgen.render.sanitize import sanitize_html
from sopgen.site import collector
from sopgen.site import files as site_files
from sopgen.site import nav as site_nav
from sopgen.site.bodies import Bodies
from sopgen.site.fast import Tuning, notice, untested
from sopgen.site.html import escaped
from sopgen.site.link_check import linked_texts, warn_about_broken_links
from sopgen.site.links import edit_link, edit_template, repo_path
from sopgen.site.messages import NO_SITE_URL, log_problem, note, rendering_message
from sopgen.site.page import GeneratedPage, HtmlPage
from sopgen.site.problem_pages import ProblemPages
from sopgen.site.settings import (
    SopgenConfig,
    configure_for,
    print_site_enabled,
    theme_language,
)
from sopgen.validate.catalog import LANGUAGE_RULE, SITE_URL_RULE
from sopgen.validate.pipeline import Result

if TYPE_CHECKING:
    from sopgen.model import Manual
    from sopgen.render import RenderOptions

log = logging.getLogger("mkdocs.plugins.sopgen")


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
        # MkDocs and Material are the versions sopgen.site.fast was tested with: their pages
        # get its small fixes and compaction (made by finding Material's exact markup).
        self.versions_tested = True
        self._told_untested = False
        self.bytecode_cache = MemcachedBytecodeCache(_TemplateMemory())  # type: ignore[arg-type]
        self.validate_cache: Any = None  # under `serve`: one for all rebuilds (see cache.py)
        self.memo = RebuildMemo()  # under `serve`: results kept between rebuilds
        self.problem_pages = ProblemPages()  # under `serve`: pages of problems for broken files

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `serve` rebuilds.
        self.is_serve = command == "serve"
        self.memo.keep(self.is_serve)

    def on_shutdown(self) -> None:
        self.stop_workers()  # `serve` stopped (Ctrl+C, SIGTERM), maybe in its first build
        self.memo.keep(False)
        self.flush_cache()

    def stop_workers(self) -> None:
        """End the worker processes of this build, if any (terminated, then waited for)."""
        self.bodies.stop()
        if self.html_pages is not None:
            self.html_pages.stop()

    def flush_cache(self) -> None:
        """Write what live preview validated, for the next `sopgen validate`."""
        if self.validate_cache is not None:
            self.validate_cache.flush()

    @event_priority(50)  # before the search plugin reads the theme language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        collector.new_build()
        self.manual_dir = self.overrides.procedures_dir or self._configured_dir(config)
        self.versions_tested = self._versions_tested()
        self.fast = self.tuning.fast and self.versions_tested
        self.memo.next_rebuild()
        result = self.overrides.result
        if result is None or result.manual_dir.resolve() != self.manual_dir.resolve():
            result = self._validate()
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
        self._refuse_unsafe_site_dir(config)
        self._check_site_url(config)
        language = self._theme_language(config, result.manual.language)
        configure_for(
            config, result.manual, language, fast=self.fast, progress=self.overrides.progress
        )
        collector.keep_made()  # the validated manual lives to the end of the build
        return config

    def _refuse_unsafe_site_dir(self, config: MkDocsConfig) -> None:
        """A plain `mkdocs build` empties site_dir too: never over the manual or the repo."""
        from sopgen.site.build import unsafe_site_dir

        config_dir = Path(config.config_file_path or ".").resolve().parent
        reason = unsafe_site_dir(
            Path(config.site_dir).resolve(),
            config_dir,
            self.manual_dir.resolve(),
            Path(config.docs_dir).resolve(),
        )
        if reason is not None:
            raise PluginError(reason.replace("--site-dir", "site_dir"))

    def _check_site_url(self, config: MkDocsConfig) -> None:
        """The theme prints site_url into every page as written and QR codes encode it: an
        address with a quote, space, control or bidi character is a problem at its line."""
        from sopgen.render.links import setting_position, site_url_problem
        from sopgen.validate.loader import display_path_for

        reason = site_url_problem(config.site_url) if config.site_url else None
        if reason is None:
            return
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            line, col = setting_position(path.read_text("utf-8"), "site_url")
        except (OSError, UnicodeDecodeError):
            line, col = 1, 1
        message = f"{display_path_for(path)}:{line}:{col}: site_url: {reason}. [{SITE_URL_RULE}]"
        if not self.is_serve:
            raise PluginError(message)
        log.warning(message)
        config.site_url = None  # the preview goes on without it (no canonical link, no QR)

    def _validate(self) -> Result:
        """The manual validated (and its problems logged), as `sopgen build` had not."""
        from sopgen.validate.pipeline import validate

        cache = None
        if self.is_serve:  # each save re-reads only the files that changed
            from sopgen.validate.cache import ValidateCache, cache_dir_for

            directory = cache_dir_for(self.manual_dir)
            if self.validate_cache is None or self.validate_cache.directory != directory:
                self.flush_cache()
                self.validate_cache = ValidateCache(directory, hold_writes=True)
            cache = self.validate_cache
        result = validate(self.manual_dir, today=self.today(), cache=cache, memo=self.memo)
        for problem in result.problems:
            log_problem(problem)
        return result

    def _versions_tested(self) -> bool:
        version = untested()
        if version is not None and not self._told_untested:
            log.info(notice(version))
            self._told_untested = True
        return version is None

    def _procedures_in_nav(self, config: MkDocsConfig) -> bool:
        if self.config.procedures_in_nav is not None:
            return bool(self.config.procedures_in_nav)
        return print_site_enabled(config)

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
            f"[{LANGUAGE_RULE}]"
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
        from sopgen.render import render_site

        self.pages = {}
        self.search_entries = []
        if self.result is None or self.result.manual is None:
            self._add_problem_pages(files, config)
            self._start_bodies(files)
            return files
        manual = self.result.manual
        self.procedures_by_source = {p.source: p for p in manual.procedures}
        self.options = self._render_options(config, manual)
        progress = self.overrides.progress
        if progress:
            progress(rendering_message(manual, self.options))
        if not config.site_url:
            note(NO_SITE_URL, progress)
        procedures_in_nav = self._procedures_in_nav(config)
        rendered = render_site(manual, self.options)
        self.pages = site_files.add_pages(files, config, rendered, procedures_in_nav, self._body_of)
        if self.is_serve:
            self._add_problem_pages(files, config)
            self.problem_pages.remember(self.pages)
        # serve: a server thread runs, so no worker processes are forked for the QR codes
        known = site_files.prepare_qr_codes(manual, self.options, parallel=not self.is_serve)
        # The bodies are made from the model alone: workers make them while this process
        # adds the printed documents, the images and the nav.
        self._start_bodies(files)
        site_files.add_printed_documents(files, config, manual, self.options, known=known)
        site_files.add_images(files, config, manual, self.manual_dir)
        site_files.add_assets(files, config)
        self._set_nav(files, config, manual, procedures_in_nav)
        self._check_links(files)
        collector.keep_made()  # the pages and files live to the end of the build
        return files

    def _add_problem_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Live preview: a page of problems where a procedure with errors would be (see
        problem_pages.py); a plain build stops on errors before this."""
        if not self.is_serve or self.result is None:
            return
        taken = {file.src_uri for file in files}
        pages = self.problem_pages.pages(self.result, taken)
        self.pages.update(site_files.add_pages(files, config, pages, False, self._body_of))

    def _render_options(self, config: MkDocsConfig, manual: Manual) -> RenderOptions:
        from sopgen.render import RenderOptions

        drafts = self.overrides.drafts
        return RenderOptions(
            include_drafts=self.config.drafts if drafts is None else drafts,
            today=self.today(),
            edit_url=manual.edit_url or edit_template(config),
            procedures_path=repo_path(config, self.manual_dir),
            directory_urls=bool(config.use_directory_urls),
            site_url=config.site_url or None,
            memo=self.memo,
        )

    def _set_nav(
        self, files: Files, config: MkDocsConfig, manual: Manual, procedures_in_nav: bool
    ) -> None:
        """The manual's part of the nav, merged into mkdocs.yml's (or MkDocs' own)."""
        from sopgen.render import nav

        generated_nav = nav(manual, self.options)
        if procedures_in_nav:
            titles = {path: page.title for path, page in self.pages.items() if page.source}
            generated_nav = site_nav.with_procedures(generated_nav, titles)
        tags_entry = site_files.add_tags_page(files, config, manual.language)
        if tags_entry is not None:
            generated_nav.append(tags_entry)
        self.nav_sections = site_nav.section_titles(generated_nav)
        config.nav = site_nav.merged_nav(config.nav, files, set(self.pages), generated_nav)
        for path, title in site_nav.titled_paths(config.nav).items():
            titled = files.get_file_from_path(path)
            if titled is not None and isinstance(titled.page, GeneratedPage):
                titled.page.title = title  # as MkDocs' nav gives a page it makes its title

    def _check_links(self, files: Files) -> None:
        for path, page in self.pages.items():
            procedure = self.procedures_by_source.get(page.source) if page.source else None
            if procedure is not None:
                texts = self.memo.call(linked_texts, procedure)
                warn_about_broken_links(procedure, texts, path, files)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self._start_conversions(config, files)  # the files are final by now
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

    def _start_bodies(self, files: Files) -> None:
        """Get the HTML pages' bodies made: ahead, in worker processes, for a big build (in
        the order MkDocs will build the pages)."""
        from sopgen.validate.filecheck import worker_count

        built = files.documentation_pages(inclusion=_inclusion(self.is_serve))
        html = [file.page for file in built if isinstance(file.page, HtmlPage)]
        readable = self.result is not None and self.result.manual is not None
        keys = self._body_keys(html) if self.is_serve and readable else None
        bodies = {page.file.src_uri: page.rendered.body for page in html}
        workers = worker_count(len(bodies), 2)
        self.bodies.start(
            bodies, list(bodies), keys=keys, workers=workers, extras=self._search_entries(html)
        )

    def _start_conversions(self, config: MkDocsConfig, files: Files) -> None:
        """Under live preview, the generated Markdown pages take their last conversion where
        their Markdown did not change."""
        built = files.documentation_pages(inclusion=_inclusion(self.is_serve))
        generated = [file.page for file in built if isinstance(file.page, GeneratedPage)]
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

    def _search_entries(self, pages: list[HtmlPage]) -> dict[str, Any]:
        """What makes each procedure page's search entry (made beside its body)."""
        from sopgen.site.search import procedure_entry

        entries = {}
        for page in pages:
            source = page.rendered.source
            procedure = self.procedures_by_source.get(source) if source else None
            if procedure is not None:
                entries[page.file.src_uri] = functools.partial(procedure_entry, procedure, page.url)
        return entries

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
                keys[page.file.src_uri] = f"{shared}:{self.memo.call(own_key, procedure)}"
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
            # Material's search would parse this page's HTML again; it gets one entry made
            # from the model, with every word of the procedure (site/search.py), by the
            # worker that makes its body when there are workers.
            entry = self.bodies.extra(
                page.file.src_uri, lambda: self.memo.call(procedure_entry, procedure, page.url)
            )
            self.search_entries.append(entry)
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
            finish=lambda output, content: self._finish(output, language, content),
            serve=self.is_serve,
            shared_partials=self.tuning.shared_partials,
            parallel_min_pages=self.tuning.parallel_min_pages,
        )

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_workers()

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
        return self._finish(output, config.theme["language"], page.content or "")

    def _finish(self, output: str, language: str, content: str) -> str:
        """The page as the theme wrote it (``content``: the page's own), with sopgen.site.fast's
        fixes and compaction where the installed MkDocs and Material are the versions they were
        tested with."""
        if not self.versions_tested:
            return output
        from sopgen.site.fast.compact import compact_html
        from sopgen.site.fast.theme_html import finish_page

        return compact_html(finish_page(output, language), content)

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


def _inclusion(serve: bool) -> Any:
    """Which pages MkDocs builds (as its build does: drafts under serve too)."""
    return InclusionLevel.is_in_serve if serve else InclusionLevel.is_included


def _lists_procedures(path: str, rendered: Any) -> bool:
    """Generated pages whose text grows with the manual (lists of procedures, steps, questions):
    their words are on the procedure pages already, so search finds them by title only."""
    from sopgen.render.links import GLOSSARY_PAGE
    from sopgen.render.reference import FIELDS_PAGE, RULES_PAGE

    if path == site_files.TAGS_PAGE:
        return True
    return rendered is not None and path not in (GLOSSARY_PAGE, FIELDS_PAGE, RULES_PAGE)

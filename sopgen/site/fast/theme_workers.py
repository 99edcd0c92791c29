"""Render the theme around the pages the renderer made as HTML: in worker processes for a big
build, and under live preview from the last build's output when nothing they show has changed.

MkDocs builds pages one by one: it renders the theme's template around each page's HTML
(~4 ms a page with Material), runs the plugins' page events and writes the file. For a
manual of thousands of procedures that is most of a build, and only one core works. So the
plugin hands MkDocs a stand-in template for these pages (``TEMPLATE``), whose whole output is
the finished page; the real work is done

- in a build: in one worker process per core, started when MkDocs has read every page (and
  every plugin's ``page_content`` event has run on it: ``on_env``). The workers render the
  theme's template (with the same context and ``page_context`` events MkDocs would give it)
  and sopgen's finishing, in the order MkDocs will ask for the pages, so MkDocs writes each
  page as its worker finishes it;
- under ``mkdocs serve`` (whose server thread rules out forking): in this process, at the
  moment MkDocs renders the page, unless the page's key is the same as in the last build: its
  content, the navigation, mkdocs.yml, the theme's templates and the page's own title, meta
  and URL. Then the last output is used as it is.

Either way the theme's site menu of a page outside the navigation (a procedure page) is made
once per category and reused: it is the same for every page there (see ``_PrimaryNav``); so is
its breadcrumb (``_PagePath``) and the table of contents of pages with the same headings
(see ``_PageToc``).

MkDocs still runs every plugin's ``page_context`` and ``post_page`` events once per page in
this process, and writes every file, so other plugins see every page as usual (the workers run
``page_context`` once more, for the context they render). Warnings logged while a worker
builds a page are logged again here, so ``--strict`` counts them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, TemplateNotFound, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from sopgen.site import collector
from sopgen.site.fast.render_cache import captured_warnings
from sopgen.validate.filecheck import start_worker

TEMPLATE = "sopgen/built-page.html"
_GLOBAL = "sopgen_built_page"
_STAND_IN = "{{ sopgen_built_page() }}"  # the stand-in template: the page as already built
# The theme's primary navigation, made once for all the pages that show it the same way.
NAV_PARTIAL = "partials/nav.html"
_THEME_NAV = "sopgen/theme-nav.html"  # the theme's own partial, under another name
_NAV_GLOBAL = "sopgen_primary_nav"
_NAV_STAND_IN = "{{ sopgen_primary_nav() }}"
# The theme's table of contents of a page, made once for all the pages with the same headings.
TOC_PARTIAL = "partials/toc.html"
_THEME_TOC = "sopgen/theme-toc.html"
_TOC_GLOBAL = "sopgen_page_toc"
_TOC_STAND_IN = "{{ sopgen_page_toc() }}"
# The theme's breadcrumb of a page, made once for all the pages under the same sections.
PATH_PARTIAL = "partials/path.html"
_THEME_PATH = "sopgen/theme-path.html"
_PATH_GLOBAL = "sopgen_page_path"
_PATH_STAND_IN = "{{ sopgen_page_path() }}"
# The theme's translations ("Search", "Table of contents", ...): its macro builds a table of
# every word of the language to look one up, ~30 times a page; each word is looked up once.
LANGUAGE_PARTIAL = "partials/language.html"
_THEME_LANGUAGE = "sopgen/theme-language.html"
_LANGUAGE_GLOBAL = "sopgen_translated"
_LANGUAGE_STAND_IN = "{% macro t(key) %}{{ sopgen_translated(key) }}{% endmacro %}"
# Partials that show only the site's settings, the theme's words and icons, and links to the
# site's files (relative, so alike on pages as deep as each other): made once per base_url.
SITE_PARTIALS = tuple(
    f"partials/{name}.html"
    for name in (
        *("search", "logo", "top", "palette", "alternate", "source", "copyright", "social"),
        *("icons", "progress", "integrations/analytics", "javascripts/base"),
        *("javascripts/palette", "javascripts/announce", "javascripts/outdated"),
        "javascripts/content",
    )
)
_SITE_GLOBAL = "sopgen_site_partial"

# sopgen's own finishing of a themed page, given its content (the plugin's post_page)
Finish = Callable[[str, str], str]


@dataclass
class _Job:
    page: Page
    template: str
    key: str | None = None  # under live preview: the digest of what the output shows


@dataclass
class _Built:
    output: str
    warnings: list[logging.LogRecord] = field(default_factory=list)


# What a worker process builds (set as it starts).
_Work = tuple[list[_Job], MkDocsConfig, Navigation, list[File], Any, Finish]
_WORK: _Work | None = None


def _start_worker(work: _Work) -> None:
    global _WORK
    start_worker()
    _WORK = work


def _build_in_worker(indices: list[int]) -> list[tuple[int, _Built]]:
    assert _WORK is not None
    jobs, config, nav, doc_files, env, finish = _WORK
    done = []
    for index in indices:
        job = jobs[index]
        page = job.page
        with captured_warnings() as warnings:
            # As MkDocs' _build_page does before it renders the template.
            config._current_page = page
            page.active = True
            try:
                context = _context(nav, doc_files, config, page)
                output = env.get_template(job.template).render(context)
            finally:
                page.active = False
                config._current_page = None
            output = finish(output, page.content or "")
        done.append((index, _Built(output, warnings)))
    return done


def _context(
    nav: Navigation, doc_files: list[File], config: MkDocsConfig, page: Page
) -> TemplateContext:
    from mkdocs.commands.build import get_context

    context = get_context(nav, doc_files, config, page)
    return config.plugins.on_page_context(context, page=page, config=config, nav=nav)


class HtmlPages:
    """The HTML pages of one site; kept by the plugin across live-preview rebuilds."""

    def __init__(self) -> None:
        self._jobs: dict[str, _Job] = {}  # src_uri -> job, in MkDocs' build order
        self._ready: dict[str, _Built] = {}
        self._results: Iterator[list[tuple[int, _Built]]] | None = None
        self._order: list[_Job] = []
        self._pool: Any = None
        self._finish: Finish = _unchanged
        self._last: dict[str, str] = {}  # key -> output of the last build (live preview)
        self._now: dict[str, str] = {}
        self.reused = 0  # pages taken from the last build as they were (the tests read it)
        self.menu: _PrimaryNav | None = None
        self.toc: _PageToc | None = None
        self.path: _PagePath | None = None
        self.site_partials = _SitePartials()

    def __contains__(self, page: Page) -> bool:
        return page.file.src_uri in self._jobs

    def start(
        self,
        pages: set[str],
        files: Files,
        env: Any,
        config: MkDocsConfig,
        nav: Navigation,
        *,
        finish: Finish,
        serve: bool,
        shared_partials: bool = True,
        parallel_min_pages: int = 40,
    ) -> Any:
        """Take over ``pages`` (src_uris, their content made) for this build; returns the
        Jinja environment MkDocs is to use. Under ``serve`` a page whose key is the same as
        in the last build is reused; ``shared_partials``: make the menu and the contents once
        for the pages they look the same on."""
        self.stop()
        self._finish, self.reused = finish, 0
        self._last, self._now = self._now, {}
        inclusion = InclusionLevel.is_in_serve if serve else InclusionLevel.is_included
        doc_files = list(files.documentation_pages(inclusion=inclusion))
        self._jobs = {}
        for file in doc_files:
            if file.src_uri not in pages or file.page is None:
                continue
            template = file.page.meta.get("template", "main.html")
            self._jobs[file.src_uri] = _Job(file.page, template)
            file.page.meta["template"] = TEMPLATE
        templates = {TEMPLATE: _STAND_IN}
        self.menu = self.toc = self.path = None
        theme_nav = _shared_partial(env, NAV_PARTIAL, config) if shared_partials else None
        if theme_nav is not None:
            templates |= {NAV_PARTIAL: _NAV_STAND_IN, _THEME_NAV: theme_nav}
            env.globals[_NAV_GLOBAL] = self.menu = _PrimaryNav(nav, config)
        theme_toc = _shared_partial(env, TOC_PARTIAL, config) if shared_partials else None
        if theme_toc is not None:
            templates |= {TOC_PARTIAL: _TOC_STAND_IN, _THEME_TOC: theme_toc}
            env.globals[_TOC_GLOBAL] = self.toc = _PageToc()
        theme_path = _shared_partial(env, PATH_PARTIAL, config) if shared_partials else None
        if theme_path is not None:
            templates |= {PATH_PARTIAL: _PATH_STAND_IN, _THEME_PATH: theme_path}
            env.globals[_PATH_GLOBAL] = self.path = _PagePath(nav)
        theme_language = _shared_partial(env, LANGUAGE_PARTIAL, config) if shared_partials else None
        if theme_language is not None and _is_plain_language_partial(theme_language):
            templates |= {LANGUAGE_PARTIAL: _LANGUAGE_STAND_IN, _THEME_LANGUAGE: theme_language}
            env.globals[_LANGUAGE_GLOBAL] = _Translations(env, config)
        self.site_partials = _SitePartials()
        for name in SITE_PARTIALS if shared_partials else ():
            theme_partial = _shared_partial(env, name, config)
            if theme_partial is not None:
                templates |= {name: _site_stand_in(name), _site_copy(name): theme_partial}
        env.globals[_SITE_GLOBAL] = self.site_partials
        env.loader = ChoiceLoader([DictLoader(templates), env.loader])
        env.globals[_GLOBAL] = self._output
        if serve:
            frame = _frame_key(config, nav)
            for job in self._jobs.values():
                job.key = _page_key(frame, job)
        from sopgen.validate.filecheck import worker_count

        todo = [job for job in self._jobs.values() if job.key not in self._last]
        workers = worker_count(len(todo), parallel_min_pages)
        if workers < 2:
            return env
        self._order = todo
        work = (todo, config, nav, doc_files, env, finish)
        # Compiled here, once, the templates are the workers' too (else each compiles them).
        _compile(env, {job.template for job in todo})
        import multiprocessing

        collector.keep_made()  # the workers share it; see site/collector.py
        context = multiprocessing.get_context("fork")
        self._pool = context.Pool(workers, initializer=_start_worker, initargs=(work,))
        # In MkDocs' order, a few pages a task: the first pages are ready soonest.
        chunks = [list(range(i, min(i + 8, len(todo)))) for i in range(0, len(todo), 8)]
        self._results = self._pool.imap(_build_in_worker, chunks)
        return env

    def stop(self) -> None:
        """End the workers (after the last page, or when the build fails)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        self._pool, self._results, self._order = None, None, []
        self._ready = {}

    @pass_context
    def _output(self, context: Context) -> Markup:
        """The stand-in template's output: the finished page."""
        page: Page = context["page"]
        job = self._jobs[page.file.src_uri]
        if job.key is not None and job.key in self._last:
            self.reused += 1
            output = self._last[job.key]
        else:
            built = self._built(job, context)
            for record in built.warnings:  # as if the page had been built here
                logging.getLogger(record.name).handle(record)
            output = built.output
        if job.key is not None:
            self._now[job.key] = output
        return Markup(output)

    def _built(self, job: _Job, context: Context) -> _Built:
        src_uri = job.page.file.src_uri
        while self._results is not None and src_uri not in self._ready:
            try:
                batch = next(self._results)
            except StopIteration:
                self._results = None
                break
            for index, built in batch:
                self._ready[self._order[index].page.file.src_uri] = built
        if src_uri in self._ready:
            return self._ready.pop(src_uri)
        # Here, in this process: MkDocs has made the context and run the page_context events.
        env = context.environment
        output = env.get_template(job.template).render(context.get_all())
        return _Built(self._finish(output, job.page.content or ""))


def _unchanged(output: str, content: str) -> str:
    return output


def _compile(env: Any, names: set[str]) -> None:
    """Compile templates and those they include, extend or import by name."""
    for name in _reachable(env, names):
        try:
            env.get_template(name)
        except Exception:  # the page's own render reports it, as MkDocs would
            continue


def _reachable(env: Any, names: set[str]) -> set[str]:
    """Templates and those they include, extend or import by name (a name is enough)."""
    from jinja2 import meta

    todo, seen = sorted(names), set(names)
    while todo:
        name = todo.pop()
        try:
            source = env.loader.get_source(env, name)[0]
            referenced = meta.find_referenced_templates(env.parse(source))
        except Exception:  # the page's own render reports it, as MkDocs would
            continue
        for other in referenced:
            if other is not None and other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _shared_partial(env: Any, name: str, config: MkDocsConfig) -> str | None:
    """The theme's source of a partial that is made once and shared by the pages it looks the
    same on; None when it is not to be shared."""
    if _overridden(env, name, config.theme.custom_dir):
        return None
    return _theme_template(env, name)


def _overridden(env: Any, name: str, custom_dir: str | None) -> bool:
    """Whether mkdocs.yml's custom_dir has its own ``name`` or a template it uses: made by the
    site's owner, it may show anything of the page (its title, ...), so it is not reused."""
    if not custom_dir:
        return False
    return any((Path(custom_dir) / used).is_file() for used in _reachable(env, {name}))


def _theme_template(env: Any, name: str) -> str | None:
    """The source of one of the theme's templates (a custom_dir's own, if it has one)."""
    try:
        source: str = env.loader.get_source(env, name)[0]
    except TemplateNotFound:
        return None
    return source


class _MadeOnce:
    """One of the theme's partials, made once for all the pages it looks the same on (by a
    key that holds everything of the page it shows) and reused for the others."""

    def __init__(self) -> None:
        self.made: dict[Any, Markup] = {}
        self.reused = 0  # pages that got it as made for another page (the tests read it)

    def _once(self, key: Any, context: Context, name: str) -> Markup:
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = _render_as(context, name)
        else:
            self.reused += 1
        return made


class _PrimaryNav(_MadeOnce):
    """The theme's primary navigation (the site menu), made once per way it looks.

    Material spends a third of a page's template on it, yet for a page that is not itself in
    the navigation (a procedure page) it depends only on the navigation, which of its items
    are active (the page's category and section) and the links from the page to them; pages
    of the same category get the same menu. So it is made for the first such page and reused
    for the others whose key (those links and active items) is the same. A page in the
    navigation gets the theme's own, as it is marked there. So does every page when the
    site's custom_dir has its own menu templates (see ``_overridden``).
    """

    def __init__(self, nav: Navigation, config: MkDocsConfig) -> None:
        self.items = list(_walk(nav.items))
        self.in_nav = {page.file.src_uri for page in nav.pages}
        urls = [item.url for item in self.items if getattr(item, "url", None) is not None]
        if nav.homepage is not None:
            urls.append(nav.homepage.url)
        if config.extra.get("homepage"):
            urls.append(str(config.extra["homepage"]))
        self.urls = urls
        # Each link's folders, as MkDocs resolves a link relative to a page (None: not a plain
        # path, so taken as depending on the whole of the page's address).
        self.url_parts = [_plain_parts(url) for url in urls]
        super().__init__()

    @pass_context
    def __call__(self, context: Context) -> Markup:
        page = context.get("page")
        if page is None or page.file.src_uri in self.in_nav:
            return _render_as(context, _THEME_NAV)
        key = (
            context.get("base_url", ""),
            _links_key(page.url, self.url_parts),
            tuple(bool(item.active) for item in self.items),
        )
        return self._once(key, context, _THEME_NAV)


def _links_key(page_url: str, url_parts: list[list[str] | None]) -> tuple[str, ...]:
    """What the links from a page at ``page_url`` to paths (``url_parts``, see
    ``_plain_parts``) depend on.

    MkDocs makes a link relative to the page's folder (``get_relative_url``): up to the part
    the two paths share, then down. Pages in one folder (a category's procedures, each in its
    own subfolder) get the same links, but for a link into a page's own subfolder: so the
    subfolder counts only where a link goes into one of that name."""
    folder, _, name = page_url.rpartition("/")
    folders = _plain_parts(page_url if "." not in name else folder)
    if not folders:
        return (page_url,)
    *parent, own = folders
    depth = len(parent)
    for parts in url_parts:
        if parts is None or (parts[:depth] == parent and parts[depth : depth + 1] == [own]):
            return (page_url,)
    return tuple(parent)


def _plain_parts(url: str | None) -> list[str] | None:
    """The folders of a site-relative path as MkDocs splits it, or None for anything else
    (an address, an absolute path, a fragment, a way up with ``..``)."""
    if url is None:
        return None
    if not url or url == ".":
        return []
    if ":" in url or url.startswith(("/", "#")) or "\\" in url or ".." in url:
        return None
    return [part for part in url.split("/") if part not in ("", ".")]


class _PageToc(_MadeOnce):
    """The theme's table of contents of a page ("On this page"), made once per way it looks.

    Material's partial shows the page's headings under its title (levels, anchors, titles)
    under the language's word for it, and nothing else of the page: procedure pages with the
    same sections have the same one (about a sixth of a page's template work).
    """

    @pass_context
    def __call__(self, context: Context) -> Markup:
        page = context.get("page")
        if page is None or page.toc is None:
            return _render_as(context, _THEME_TOC)
        items = list(page.toc)
        if items and items[0].level == 1:  # as the theme does: the title's subheadings only
            items = items[0].children
        return self._once(_headings(items), context, _THEME_TOC)


class _PagePath(_MadeOnce):
    """The theme's breadcrumb of a page (its sections, each linked to its first page), made
    once per way it looks.

    Material's partial shows the home page and the page's sections (their titles, and a link
    to the first page under each) unless the page hides it: every procedure page of a
    category has the same one."""

    def __init__(self, nav: Navigation) -> None:
        super().__init__()
        self.homepage = nav.homepage

    @pass_context
    def __call__(self, context: Context) -> Markup:
        page = context.get("page")
        if page is None:
            return _render_as(context, _THEME_PATH)
        shown = list(reversed(page.ancestors))
        if self.homepage is not None:
            shown.insert(0, self.homepage)
        links = [(item.title, _first_url(item)) for item in shown]
        hide = (page.meta or {}).get("hide")
        key = (
            str(context.get("base_url", "")),
            repr(hide),
            tuple(links),
            _links_key(page.url, [_plain_parts(url) for _, url in links]),
        )
        return self._once(key, context, _THEME_PATH)


def _first_url(item: Any) -> str | None:
    """Where the theme's breadcrumb links an item: a section to its first page (or that of
    its first section), anything else to its own address."""
    while getattr(item, "children", None):
        item = item.children[0]
    url = getattr(item, "url", None)
    return None if url is None else str(url)


def _site_stand_in(name: str) -> str:
    return "{{ %s(%r) }}" % (_SITE_GLOBAL, name)  # noqa: UP031 (Jinja's braces)


def _site_copy(name: str) -> str:
    """Where the theme's own partial is kept under the stand-in."""
    return f"sopgen/theme-{name.removeprefix('partials/').replace('/', '-')}"


class _SitePartials(_MadeOnce):
    """The theme's partials of ``SITE_PARTIALS``, each made once per base_url.

    Each shows the site's settings (mkdocs.yml, the theme's features and language) and links
    to the site's own files; such a link, made relative to the page, is the same on every
    page as deep in the site as another: the same base_url."""

    @pass_context
    def __call__(self, context: Context, name: str) -> Markup:
        key = (name, str(context.get("base_url", "")))
        return self._once(key, context, _site_copy(name))


class _Translations:
    """The theme's word for each key, looked up once (by the theme's own macro).

    The theme's macro depends on the theme's language only (mkdocs.yml's, one per build):
    the words are the same for every page. A site whose custom_dir has its own language
    templates gets the theme's macro on every call (see ``_shared_partial``)."""

    def __init__(self, env: Any, config: MkDocsConfig) -> None:
        self.env, self.config = env, config
        self.words: dict[str, Any] = {}
        self.translate: Callable[[str], Any] | None = None

    def __call__(self, key: str) -> Any:
        word = self.words.get(key)
        if word is None:
            if self.translate is None:
                module = self.env.get_template(_THEME_LANGUAGE).make_module({"config": self.config})
                self.translate = module.t
            word = self.words[key] = self.translate(key)
        return word


def _is_plain_language_partial(source: str) -> bool:
    """Whether the theme's language partial is the one the stand-in replaces: a macro
    ``t(key)`` and imports only (else the theme's own is used)."""
    body = re.sub(r"\{#.*?#\}|\{%-? import [^%]*%\}", "", source, flags=re.S)
    return (
        body.strip()
        == "{% macro t(key) %}{{ lang.t(key) or fallback.t(key) or key }}{% endmacro %}"
    )


def _headings(items: Any) -> tuple[Any, ...]:
    """What the theme's table of contents shows of a page's headings."""
    return tuple(
        (
            item.level,
            item.url,
            item.title,
            repr(getattr(item, "typeset", None)),
            _headings(item.children),
        )
        for item in items
    )


def _render_as(context: Context, name: str) -> Markup:
    """The template ``name`` rendered with the context of the template that called for it."""
    return Markup(context.environment.get_template(name).render(context.get_all()))


def _frame_key(config: MkDocsConfig, nav: Navigation) -> str:
    """What the theme's frame around a page depends on besides the page itself."""
    digest = hashlib.blake2b(digest_size=20)
    if config.config_file_path and Path(config.config_file_path).is_file():
        digest.update(Path(config.config_file_path).read_bytes())
    digest.update(repr(config.site_name).encode())
    digest.update(repr(list(config.extra_css) + list(config.extra_javascript)).encode())
    for item in _walk(nav.items):
        digest.update(f"{type(item).__name__}\0{item.title}\0{getattr(item, 'url', '')}\0".encode())
    for directory in config.theme.dirs:
        for template in sorted(Path(directory).rglob("*.html")):
            digest.update(f"{template}\0{template.stat().st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _walk(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or [])


def _page_key(frame: str, job: _Job) -> str:
    page = job.page
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{frame}\0{page.file.src_uri}\0{page.url}\0".encode())
    digest.update((page.content or "").encode())  # the table of contents is made from it
    digest.update(job.template.encode())
    digest.update(repr(sorted(page.meta.items(), key=lambda item: item[0])).encode())
    digest.update(repr(getattr(page.parent, "title", None)).encode())
    return digest.hexdigest()

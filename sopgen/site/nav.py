"""The site's navigation: the home page, the manual's categories (not every page), then guides."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import escape
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

HOME_PAGE = "index.md"


def merged_nav(
    configured: list[Any] | None, files: Files, generated_paths: set[str], generated: list[Any]
) -> list[Any]:
    """The hand-written nav then the manual's; without one, the home page, the manual's pages,
    then the other docs/ pages in MkDocs' own order.

    Staff open the site for the procedures: they come right after the home page, above guides
    for owners such as "Writing procedures".
    """
    if configured is not None:
        if _mentions(configured, generated_paths):
            return list(configured)  # the nav places the manual's pages itself
        return [*configured, *generated]
    hand_written = [
        f.src_uri
        for f in files.documentation_pages()
        if f.src_uri not in generated_paths and f.generated_by is None
    ]
    home = [uri for uri in hand_written if uri == HOME_PAGE]
    guides = [uri for uri in hand_written if uri != HOME_PAGE]
    return [*home, *generated, *nest_paths(guides)]  # type: ignore[no-untyped-call]


def with_procedures(generated: list[Any], procedures: dict[str, str]) -> list[Any]:
    """The manual's nav with each category a section of its index page and its procedures
    (``procedures``: page path -> title), for a site that lists every page in its menu."""
    by_category: dict[str, list[Any]] = {}
    for path in sorted(procedures):
        by_category.setdefault(category_index(path), []).append({procedures[path]: path})

    def expand(items: Any) -> Any:
        if isinstance(items, list):
            return [expand(item) for item in items]
        if not isinstance(items, dict):
            return items
        expanded = {}
        for title, value in items.items():
            if isinstance(value, str) and value in by_category:
                expanded[title] = [value, *by_category[value]]
            else:
                expanded[title] = expand(value)
        return expanded

    return list(expand(generated))


def section_titles(items: Any) -> set[str]:
    """Every section title in a MkDocs-style nav (dict keys whose value is a list)."""
    titles: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    titles.add(title)
                    titles |= section_titles(value)
    return titles


def titled_paths(items: Any) -> dict[str, str]:
    """Each page path a MkDocs-style nav gives a title (``{title: path}``), the first one."""
    found: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    found.setdefault(value, title)
                else:
                    for path, inner in titled_paths(value).items():
                        found.setdefault(path, inner)
    return found


def escape_titles(nav: Navigation, sections: set[str], generated_paths: set[str]) -> None:
    """Titles from YAML (section names, page titles given by the nav) as HTML-safe text."""
    for item in walk(nav.items):
        if isinstance(item, Section) and item.title in sections:
            item.title = escape(item.title)
        elif _titled_by_nav(item) and item.file.src_uri in generated_paths:
            item.title = escape(vars(item)["title"])


def place_in_category(
    files: Files, page_path: str, title: str, sections: dict[str, Section]
) -> None:
    """Give a page left out of the nav its category as parent: the sidebar opens the
    category's part of the nav and the breadcrumb ends at the category page.

    The category's section exists only as this parent, not in the nav, so the sidebar
    (which every page repeats) stays one link per category.
    """
    file = files.get_file_from_path(page_path)
    category = files.get_file_from_path(category_index(page_path))
    if file is None or category is None:
        return
    if not (isinstance(file.page, Page) and isinstance(category.page, Page)):
        return
    section = sections.get(category.src_uri)
    if section is None:
        section = Section(category.page.title or title, [category.page])
        parent = category.page.parent
        section.parent = parent if isinstance(parent, Section) else None
        sections[category.src_uri] = section
    file.page.parent = section


def category_index(page_path: str) -> str:
    """procedures/<category>/<ID>.md -> procedures/<category>/index.md"""
    return f"{page_path.rsplit('/', 1)[0]}/index.md"


def walk(items: Any) -> Iterator[Any]:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from walk(item.children)


def _mentions(nav: Any, paths: set[str]) -> bool:
    """True when a hand-written nav lists any of ``paths``."""
    if isinstance(nav, str):
        return nav in paths
    if isinstance(nav, list):
        return any(_mentions(item, paths) for item in nav)
    if isinstance(nav, dict):
        return any(_mentions(value, paths) for value in nav.values())
    return False


def _titled_by_nav(item: Any) -> bool:
    """A page whose title came from the nav: set before render, as raw text."""
    return isinstance(item, Page) and "title" in vars(item)

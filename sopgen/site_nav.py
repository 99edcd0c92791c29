"""The site's navigation: hand-written pages, then the manual's categories (not every page)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import escape
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths


def merged_nav(
    configured: list[Any] | None, files: Files, generated_paths: set[str], generated: list[Any]
) -> list[Any]:
    """The hand-written nav (or the docs/ pages in MkDocs' own order), then the manual's."""
    if configured is not None:
        if _mentions(configured, generated_paths):
            return list(configured)  # the nav places the manual's pages itself
        return [*configured, *generated]
    hand_written = [
        f.src_uri
        for f in files.documentation_pages()
        if f.src_uri not in generated_paths and f.generated_by is None
    ]
    return [*nest_paths(hand_written), *generated]  # type: ignore[no-untyped-call]


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


def escape_titles(nav: Navigation, sections: set[str], generated_paths: set[str]) -> None:
    """Titles from YAML (section names, page titles given by the nav) as HTML-safe text."""
    for item in walk(nav.items):
        if isinstance(item, Section) and item.title in sections:
            item.title = escape(item.title)
        elif _titled_by_nav(item) and item.file.src_uri in generated_paths:
            item.title = escape(vars(item)["title"])


def wrap_categories(nav: Navigation, category_paths: set[str]) -> None:
    """Make each category page the index of a section of its own (Material's
    navigation.indexes), so a procedure's breadcrumb reads "Procedures > Category"."""
    for section in [item for item in walk(nav.items) if isinstance(item, Section)]:
        for index, child in enumerate(section.children):
            if isinstance(child, Page) and child.file.src_uri in category_paths:
                wrapper = Section(child.title or "", [child])
                wrapper.parent, child.parent = section, wrapper
                section.children[index] = wrapper


def place_beside_category(files: Files, page_path: str) -> None:
    """A page left out of the nav takes its category's place (sidebar and breadcrumb)."""
    file = files.get_file_from_path(page_path)
    category = files.get_file_from_path(category_index(page_path))
    if file is None or category is None:
        return
    if isinstance(file.page, Page) and isinstance(category.page, Page):
        parent = category.page.parent
        file.page.parent = parent if isinstance(parent, Section) else None


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

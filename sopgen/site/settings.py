"""What the plugin sets in the MkDocs config for a manual: its options, theme language and
direction, search, Markdown extensions, the theme's HTML tooltips off, sopgen's assets."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from sopgen.render.options import MARKDOWN_EXTENSIONS
from sopgen.site.files import ASSET_DIR, ASSETS
from sopgen.site.html import direction
from sopgen.site.messages import note

if TYPE_CHECKING:
    from sopgen.model import Manual

log = logging.getLogger("mkdocs.plugins.sopgen")

FAST_INLINE = "sopgen.site.fast.markdown_inline"
TOOLTIPS = "content.tooltips"


class SopgenConfig(Config):  # type: ignore[no-untyped-call]
    procedures_dir = c.Type(str, default="procedures")  # relative to mkdocs.yml
    drafts = c.Type(bool, default=False)  # render draft and in-review procedures too
    today = c.Optional(c.Type(str))  # YYYY-MM-DD: review dates as of this day
    # Every procedure in the site menu, under its category (pages grow with the manual); unset:
    # only when mkdocs-print-site-plugin is used, whose print page holds what the menu holds.
    procedures_in_nav = c.Optional(c.Type(bool))


def configure_for(
    config: MkDocsConfig,
    manual: Manual,
    theme_language: str,
    *,
    fast: bool,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Set up ``config`` for the manual (``theme_language``: the theme's name of its language;
    ``fast``: sopgen.site.fast is used; ``progress``: sopgen build's one-line notes)."""
    config.theme["language"] = theme_language
    config.theme["direction"] = direction(manual.language)
    # manual.yaml is the one source of the title (and of its language); MkDocs still
    # requires a site_name in mkdocs.yml, which this replaces.
    config.site_name = escape(manual.title)
    _turn_off_html_tooltips(config, progress)
    _set_search_language(config, manual.language)
    _keep_ids_whole_in_search(config)
    _add_markdown_extensions(config, fast=fast)
    config.extra_css += [f"{ASSET_DIR}/{p.name}" for p in sorted(ASSETS.glob("*.css"))]
    config.extra_javascript += [f"{ASSET_DIR}/{p.name}" for p in sorted(ASSETS.glob("*.js"))]


def print_site_enabled(config: MkDocsConfig) -> bool:
    """mkdocs-print-site-plugin is on (its print page holds what the menu holds)."""
    print_site = config.plugins.get("print-site")
    return print_site is not None and bool(getattr(print_site, "config", {}).get("enabled"))


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


def _turn_off_html_tooltips(config: MkDocsConfig, progress: Callable[[str], None] | None) -> None:
    """Material's `content.tooltips` shows every `title` attribute as HTML (innerHTML),
    including the ones the theme makes from the manual's text (the site title on the logo,
    any cut-off title): script in a title would run. sopgen shows glossary definitions with
    its own tooltips, so the theme's are turned off and browsers show titles as text."""
    features = config.theme.get("features") or []
    if TOOLTIPS in features:
        config.theme["features"] = [f for f in features if f != TOOLTIPS]
        message = (
            f"The theme's {TOOLTIPS} feature is off: it would show the manual's text as HTML. "
            "Glossary terms show their definitions with sopgen's own tooltips; remove the "
            "feature from mkdocs.yml to silence this note."
        )
        note(f"note: {message}" if progress else message, progress)


def _set_search_language(config: MkDocsConfig, language: str) -> None:
    """Search stems words in the manual's language where lunr knows it (ar, de, fr, ...).

    Material derives this for some languages only (not Arabic); mkdocs.yml's choice wins.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or getattr(search.config, "lang", None):
        return
    primary = language.split("-", 1)[0].lower()
    stemmer = f"assets/javascripts/lunr/min/lunr.{primary}.min.js"
    if primary == "en" or any((Path(d) / stemmer).is_file() for d in config.theme.dirs):
        search.config.lang = [primary]


def _keep_ids_whole_in_search(config: MkDocsConfig) -> None:
    """Search keeps stop words, unless mkdocs.yml sets the search pipeline.

    A procedure id is searched as two words ("IN-003": "in" and "003"). Material drops stop
    words by default, and with them prefixes such as IN, IT, ON or AT: a search for IN-003
    then found every procedure numbered 003, ranked alike, and the one asked for was rarely
    first in a big manual. Kept, both words count and the id in the title ranks first.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and getattr(search.config, "pipeline", "unset") is None:
        search.config.pipeline = []


def _add_markdown_extensions(config: MkDocsConfig, *, fast: bool) -> None:
    for name, settings in MARKDOWN_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        if settings:
            mdx = config.mdx_configs.setdefault(name, {})
            for key, value in settings.items():
                mdx.setdefault(key, value)
    # Not part of the contract: the same HTML, with less work (see fast/markdown_inline.py).
    if fast and FAST_INLINE not in config.markdown_extensions:
        config.markdown_extensions.append(FAST_INLINE)

"""What the plugin sets in the MkDocs config for a manual: its options, theme language and
direction, search, Markdown extensions, the theme's HTML tooltips off, sopgen's assets."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from sopgen.render.options import MARKDOWN_EXTENSIONS
from sopgen.site.files import ASSET_DIR, ASSETS
from sopgen.site.html import direction

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


def configure_for(config: MkDocsConfig, manual: Manual, theme_language: str, *, fast: bool) -> None:
    """Set up ``config`` for the manual (``theme_language``: the theme's name of its language;
    ``fast``: sopgen.site.fast is used)."""
    config.theme["language"] = theme_language
    config.theme["direction"] = direction(manual.language)
    # manual.yaml is the one source of the title (and of its language); MkDocs still
    # requires a site_name in mkdocs.yml, which this replaces.
    config.site_name = escape(manual.title)
    _turn_off_html_tooltips(config)
    own = sorted({p.language for p in manual.procedures if p.language} - {manual.language})
    _set_search_language(config, [manual.language, *own])
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
    """Search reads words in the manual's language, and in the language of each procedure
    written in another one, where lunr knows it (ar, de, fr, hi, zh, ...). Its word
    characters come with the language: without Arabic's, an Arabic word is trimmed to
    nothing. Urdu (and Persian, Pashto) use Arabic's, their script; Tagalog is found with
    English's.

    Material derives this for some languages only (not Arabic); mkdocs.yml's choice wins.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or getattr(search.config, "lang", None):
        return
    chosen: list[str] = []
    for language in languages:
        primary = language.split("-", 1)[0].lower()
        primary = SAME_SCRIPT.get(primary, primary)
        stemmer = f"assets/javascripts/lunr/min/lunr.{primary}.min.js"
        known = primary == "en" or any((Path(d) / stemmer).is_file() for d in config.theme.dirs)
        if known and primary not in chosen:
            chosen.append(primary)
    if chosen:
        search.config.lang = chosen


# Languages lunr lacks, searched with the word characters of one in the same script.
SAME_SCRIPT = {"ur": "ar", "fa": "ar", "ps": "ar"}


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

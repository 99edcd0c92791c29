"""The one place that relies on MkDocs, Material and Python-Markdown beyond their public API
(for speed, and small fixes to Material's markup); used only with the versions it was tested
with, else the site is built the plain MkDocs way.

What is in here, and why no public API does it:

- ``theme_workers``: the theme's template is rendered around each page in worker processes
  (MkDocs renders pages one by one, on one core: most of a big build), with the site menu and
  the table of contents made once for the pages that show them alike. It sets MkDocs'
  ``config._current_page`` and calls ``mkdocs.commands.build.get_context`` as MkDocs' own
  ``_build_page`` does, and swaps Material's partials that look the same on many pages (the
  menu ``partials/nav.html``, the contents ``partials/toc.html``, the breadcrumb
  ``partials/path.html``, the site-wide ones and the language macro) for stand-ins by name.
- ``render_cache``: under live preview, a generated Markdown page whose Markdown did not
  change takes its last conversion, title included (MkDocs' ``Page._title_from_render``).
- ``markdown_inline``: Python-Markdown's inline processor, skipping text no inline pattern
  can match (it overrides the processor's private ``__handleInline``).
- ``theme_html`` and ``compact``: `dir` on <html>, a named search dialog, no idle inline
  scripts, and the theme's blank lines and indentation dropped, made by finding Material's
  exact markup (it has no template block or option for them).

Outside the tested versions (``TESTED``) none of it is used and a one-line notice says so; the
tests build the same site both ways and compare every file.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version


@dataclass(frozen=True)
class Tuning:
    """How a build uses what is in here (the plugin's; tests set it to compare the ways)."""

    fast: bool = True  # False: every page the plain MkDocs way
    shared_partials: bool = True  # the menu and contents made once for pages alike
    parallel_min_pages: int = 40  # forking costs ~0.1 s; a themed page ~6 ms


# Distribution -> (lowest version, first version not tested), as (major, minor).
TESTED: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "mkdocs": ((1, 6), (1, 7)),
    "mkdocs-material": ((9, 8), (9, 9)),
    "markdown": ((3, 11), (3, 12)),
}


def untested(installed: dict[str, str] | None = None) -> str | None:
    """None when the installed MkDocs and Material are within ``TESTED``; else which is not
    (``installed``: distribution -> version, instead of what is installed)."""
    for name, (lowest, beyond) in TESTED.items():
        found = installed.get(name) if installed is not None else _installed(name)
        if found is None or not lowest <= _major_minor(found) < beyond:
            return f"{name} {found or 'not installed'}"
    return None


def notice(untested_version: str) -> str:
    """The line logged when the plain way is taken."""
    mkdocs, material, markdown = (TESTED[n] for n in ("mkdocs", "mkdocs-material", "markdown"))
    return (
        f"sopgen: {untested_version} is outside the versions its fast page building was "
        f"tested with (MkDocs {_span(mkdocs)}, Material {_span(material)}, Python-Markdown "
        f"{_span(markdown)}); pages are built the plain MkDocs way (slower, same content)."
    )


def _span(bounds: tuple[tuple[int, int], tuple[int, int]]) -> str:
    (a, b), (c, d) = bounds
    return f">={a}.{b},<{c}.{d}"


def _installed(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _major_minor(text: str) -> tuple[int, int]:
    numbers = [int("".join(ch for ch in part if ch.isdigit()) or 0) for part in text.split(".")]
    major, minor = [*numbers, 0, 0][:2]
    return major, minor

"""Small fixes to the page Material writes, made by finding its exact markup: `dir` on
<html>, a named search dialog, and none of the inline scripts that have nothing to do.

Material has no template block or option for these; they depend on its markup as the tested
versions write it (see __init__.py), so they are made only there.
"""

from __future__ import annotations

import re

from sopgen.site.html import direction


def finish_page(output: str, language: str) -> str:
    """Material's page with `dir` on <html> and a named search dialog, without the theme's
    inline scripts that have nothing to do on it."""
    head = f'<html lang="{language}" class="no-js">'
    if head in output:
        # Material puts `dir` on <body> only; the whole document should say it.
        dir_head = f'<html lang="{language}" dir="{direction(language)}" class="no-js">'
        output = output.replace(head, dir_head, 1)
    output = _without_idle_tab_script(_without_idle_palette_script(output))
    return _name_search_dialog(output)


_PALETTE_SCRIPT = '<script>var palette=__md_get("__palette");'
_PALETTE_FORM = 'data-md-component="palette"'


def _without_idle_palette_script(output: str) -> str:
    """The page without Material's inline palette script (~700 bytes) when the site offers
    no palette to choose (no `theme.palette` list, so no toggle on the page).

    The script re-applies the reader's colour choice, which only the palette toggle stores;
    Material's template writes it whether or not there is a toggle. (Only a choice stored
    while the same site still had a toggle would have been re-applied by it.)
    """
    start = output.find(_PALETTE_SCRIPT)
    end = output.find("</script>", start)
    if start < 0 or end < 0 or _PALETTE_FORM in output:
        return output
    return output[:start] + output[end + len("</script>") :]


_SEARCH_DIALOG = 'data-md-component="search" role="dialog">'
_SEARCH_LABEL = re.compile(r'class="md-search__input" name="query" aria-label="([^"]*)"')


def _name_search_dialog(output: str) -> str:
    """Give Material's search dialog the search box's label (screen readers announce it)."""
    label = _SEARCH_LABEL.search(output)
    if label is None or _SEARCH_DIALOG not in output:
        return output
    named = f'data-md-component="search" role="dialog" aria-label="{label.group(1)}">'
    return output.replace(_SEARCH_DIALOG, named, 1)


# Material's script that opens the content tab a link's #fragment names (its radio input).
_TAB_SCRIPT = (
    "<script>var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))</script>'
)
_NAMED_INPUT = re.compile(r'<input\b[^>]*\bname="(?!query")')


def _without_idle_tab_script(output: str) -> str:
    """The page without Material's content-tab script (~140 bytes) when it has no input the
    script could set: only an element with a `name` is touched, and only an input's
    `checked` shows; the search box (`name="query"`) has no id to be named by a fragment."""
    if _TAB_SCRIPT not in output or _NAMED_INPUT.search(output):
        return output
    return output.replace(_TAB_SCRIPT, "", 1)

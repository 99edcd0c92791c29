"""Drop the blank lines and indentation the theme's templates leave in every page.

Material's Jinja templates emit the navigation with ~80 % whitespace: about 15 KB of a 28 KB
page frame. A run of whitespace that holds a line break is shown exactly like one line break
(HTML collapses it), so it is replaced by one, except inside elements where whitespace is kept
as written (`pre`, `textarea`) or is code (`script`, `style`), which are left untouched.

In the theme's frame around the page's content (not in the content itself), the line break
between two tags is dropped too where one of them starts or ends a block-level element
(`div`, `li`, `nav`, ...): there the break is at the start or end of a line, which the browser
never draws (or between a flex container's children, which it ignores). Between inline tags
(`a`, `span`, `svg`, `label`, ...) a line break is a visible space, and it stays; so does every
break in the repository link (`a.md-source`), whose two `div`s Material shows inline-block.
The line breaks around a navigation title (`<span class="md-ellipsis">`, always a flex item
whose text starts and ends its line) go as well, and so does the `xmlns` attribute of the
theme's inline icons, which an HTML page does not need. An icon the frame draws twice (the
search icon, the logo) is drawn the second time by an SVG `<use>` of the first.
"""

from __future__ import annotations

import functools
import itertools
import re

_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_NEWLINE_RUN = re.compile(r"\n\s*")

# The page's own content, as Material's base template wraps it.
_CONTENT_START = '<article class="md-content__inner md-typeset">'
_CONTENT_END = "</article>"
# Material's navigation and table of contents (sidebars, in this order).
_NAVIGATION = '<div class="md-sidebar md-sidebar--primary"'
_TABLE_OF_CONTENTS = '<div class="md-sidebar md-sidebar--secondary"'
# The column that holds the content, after the sidebars.
_CONTENT_COLUMN = '<div class="md-content" data-md-component="content">'
# Elements that Material's and sopgen's stylesheets never lay out inline (but Material's
# repository link, left out of this: see _INLINE_BLOCKS).
_BLOCKS = (
    *("html", "head", "body", "title", "meta", "link", "header", "footer", "main", "nav"),
    *("article", "div", "ul", "ol", "li", "form"),
)
# A line break just before a block element's start or end tag, or just after its end tag
# (each tried only where the page has a line break: the pattern starts with one).
_BLOCK_EDGE = re.compile(
    rf"\n(?:(?=</?(?:{'|'.join(_BLOCKS)})\b)|"
    + "|".join(rf"(?<=</{name}>\n)" for name in _BLOCKS if name not in ("meta", "link"))
    + ")"
)
_ITEM_START = re.compile(r"(<li\b[^>]*>)\n")
_NAV_TITLE = re.compile(r'<span class="md-ellipsis">\n([^<\n]*)\n</span>\n?')
# An <svg> in an HTML page is an SVG element whatever its attributes: the HTML parser gives it
# the SVG namespace; the icons' xmlns attribute is never read (Material's script does not).
_SVG_NAMESPACE = '<svg xmlns="http://www.w3.org/2000/svg" '
# One of Material's icons, as the frame has it (a single path; the namespace dropped). An id
# of Material's style (its own start with "__"; sopgen's ids never do).
_ICON = re.compile(r'<svg viewBox="([^"]*)"><path d="([^"]*)"/></svg>')
_ICON_ID = "__icon-"
# The repository link, whose icon and name are inline-block <div>s.
_INLINE_BLOCKS = re.compile(r'(<a\b[^>]*\bclass="md-source".*?</a>)', re.S)


def _squeeze(text: str) -> str:
    """Each whitespace run holding a line break as one line break.

    Done as "a line break and what follows it", then the spaces before: a pattern that may
    start with optional spaces is tried at every character of the page (5x slower).
    """
    text = _NEWLINE_RUN.sub("\n", text)
    if " \n" in text or "\t\n" in text:
        text = "\n".join([line.rstrip(" \t") for line in text.split("\n")])
    return text


def _frame_breaks(text: str) -> str:
    """Squeezed frame HTML without the line breaks a browser does not draw."""
    parts = _INLINE_BLOCKS.split(text) if 'class="md-source"' in text else [text]
    for index in range(0, len(parts), 2):
        part = _BLOCK_EDGE.sub("", parts[index])
        part = _ITEM_START.sub(r"\1", part)
        part = part.replace('\n<span class="md-ellipsis">\n', '<span class="md-ellipsis">\n')
        parts[index] = _NAV_TITLE.sub(r'<span class="md-ellipsis">\1</span>', part)
    return "".join(parts).replace(_SVG_NAMESPACE, "<svg ")


def _compact(html: str, frame: bool) -> str:
    parts = _KEPT.split(html)
    # re.split with two groups gives: text, kept element, its tag name, text, ...
    out: list[str] = []
    for index in range(0, len(parts), 3):
        text = _squeeze(parts[index])
        if frame:
            text = _frame_breaks(text)
        out.append(text)
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


def _shared_icons(html: str) -> str:
    """Frame HTML with each icon that is drawn again (the search icon and the logo are drawn
    twice in every page, ~250 bytes each) drawn as a reference to its first drawing."""
    icons = _ICON.findall(html)
    if len(icons) == len(set(icons)):
        return html
    repeated = {icon for icon in icons if icons.count(icon) > 1}
    ids: dict[tuple[str, str], str] = {}

    def draw(match: re.Match[str]) -> str:
        view_box, path = icon = (match.group(1), match.group(2))
        if icon not in repeated:
            return match.group(0)
        if icon in ids:
            return f'<svg viewBox="{view_box}"><use href="#{ids[icon]}"/></svg>'
        ids[icon] = f"{_ICON_ID}{len(ids) + 1}"
        return f'<svg viewBox="{view_box}"><path id="{ids[icon]}" d="{path}"/></svg>'

    return _ICON.sub(draw, html)


@functools.lru_cache(maxsize=64)
def _compact_sidebar(html: str) -> str:
    """The site navigation or a table of contents: the same on every page of a section, or
    with the same headings, hence kept."""
    return _compact(html, frame=True)


def compact_html(html: str, content: str = "") -> str:
    """The same page with each whitespace run that contains a line break made one line break,
    and without the line breaks of the theme's frame that are never drawn. ``content``: the
    page's own content, as the theme put it in the page (its HTML, which it holds once)."""
    start = html.find(_CONTENT_START)
    end = html.find(_CONTENT_END, start)
    if start < 0 or end < 0:
        return _compact(html, frame=False)
    start += len(_CONTENT_START)
    before, after = _compact_frame(html, start, end)
    return before + _compact_content(html[start:end], content) + after


def _compact_content(article: str, content: str) -> str:
    """The theme's article around the page's content; the content is passed over where it
    is known to have nothing to compact (most of a page: the theme's part is a few lines)."""
    if not _nothing_to_compact(content):
        return _compact(article, frame=False)
    at = article.find(content)
    if at < 0:
        return _compact(article, frame=False)
    end = at + len(content)
    return _compact(article[:at], frame=False) + content + _compact(article[end:], frame=False)


def _nothing_to_compact(content: str) -> bool:
    """Whether compacting ``content`` alone, or as part of a page, leaves it as it is: no line
    break, so no whitespace run to shorten, and no whitespace at its edges that a run of the
    text around it would take in."""
    return (
        len(content) > 1024  # else looking for it costs more than compacting it
        and "\n" not in content
        and not content[0].isspace()
        and not content[-1].isspace()
    )


def _compact_frame(html: str, start: int, end: int) -> tuple[str, str]:
    """The theme's frame before and after the article (from ``start`` to ``end``),
    compacted."""
    # Cut before each sidebar and the content column, as many of them as the page has, in
    # order: each cut is just before a <div>, so the line break that ends a part is never
    # drawn; the sidebars between the cuts are the same on many pages, hence kept.
    cuts: list[int] = []
    for marker in (_NAVIGATION, _TABLE_OF_CONTENTS, _CONTENT_COLUMN):
        found = html.find(marker, cuts[-1] if cuts else 0, start)
        if found < 0:
            break
        cuts.append(found)
    if len(cuts) < 2:
        before = _compact(html[:start], frame=True)
    else:
        parts = [_compact(html[: cuts[0]], frame=True)]
        parts += [_compact_sidebar(html[a:b]) for a, b in itertools.pairwise(cuts)]
        before = "".join(part.rstrip("\n") for part in parts)
        before += _compact(html[cuts[-1] : start], frame=True)
    return _shared_icons(before), _compact(html[end:], frame=True)

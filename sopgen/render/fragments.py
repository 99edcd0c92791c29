"""Markdown fields from YAML as sanitised HTML fragments, as Python-Markdown makes them."""

from __future__ import annotations

import html
import posixpath
import re
import threading
from functools import lru_cache
from urllib.parse import quote, unquote
from xml.etree.ElementTree import Element

import markdown as python_markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from sopgen.render.html import file_href, href
from sopgen.render.sanitize import sanitize_html
from sopgen.render.text import markdown as neutralised

# A neutralised field holding none of these converts to one plain paragraph: no inline
# pattern can match it and, on one line, no block starts with anything but its first character.
_SPECIAL = re.compile(r"[\\`*_\[\]<>&|{}\n\t]")
_BLOCK_START = re.compile(r"[-+#>:=!?~\s]|\d+[.)]")
# What a Markdown field can make inside a page: the site's block extensions (raw HTML, heading
# ids, abbreviations and headings are neutralised before conversion, so those are not needed).
_EXTENSIONS = ["admonition", "pymdownx.details", "attr_list", "tables", "def_list"]
_BLOCK_TAGS = frozenset(
    {"p", "div", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr"}
    | {"th", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "pre", "details"}
    | {"summary"}
)
# What a link destination starts with when it is not a file of this site relative to the page:
# a scheme (another site, mail, ...), an in-page anchor, or a site-absolute path.
_NOT_RELATIVE = r"[a-zA-Z][a-zA-Z0-9+.\-]*:|#|/"
_HREF = re.compile(rf'\bhref="(?!{_NOT_RELATIVE})([^"]*)"')
_RELATIVE = re.compile(rf"(?!{_NOT_RELATIVE}).")
# One converter per thread (Python-Markdown keeps state while converting), made on first use.
_local = threading.local()


@lru_cache(maxsize=32768)
def fragment(text: str) -> str:
    """A Markdown field as HTML: its formatting kept, its raw HTML shown as text, unsafe links
    and attributes dropped (see ``text.markdown``), then reduced to the site's allowlist.
    Relative links are left as written: :func:`on_page` makes them the page's."""
    source = neutralised(text)
    if not source:
        return ""
    if not _SPECIAL.search(source) and not _BLOCK_START.match(source):
        return f"<p>{source}</p>"  # nothing to convert, and nothing to escape
    return fragment_of_markdown(source)


def inline_fragment(text: str) -> str | None:
    """The field's HTML without its paragraph when it is one paragraph, else None."""
    return paragraph_inner(fragment(text))


def paragraph_inner(made: str) -> str | None:
    """The inside of HTML that is one plain paragraph, else None (several blocks, or a
    paragraph with attributes of its own)."""
    if made.startswith("<p>") and made.endswith("</p>") and made.count("</p>") == 1:
        return made[3:-4]
    return None


def with_lead(lead_html: str, lead_markdown: str, text: str) -> str:
    """The field with a bold lead-in ("**Why:** ...") starting its first paragraph."""
    made = fragment(text)
    if made.startswith("<p>") and not text.lstrip().startswith(("*", "_")):
        return f"<p>{lead_html} {made[3:]}"
    return fragment_of_markdown(f"{lead_markdown} {neutralised(text)}")


@lru_cache(maxsize=4096)
def fragment_of_markdown(source: str) -> str:
    """Markdown the renderer put together from neutralised fields, as sanitised HTML."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = python_markdown.Markdown(
            extensions=[*_EXTENSIONS, _NoBlockNewlines()]
        )
    return sanitize_html(converter.reset().convert(source))


class _BlockNewlines(Treeprocessor):  # type: ignore[misc]
    """Drops the line breaks next to block tags (Python-Markdown's prettify adds them): the
    page does not need that whitespace. Inside code every newline counts: a fragment with a
    code block keeps them all."""

    def run(self, root: Element) -> None:
        if root.find(".//pre") is not None:
            return
        for parent in root.iter():
            children = list(parent)
            if parent.tag in _BLOCK_TAGS:
                parent.text = (parent.text or "").lstrip("\n") or None  # after <tag>
                if not children:  # before </tag>
                    parent.text = (parent.text or "").rstrip("\n") or None
                parent.tail = (parent.tail or "").lstrip("\n") or None  # after </tag>
            if children and parent.tag in _BLOCK_TAGS | {root.tag}:
                last = children[-1]  # before </tag>
                last.tail = (last.tail or "").rstrip("\n") or None
            for index, child in enumerate(children):
                if child.tag not in _BLOCK_TAGS:
                    continue
                if index == 0:  # before <child>
                    parent.text = (parent.text or "").rstrip("\n") or None
                else:
                    before = children[index - 1]
                    before.tail = (before.tail or "").rstrip("\n") or None


class _NoBlockNewlines(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: python_markdown.Markdown) -> None:
        md.treeprocessors.register(_BlockNewlines(md), "sopgen-block-newlines", 5)  # after prettify


def is_relative(destination: str) -> bool:
    """A link destination that names a file of the site relative to the page."""
    return _RELATIVE.match(destination) is not None


def linked_file(page: str, path: str) -> str:
    """The docs path a relative link's ``path`` (no anchor) on ``page`` leads to, as MkDocs
    finds it: unquoted, from the page's folder."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))


def on_page(fragment_html: str, page: str, directory_urls: bool) -> str:
    """Relative links of a fragment made the final URLs MkDocs would have written on ``page``:
    a link to a Markdown page goes to its URL, any other file keeps its name."""
    if 'href="' not in fragment_html:
        return fragment_html

    def final(match: re.Match[str]) -> str:
        path, _, anchor = html.unescape(match.group(1)).partition("#")
        if not path:
            return match.group(0)
        # As MkDocs: the path unquoted to find the file, the file's URL quoted again.
        target = linked_file(page, path)
        if target.endswith(".md"):
            url = href(page, quote(target), anchor or None, directory_urls=directory_urls)
        else:
            url = file_href(page, target, directory_urls) + (
                "#" + html.escape(anchor) if anchor else ""
            )
        return f'href="{url}"'

    return _HREF.sub(final, fragment_html)

"""Text from YAML made safe for Markdown: plain one-line text, Markdown fields and URLs."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from urllib.parse import quote

# Characters Python-Markdown (with the tables extension) accepts after a backslash.
_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]|#!])")
# A one-line field must not start a block: heading, list, quote, admonition, table, setext...
_LINE_START = re.compile(r"^([#>:!|~]|[-+](?=\s|$)|[-=]+$|\d+\.(?=\s|$))")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
# A code span on one line; its text is shown as code, so it needs no escaping.
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)([^\n]*?[^`\n]|[^`\n])\1(?!`)")
_LINK_OPEN = re.compile(r"\]\(")
# A Markdown link or image, and emphasis or code marks: plain() keeps only their words.
_LINK_OR_IMAGE = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_MARKS = re.compile(r"[*_`]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def front_matter(meta: Mapping[str, str | Sequence[str]]) -> str:
    """A page's YAML front matter holding ``meta`` (one-line strings and lists of them); each
    string is written as a JSON string, which is a YAML scalar."""
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, str):
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            lines.append(f"{key}:")
            lines += [f"  - {json.dumps(item, ensure_ascii=False)}" for item in value]
    lines.append("---")
    return "\n".join(lines) + "\n"


def one_line(text: str) -> str:
    """Plain text on one line: control characters and line breaks become single spaces."""
    if not text.isprintable():  # line breaks, tabs and every _CONTROL character are not
        text = _CONTROL.sub(" ", text.replace("\r", " ").replace("\n", " ").replace("\t", " "))
    return " ".join(text.split())


def inline(text: str) -> str:
    """A one-line YAML string as literal Markdown text: no markup, no HTML, no new block."""
    text = one_line(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    match = _LINE_START.match(text)
    if match and not match.group(1).startswith("\\"):
        first = text[0]
        text = f"&#{ord(first)};{text[1:]}"
    return text


def markdown(text: str) -> str:
    """A Markdown field with its formatting kept but no raw HTML, unsafe link, attribute
    list, heading or page-wide definition (reference links, abbreviations)."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    lines = [_neutralise_line(line) for line in text.split("\n")]
    return "\n".join(lines).rstrip()


def _neutralise_line(line: str) -> str:
    out = []
    position = 0
    for match in _CODE_SPAN.finditer(line):
        out.append(_escape_prose(line[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(_escape_prose(line[position:]))
    escaped = "".join(out)
    stripped = escaped.lstrip(" ")
    indent = escaped[: len(escaped) - len(stripped)]
    if len(indent) < 4 and (
        stripped.startswith("#")
        or re.match(r"^\\?\*?\\?\[[^\]]*\\?\]:", stripped)  # reference or abbr definition
        or re.fullmatch(r"(=+|-+)\s*", stripped)  # setext underline
        or stripped.startswith(("```", "~~~"))  # an unclosed fence would swallow the page
    ):
        stripped = (
            "\\" + stripped if stripped[0] in "#-[*" else f"&#{ord(stripped[0])};" + stripped[1:]
        )
    return indent + stripped


def _escape_prose(text: str) -> str:
    """Escape HTML, attribute lists and image syntax; drop links with unsafe targets."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace("{", "\\{")
    text = text.replace("![", "\\![")
    return _LINK_OPEN.sub(lambda m: _link_open(text, m.end()), text)


def _link_open(text: str, after: int) -> str:
    """Keep ``](`` when the destination that follows is safe, else break the link."""
    end = text.find(")", after)
    destination = text[after : end if end != -1 else len(text)].split('"')[0]
    return "](" if is_safe_destination(destination) else "]\\("


def is_safe_destination(destination: str) -> bool:
    """True for http(s), mailto, tel, in-page and relative links; False for other schemes."""
    squeezed = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(destination)).lower()
    squeezed = squeezed.lstrip("<")
    scheme = _SCHEME.match(squeezed)
    return scheme is None or scheme.group(1) in SAFE_SCHEMES


def safe_url(url: str) -> str | None:
    """An absolute URL fit for an href, or None when its scheme is not allowed."""
    url = one_line(url)
    if not is_safe_destination(url) or _SCHEME.match(url.lower()) is None:
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def plain(text: str, limit: int = 90) -> str:
    """A short one-line plain version of Markdown (for link texts and tooltips)."""
    text = one_line(text)
    if "](" in text:  # the regular expressions run only on text that has what they remove
        text = _LINK_OR_IMAGE.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text:
        text = _MARKS.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return text


def indent(text: str, spaces: int = 4) -> str:
    """Every non-empty line indented, for content inside admonitions and list items."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))

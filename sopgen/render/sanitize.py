"""The second wall against script from YAML: generated page HTML reduced to a safe allowlist."""

from __future__ import annotations

import nh3

from sopgen.render.html import PERMALINK_TITLE

# What Python-Markdown and the contract's extensions (admonition, details, attr_list,
# md_in_html, tables, abbr, def_list, toc) plus the renderer's sop- markup produce.
_TAGS = {
    "a", "abbr", "b", "bdi", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "s", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "role", "aria-label", "aria-hidden"},
    "a": {"href", "title"},
    "abbr": {"data-sop-definition", "tabindex"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
    "time": {"datetime"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}
# Material's bundle loads Mermaid from the internet for any element with this class.
_FORBIDDEN_CLASSES = frozenset({"mermaid"})


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "title":
        # The theme's tooltips show a title as HTML: only the permalink's own title is kept
        # (a Markdown link title from YAML is dropped; the link text stays).
        return value if value == PERMALINK_TITLE else None
    if attribute == "tabindex":
        return "0" if value == "0" else None
    if attribute == "class":
        kept = [name for name in value.split() if name not in _FORBIDDEN_CLASSES]
        return " ".join(kept) or None
    if attribute == "id" and value.startswith("__"):
        return None  # Material's own controls use ids like __search; content must not clash
    if tag == "input" and attribute == "type":
        return "checkbox" if value == "checkbox" else None
    return value


def sanitize_html(html: str) -> str:
    """Keep the allowlisted tags, attributes and URL schemes (relative URLs too); drop the rest."""
    return str(
        nh3.clean(
            html,
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes=_SCHEMES,
            link_rel=None,
            strip_comments=True,
            attribute_filter=_filter,
        )
    )

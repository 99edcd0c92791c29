"""Drop the blank lines and indentation the theme's templates leave in every page.

Material's Jinja templates emit the navigation with ~80 % whitespace: about 15 KB of a 28 KB
page frame. A run of whitespace that holds a line break is shown exactly like one line break
(HTML collapses it), so it is replaced by one, except inside elements where whitespace is kept
as written (`pre`, `textarea`) or is code (`script`, `style`), which are left untouched.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_NEWLINE_RUN = re.compile(r"\n\s*")


def _squeeze(text: str) -> str:
    """Each whitespace run holding a line break as one line break.

    Done as "a line break and what follows it", then the spaces before: a pattern that may
    start with optional spaces is tried at every character of the page (5x slower).
    """
    text = _NEWLINE_RUN.sub("\n", text)
    if " \n" in text or "\t\n" in text:
        text = "\n".join([line.rstrip(" \t") for line in text.split("\n")])
    return text


def compact_html(html: str) -> str:
    """The same page with each whitespace run that contains a line break made one line break."""
    parts = _KEPT.split(html)
    # re.split with two groups gives: text, kept element, its tag name, text, ...
    out = []
    for index in range(0, len(parts), 3):
        out.append(_squeeze(parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)

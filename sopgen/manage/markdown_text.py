"""Untrusted text from YAML written into Markdown that others post (comments, job summaries)."""

from __future__ import annotations

import re

from sopgen.terminal import printable

# Backslash-escaped, these stay characters: no links, HTML, emphasis, code or table cells.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def literal(text: str) -> str:
    """``text`` on one line as literal Markdown; @mentions broken with a zero-width space."""
    flat = printable(" ".join(text.split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat).replace("@", "@\u200b")


def code_span(text: str) -> str:
    """``text`` (a file name) as one inline code span: on one line, control characters
    escaped, backticks that would close the span made quotes."""
    return "`" + printable(" ".join(text.split())).replace("`", "'") + "`"

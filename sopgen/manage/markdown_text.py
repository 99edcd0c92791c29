"""Untrusted text from YAML written into Markdown that others post (comments, job summaries)."""

from __future__ import annotations

import re

# Backslash-escaped, these stay characters: no links, HTML, emphasis, code or table cells.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def literal(text: str) -> str:
    """``text`` on one line as literal Markdown; @mentions broken with a zero-width space."""
    flat = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat).replace("@", "@\u200b")

"""Text from YAML made safe to print: control and bidi-override characters shown escaped."""

from __future__ import annotations

import re

# C0 and C1 controls and DEL (ESC starts terminal escape sequences, BEL rings, CR overwrites
# the line), and the bidi embeddings, overrides and isolates that reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` on one line with every unsafe character written as an escape (``\\x1b``)."""
    return _UNSAFE.sub(_escaped, text)


def printable_lines(text: str) -> str:
    """``text`` with its line breaks kept and every other unsafe character escaped."""
    return "\n".join(printable(line) for line in text.split("\n"))

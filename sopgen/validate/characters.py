"""Characters that make text look other than it is, named with their place in the file."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from sopgen.problems import Problem, Severity
from sopgen.validate.loader import Document

RULE = "characters"
RULE_DOC = (
    "A character that makes text look other than it is. Bidi override characters "
    "(U+202A–U+202E) reorder the text around them, so a line reads differently from what it "
    "holds; control characters (ESC, BEL, NUL…) can change what a terminal shows; both are "
    "errors. Invisible characters (U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER, a soft hyphen…) "
    "make two words that look the same differ: a warning. The message names the character "
    "(`U+200B ZERO WIDTH SPACE`); delete it (in most editors: place the cursor after the "
    "visible character and press Backspace twice). Right-to-left marks and isolates "
    "(U+200E, U+200F, U+2066–U+2069) used in Arabic or Hebrew text are fine."
)
_OVERRIDES = "\u202a-\u202e"
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
_INVISIBLE = "\u00ad\u180e\u200b\u2060-\u2064\ufeff"
_SUSPECT = re.compile(f"[{_OVERRIDES}{_CONTROLS}{_INVISIBLE}]")
_CONTROL_NAMES = {
    0: "NULL",
    7: "BELL",
    8: "BACKSPACE",
    9: "TAB",
    10: "LINE FEED",
    13: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}


def character_name(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`: the code point and its Unicode name."""
    code = ord(char)
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(code, "CONTROL CHARACTER")
    return f"U+{code:04X} {name}"


def _problem_for(char: str) -> tuple[Severity, str]:
    named = character_name(char)
    if "\u202a" <= char <= "\u202e":
        return Severity.ERROR, (
            f"{named} reorders the text around it, so it reads differently from what it "
            "holds: delete it (right-to-left marks and isolates are fine)."
        )
    if char in _INVISIBLE or char == "\ufeff":
        return Severity.WARNING, (
            f"{named} is invisible: text with it looks the same as text without it but is "
            "not equal (a search or a reference misses it); delete it."
        )
    return Severity.ERROR, (
        f"{named} is a control character, which can change what a terminal or page shows: "
        "delete it."
    )


def character_problems(document: Document) -> list[Problem]:
    """Suspect characters in a document: in its text (a character written as itself, at its
    line and column) and in its values (one written as a YAML escape such as "\\u202e")."""
    text = document.text or ""
    if document.data is None or not (_SUSPECT.search(text) or "\\" in text):
        return []  # the common case: one scan of the file, nothing found
    problems = []
    seen: set[str] = set()
    start = 1 if text.startswith("\ufeff") else 0  # a byte-order mark at the start is fine
    for match in _SUSPECT.finditer(text, start):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        severity, message = _problem_for(match.group(0))
        problems.append(Problem(document.display_path, line, col, severity, RULE, message))
        seen.add(match.group(0))
    if "\\" in text:
        for where, value in _strings(document.data, ()):
            for char in sorted(set(_SUSPECT.findall(value)) - seen):
                severity, message = _problem_for(char)
                problems.append(document.problem(where, RULE, message, severity))
    return problems


def _strings(
    value: Any, where: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))

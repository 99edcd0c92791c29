"""ready-to-publish: no placeholder text after draft; effective ones name approver, date, change."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from sopgen.problems import Problem, Severity
from sopgen.validate.loader import Document
from sopgen.validate.rules import Sources, Where

ID = "ready-to-publish"
SEVERITY = Severity.ERROR  # placeholders; the missing approval fields are warnings
MISSING = Severity.WARNING
# What `sopgen new` writes ("TODO: ...") and the other usual marks of text not written yet.
# Upper case only: "todo" in a sentence is a word, "TODO" is a mark.
PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME)\b|(?i:\blorem ipsum\b)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def check(sources: Sources) -> Iterator[Problem]:
    """A procedure that is not a draft contains no placeholder text, and an effective one has
    `approved_by`, `effective` and a `changes` entry for its current `revision`.

    `sopgen new` writes `TODO: ...` where the summary and the first step go. A draft may keep
    them while it is written; from `in-review` on, the text is what people will follow, so a
    `TODO`, `TBD`, `FIXME` or *lorem ipsum* anywhere in it is an **error** (the build stops,
    and nothing half-written reaches the staff). Comments (`# ...`) are not checked. Fix:
    write the text, or set `status: draft` until it is written.

    An effective procedure without `approved_by`, without `effective`, or without a `changes`
    entry for its current revision is a **warning**, which `--strict` (and so the pull-request
    check) turns into a failure. A warning and not an error so that a manual moved into sopgen
    from elsewhere still builds and shows its staff the procedures while the owners fill in
    the history; an auditor asks who approved a revision and from when it applies, and the
    site shows both only when the file says them. `in-review` procedures are not approved
    yet and `retired` ones are history, so only `effective` ones are checked. Fix: add
    `approved_by: ROLE`, `effective: YYYY-MM-DD`, and under `changes:` an entry
    `{revision: 'N', date: YYYY-MM-DD, summary: What changed.}` for the current revision.
    """
    for document in sources.procedures:
        data = document.data
        if data["status"] == "draft":
            continue
        yield from _placeholders(document)
        if data["status"] == "effective":
            yield from _missing_approval(document)


def _placeholders(document: Document) -> Iterator[Problem]:
    # Most files have none: one search of the whole text first, the values only on a hit (a
    # hit may be in a comment, which is not published).
    if document.text is not None and not _found(document.text):
        return
    status_at = document.position(("status",))
    for where, value in _strings(document.data, ()):
        match = _found(value)
        if match is None:
            continue
        line, col = _place(document, where, match.group(0))
        word = match.group(0)
        yield Problem(
            document.display_path,
            line,
            col,
            Severity.ERROR,
            ID,
            f"`{word}` is placeholder text, and this procedure is `{document.data['status']}` "
            f"(line {status_at[0]}): write the real text here, or set `status: draft` until "
            "it is written.",
        )


def _found(text: str) -> re.Match[str] | None:
    # Most texts have none of the words, and substring tests say so several times faster than
    # PLACEHOLDER's search (its leading \b rules out the regular expression's quick scan). No
    # character but themselves and their capitals matches the letters of "lorem" ignoring case
    # (as "ı" matches "i"), so the lower-cased text holds "lorem" whenever PLACEHOLDER would
    # find "lorem ipsum".
    if not ("TODO" in text or "TBD" in text or "FIXME" in text or "lorem" in text.lower()):
        return None
    return PLACEHOLDER.search(text)


def _strings(value: Any, where: Where) -> Iterator[tuple[Where, str]]:
    """Every text value in the data with its path, in file order."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))


def _place(document: Document, where: Where, word: str) -> tuple[int, int]:
    """Where the placeholder itself stands in the file: inside the value's text as written,
    else (an escape or a fold splits it) where the value starts."""
    node = document.node_at(where)
    text = document.text
    if not isinstance(node, yaml.ScalarNode) or text is None:
        return document.position(where)
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def offset(mark: yaml.Mark) -> int:
        return starts[mark.line] + mark.column if mark.line < len(starts) else len(text)

    begin = offset(node.start_mark)
    found = text.find(word, begin, offset(node.end_mark))
    if found < 0:
        return node.start_mark.line + 1, node.start_mark.column + 1
    line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= found)
    return line + 1, found - starts[line] + 1


def _missing_approval(document: Document) -> Iterator[Problem]:
    data = document.data
    revision = str(data["revision"])
    if "approved_by" not in data:
        yield document.problem(
            ("status",),
            ID,
            "An effective procedure names who approved it: add `approved_by:` with the role "
            "that approved this revision (or set `status: in-review` until it is approved).",
            severity=MISSING,
        )
    if "effective" not in data:
        yield document.problem(
            ("status",),
            ID,
            "An effective procedure says from when it applies: add `effective: YYYY-MM-DD`, "
            "the day this revision came into force.",
            severity=MISSING,
        )
    changes = data.get("changes") or []
    if not any(str(change.get("revision")) == revision for change in changes):
        where: Where = ("changes",) if "changes" in data else ("revision",)
        yield document.problem(
            where,
            ID,
            f"The change history has no entry for revision {revision}: add under `changes:` "
            f"`- {{revision: '{revision}', date: YYYY-MM-DD, summary: What changed.}}`.",
            severity=MISSING,
        )

"""Search entries of a procedure page, made from the model: a light one that finds it by id,
title, summary, trigger and tags, and one for its steps that holds every other word.

Material's search plugin reads every page's HTML back with Python's HTML parser (a third of a
build) and indexes every section: about 10 KB of index per procedure, 50 MB for 5,000. A
procedure page is instead indexed from the model, with the words people search for, and
Material's own pass skips it (`search: exclude`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from sopgen.model import Procedure, Step

# Markdown punctuation that means nothing in a search result's text.
_MARKUP = re.compile(r"[*_`#>|]+|\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"\s+")


def plain(markdown: str) -> str:
    """Markdown as escaped plain text for the index (Material shows result text as HTML)."""
    text = _MARKUP.sub(lambda m: m.group(1) or " ", markdown)
    return escape(_SPACES.sub(" ", text).strip())


def _step_words(step: Step) -> Iterator[str]:
    """Everything a step says, its substeps and the steps of its options, in reading order."""
    yield step.do or step.decide or ""
    yield step.why or ""
    yield from (text for _, text in step.admonitions)
    if step.verify is not None:
        yield step.verify.check
    yield step.record or ""
    for sub in step.substeps:
        yield from _step_words(sub)
    for option in step.options:
        yield option.when
        for sub in option.steps:
            yield from _step_words(sub)


def _words(procedure: Procedure) -> Iterator[str]:
    """Every word of a procedure a worker might type, beyond its id, title and summary."""
    yield from procedure.before_you_start
    yield from procedure.materials
    for spec in procedure.specs:
        yield from (spec.item, spec.value, spec.tolerance, spec.note)
    for step in procedure.steps:
        yield from _step_words(step)
    for question in procedure.recurring_questions:
        yield from (question.question, question.answer, question.root_cause)
    for metric in procedure.metrics:
        yield from (metric.name, metric.target, metric.investigate_when, metric.how_measured)
    yield from procedure.records
    yield procedure.purpose or ""
    yield procedure.scope or ""


def procedure_entries(procedure: Procedure, location: str, steps: str) -> list[dict[str, Any]]:
    """The index entries of a procedure page at ``location`` (its URL from the site root):
    the page's own, then its steps section (``steps``: that heading in the page's language)
    with all the rest of its text, whole. The page's entry ranks first for its id and title:
    Material weighs titles and tags far above text, and groups the section under its page."""
    parts = [procedure.summary, procedure.trigger or ""]
    page: dict[str, Any] = {
        "location": location,
        "title": escape(f"{procedure.id} {procedure.title}"),
        "text": "<p>" + " ".join(plain(part) for part in parts if part) + "</p>",
    }
    # The id is a tag of the entry too: Material weighs tags above titles, so a search for
    # "IN-003" puts IN-003 before other procedures numbered 003 whose title holds "in".
    page["tags"] = [escape(procedure.id), *(escape(tag) for tag in procedure.tags)]
    words = " ".join(plain(part) for part in _words(procedure) if part)
    section = {"location": f"{location}#steps", "title": escape(steps), "text": f"<p>{words}</p>"}
    return [page, section]


def title_entry(title: str, location: str) -> dict[str, Any]:
    """An entry that finds a page by its title alone (``title`` is already escaped)."""
    return {"location": location, "title": title, "text": ""}


def add_to_index(index_file: Path, entries: list[dict[str, Any]]) -> None:
    """Append entries to the index Material wrote (its format: {"config": ..., "docs": [...]})."""
    index = json.loads(index_file.read_text("utf-8"))
    index["docs"] = [*index.get("docs", []), *entries]
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")

"""A light search entry per procedure page: id, title, summary, trigger, tags and step texts.

Material's search plugin reads every page's HTML back with Python's HTML parser (a third of a
build) and indexes every section: about 10 KB of index per procedure, 50 MB for 5,000. A
procedure page is instead indexed from the model in one entry, with the words people search
for, and Material's own pass skips it (`search: exclude`).
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

from sopgen.model import Procedure, Step

# Markdown punctuation that means nothing in a search result's text.
_MARKUP = re.compile(r"[*_`#>|]+|\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"\s+")
# Step texts kept per procedure: the top-level steps and their substeps, within a budget, so
# the index of 5,000 procedures stays a few megabytes (phones download it whole).
MAX_TEXT = 600


def plain(markdown: str) -> str:
    """Markdown as escaped plain text for the index (Material shows result text as HTML)."""
    text = _MARKUP.sub(lambda m: m.group(1) or " ", markdown)
    return escape(_SPACES.sub(" ", text).strip())


def _step_texts(steps: tuple[Step, ...]) -> list[str]:
    texts = []
    for step in steps:
        texts.append(step.do or step.decide or "")
    for step in steps:
        texts += [sub.do or sub.decide or "" for sub in step.substeps]
    return [text for text in texts if text]


def procedure_entry(procedure: Procedure, location: str) -> dict[str, Any]:
    """The index entry of a procedure page at ``location`` (its URL from the site root)."""
    parts = [procedure.summary, procedure.trigger or ""]
    text = " ".join(plain(part) for part in parts if part)
    for step_text in _step_texts(procedure.steps):
        if len(text) > MAX_TEXT:
            break
        text += " " + plain(step_text)
    entry: dict[str, Any] = {
        "location": location,
        "title": escape(f"{procedure.id} {procedure.title}"),
        "text": f"<p>{text}</p>",
    }
    # The id is a tag of the entry too: Material weighs tags above titles, so a search for
    # "IN-003" puts IN-003 before other procedures numbered 003 whose title holds "in".
    entry["tags"] = [escape(procedure.id), *(escape(tag) for tag in procedure.tags)]
    return entry


def title_entry(title: str, location: str) -> dict[str, Any]:
    """An entry that finds a page by its title alone (``title`` is already escaped)."""
    return {"location": location, "title": title, "text": ""}


def add_to_index(index_file: Path, entries: list[dict[str, Any]]) -> None:
    """Append entries to the index Material wrote (its format: {"config": ..., "docs": [...]})."""
    index = json.loads(index_file.read_text("utf-8"))
    index["docs"] = [*index.get("docs", []), *entries]
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")

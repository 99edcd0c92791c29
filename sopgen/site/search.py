"""One search entry per procedure page, made from the model: found first by its id, title and
tags, and by every other word a worker might type, each kept once.

Material's search plugin reads every page's HTML back with Python's HTML parser (a third of a
build) and indexes every section: about 10 KB of index per procedure, 50 MB for 5,000. A
procedure page is instead indexed from the model, and Material's own pass skips it (`search:
exclude`). The entry's text is one paragraph (Material shows only the paragraphs of a result
that hold a word searched for, so the summary must share one with the words): it starts with
the summary and when to use it (what a result shows; sopgen.css shows its first three lines),
then holds the distinct words of everything else: steps and substeps, why, warnings and
notes, checks, records, decision questions and options, specs, recurring questions and
answers, metrics, before you start, materials, purpose and scope. Whole sentences of all that
would make the index of 5,000 procedures three times the 6 MB a phone should download.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html import escape
from itertools import compress
from pathlib import Path
from typing import Any

from sopgen.model import Procedure, Step

# Markdown punctuation that means nothing in a search result's text.
_MARKUP = re.compile(r"[*_`#>|]+|\[([^\]]*)\]\([^)]*\)")
# The same, for texts joined by a NUL: a link cannot span two texts, so one pass over them all
# strips each as a pass per text would.
_JOINED = "\0"
_MARKUP_JOINED = re.compile(r"[*_`#>|]+|\[([^\]\0]*)\]\([^)\0]*\)")
_SPACES = re.compile(r"\s+")
_EDGES = re.compile(r"^\W+|\W+$")
# English function words: each is in nearly every procedure, so it finds none of them.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "it's",
        "its",
        "itself",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "also",
        "just",
    ]
)


def plain(markdown: str) -> str:
    """Markdown as escaped plain text for the index (Material shows result text as HTML)."""
    text = _MARKUP.sub(_markup_text, markdown)
    return escape(_SPACES.sub(" ", text).strip(), quote=False)


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


def searchable_texts(procedure: Procedure) -> Iterator[str]:
    """Every text of a procedure a worker might search, beyond its id, title and summary."""
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


def distinct_words(texts: Iterable[str], known: str) -> str:
    """The words of ``texts`` once each, in the order they come, leaving out those in
    ``known``, English function words, and a word that begins a longer one kept (search
    matches what is typed as the start of a word: "sanitise" finds "sanitiser")."""
    seen = {key for key, _ in map(_key_and_word, known.split())} | STOP_WORDS | {""}
    # Each text loses its markup on its own (a link never spans two), then all are one string:
    # its words are found and made unique in C, and only the distinct ones looped over here.
    stripped = _without_markup(list(texts))
    found: dict[str, str] = {}
    tokens = dict.fromkeys(escape(stripped, quote=False).split())
    for key, word in map(_key_and_word, tokens):
        if key not in seen and key not in found:
            found[key] = word
    # In sorted order a word that begins a longer one comes just before a word it begins.
    # Found pair by pair in C (map, compress): a loop here took a sixth of an entry's time.
    keys = sorted(found)
    for covered in compress(keys, map(str.startswith, keys[1:], keys)):
        del found[covered]
    return " ".join(found.values())


@lru_cache(maxsize=1 << 15)  # a manual's pages share most of their words
def _key_and_word(token: str) -> tuple[str, str]:
    """A token without the punctuation at its ends, and in lower case (how it is compared)."""
    word = _EDGES.sub("", token)
    return word.lower(), word


def _without_markup(texts: list[str]) -> str:
    """The texts without their markup, joined by spaces."""
    joined = _JOINED.join(texts)
    if joined.count(_JOINED) != len(texts) - 1:  # a text holds a NUL itself: one pass each
        return " ".join(_MARKUP.sub(_markup_text, text) for text in texts)
    return _MARKUP_JOINED.sub(_markup_text, joined).replace(_JOINED, " ")


def _markup_text(match: re.Match[str]) -> str:
    return match.group(1) or " "


def procedure_entry(procedure: Procedure, location: str) -> dict[str, Any]:
    """The index entry of a procedure page at ``location`` (its URL from the site root)."""
    lead = " ".join(plain(part) for part in (procedure.summary, procedure.trigger or "") if part)
    words = distinct_words(searchable_texts(procedure), f"{procedure.id} {procedure.title} {lead}")
    entry: dict[str, Any] = {
        "location": location,
        "title": escape(f"{procedure.id} {procedure.title}"),
        "text": f"<p>{lead} {words}</p>" if words else f"<p>{lead}</p>",
    }
    # The id is a tag of the entry too: Material weighs tags above titles (and titles far above
    # text), so a search for "IN-003" puts IN-003 first, before procedures that mention it.
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

"""A procedure's search entry: every word of every field is found (whole or as the start of a
longer word kept), the id and title lead, and the words are kept once."""

from __future__ import annotations

import re
from pathlib import Path

from sopgen.site.search import STOP_WORDS, plain, procedure_entry, searchable_texts
from sopgen.validate.pipeline import validate

EXAMPLE = Path(__file__).resolve().parents[1] / "procedures"


def _words(text: str) -> list[str]:
    return [re.sub(r"^\W+|\W+$", "", word).lower() for word in plain(text).split()]


def test_every_word_of_every_field_is_in_the_entry() -> None:
    manual = validate(EXAMPLE).manual
    assert manual is not None
    checked = 0
    for procedure in manual.procedures:
        entry = procedure_entry(procedure, f"procedures/x/{procedure.id}/")
        assert entry["title"].startswith(procedure.id)
        assert entry["tags"][0] == procedure.id
        parts = re.split(r"\s+|<[^>]+>", entry["text"])
        tokens = [re.sub(r"^\W+|\W+$", "", part).lower() for part in parts]
        tokens += _words(entry["title"])
        for text in searchable_texts(procedure):
            for word in _words(text):
                if not word or word in STOP_WORDS:
                    continue
                assert any(token.startswith(word) for token in tokens), (procedure.id, word)
                checked += 1
        lead = " ".join(plain(part) for part in (procedure.summary, procedure.trigger) if part)
        assert entry["text"].startswith(f"<p>{lead}")  # what a result shows first
        words = entry["text"].removeprefix(f"<p>{lead}").removesuffix("</p>")
        keys = [re.sub(r"^\W+|\W+$", "", w).lower() for w in words.split()]
        assert len(keys) == len(set(keys)), procedure.id  # each word once
    assert checked > 3000

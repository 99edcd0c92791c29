"""Glossary terms on a procedure page wrapped in <abbr>, where the abbr extension would put
them: in every text of the page but code and the raw HTML paragraphs.

The definition goes in a data attribute that sopgen.css shows on hover and focus (a tap), not
in `title`: the theme's tooltips put a title into the page as HTML."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from sopgen.model import Manual, Procedure, Step
from sopgen.render.text import plain

# A tag (its quoted attribute values may hold ">"), or a character reference: never text to
# search, so a term cannot land inside markup or split "&amp;".
_MARKUP = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>|&(?:#\w+|\w+);)""")
# Where the abbr extension finds no text: code (atomic) and the paragraphs the page writes as
# raw HTML, which Python-Markdown passes through untouched. Nor in an inline SVG (the
# flowchart, a QR code): an HTML <abbr> inside SVG text is not drawn, so the word would vanish.
TERM = '<abbr class="sop-term" tabindex="0" data-sop-definition="{definition}">{term}</abbr>'
_SKIP_OPEN = re.compile(r'<(code|pre|abbr|svg)\b|<p class="sop-(?:done|sign)"')


def page_terms(
    procedure: Procedure, manual: Manual, steps: tuple[Step, ...]
) -> tuple[tuple[str, str], ...]:
    """The glossary terms used in the procedure's own text (``steps``: all its steps), with
    the definition each shows."""
    if not manual.glossary:
        return ()
    parts = [
        procedure.title,
        procedure.summary,
        procedure.trigger or "",
        procedure.purpose or "",
        procedure.scope or "",
        *procedure.before_you_start,
        *procedure.materials,
    ]
    # One flat list joined once (each step's four texts, each question's two, a space between
    # all: the text the terms were always looked for in); a string built per step first took
    # half as long again.
    for s in steps:
        admonitions = " ".join([a for _, a in s.admonitions])
        parts += (s.text, s.why or "", admonitions, s.record or "")
    for q in procedure.recurring_questions:
        parts += (q.question, q.answer)
    text = " ".join(parts)
    terms: dict[str, str] = {}
    for term in sorted(manual.glossary, key=lambda term: (term.term.casefold(), term.term)):
        if "]" in term.term or "\\" in term.term or not term.term.strip():
            continue  # what the abbr syntax could not hold stays plain (as before)
        # The substring test first: most terms are not on most pages, and it is cheap.
        if term.term in text and re.search(rf"(?<!\w){re.escape(term.term)}(?!\w)", text):
            definition = plain(term.definition, limit=300).strip()
            if definition in ("''", '""'):
                terms.pop(term.term.strip(), None)  # the abbr syntax for "forget this term"
            elif definition:
                terms[term.term.strip()] = definition
    return tuple(terms.items())


@lru_cache(maxsize=1024)
def _pattern(terms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    keys = sorted((key for key, _ in terms), key=len, reverse=True)
    pattern = re.compile(
        rf"\b(?:{'|'.join(re.escape(html.escape(key, quote=False)) for key in keys)})\b"
    )
    titles = {html.escape(key, quote=False): html.escape(title) for key, title in terms}
    return pattern, titles


def apply_terms(content: str, terms: tuple[tuple[str, str], ...]) -> str:
    """``content`` with every use of a term in its text wrapped in ``<abbr>``."""
    if not terms:
        return content
    pattern, titles = _pattern(terms)
    out = []
    skip_tag = ""  # the element whose text is left alone, while inside it
    depth = 0
    for index, piece in enumerate(_MARKUP.split(content)):
        if index % 2:  # markup
            if skip_tag:
                if re.match(rf"<{skip_tag}[\s>]", piece):
                    depth += 1
                elif piece.startswith(f"</{skip_tag}>"):
                    depth -= 1
                    if not depth:
                        skip_tag = ""
            else:
                opened = _SKIP_OPEN.match(piece)
                if opened:
                    skip_tag, depth = opened.group(1) or "p", 1
            out.append(piece)
        elif skip_tag or not piece:
            out.append(piece)
        else:
            out.append(
                pattern.sub(
                    lambda m: TERM.format(definition=titles[m.group(0)], term=m.group(0)), piece
                )
            )
    return "".join(out)

"""sopgen's own words in more languages, one module each: at least the labels a procedure page,
its flowchart, sign-off sheet and label show (PAGE_KEYS in strings.py); any other key falls
back to the whole English label."""

from __future__ import annotations

from sopgen.render.translations import de, es, fr, hi, pt, tl, ur, zh

WORDS_BY_LANGUAGE: dict[str, dict[str, str]] = {
    "tl": tl.WORDS,
    "es": es.WORDS,
    "fr": fr.WORDS,
    "de": de.WORDS,
    "pt": pt.WORDS,
    "zh": zh.WORDS,
    "hi": hi.WORDS,
    "ur": ur.WORDS,
}

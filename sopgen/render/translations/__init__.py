"""sopgen's own words in more languages, one module each: every label of the English table (EN
in strings.py) and the plural forms its counted labels need; tests/test_translations.py holds
each module to that."""

from __future__ import annotations

from sopgen.render.translations import de, es, fr, hi, pt, tl, ur, zh

_MODULES = {"tl": tl, "es": es, "fr": fr, "de": de, "pt": pt, "zh": zh, "hi": hi, "ur": ur}

WORDS_BY_LANGUAGE: dict[str, dict[str, str]] = {
    language: module.WORDS for language, module in _MODULES.items()
}
PLURALS_BY_LANGUAGE: dict[str, dict[str, dict[str, str]]] = {
    language: module.PLURALS for language, module in _MODULES.items()
}

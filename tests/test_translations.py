"""sopgen's own words in each language it speaks: every table has the labels of the worker's
path (the rest fall back to the whole English label, never a mix), and a procedure page, its
flowchart, sign-off sheet and label show them, with the page's lang and dir."""

from __future__ import annotations

import dataclasses
import re
import string

import pytest
from render_support import TODAY, load

from sopgen.model import Manual, Procedure
from sopgen.render import RenderOptions, render_procedure_body
from sopgen.render.procedure import css_string
from sopgen.render.shortlinks import render_label
from sopgen.render.signoff_sheet import render_signoff_sheet
from sopgen.render.strings import EN, PAGE_KEYS, TABLES, Strings

LANGUAGES = ("en", "ar", "tl", "es", "fr", "de", "pt", "zh", "hi", "ur")
RTL = {"ar", "ur"}
OPTIONS = RenderOptions(today=TODAY, site_url="https://sop.example.org/")


def _fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)


def test_the_table_speaks_the_ten_languages() -> None:
    assert set(LANGUAGES) <= set(TABLES)
    assert set(EN) >= PAGE_KEYS
    assert {"steps", "why", "critical", "checked_by", "specs", "option_if", "goto"} <= PAGE_KEYS


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_is_the_languages_own_or_the_whole_english_one(language: str) -> None:
    table = TABLES[language]
    assert set(table) <= set(EN), set(table) - set(EN)  # no key English lacks
    assert set(table) >= PAGE_KEYS, sorted(PAGE_KEYS - set(table))
    t = Strings(language)
    for key, english in EN.items():
        own = table.get(key)
        assert t(key) == (own or english), key  # the language's label, else English whole
        if own is not None:
            assert _fields(own) == _fields(english), (language, key)
            assert own.strip() == own or key == "list_separator", (language, key)
    assert t.rtl == (language in RTL)


def _in(language: str) -> tuple[Procedure, Manual]:
    manual = load("full")
    procedure = manual.procedure("FH-001")
    assert procedure is not None
    return dataclasses.replace(procedure, language=language), manual


def _text(html: str) -> str:
    """The words a reader sees: no tags, no style or Run mode's data (script) element."""
    html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_a_page_in_each_language_shows_its_labels(language: str) -> None:
    procedure, manual = _in(language)
    assert manual.language == "en"
    t = Strings(language)
    content = render_procedure_body(procedure, manual, OPTIONS).content
    direction = "rtl" if language in RTL else "ltr"
    assert content.startswith(f'<div lang="{language}" dir="{direction}">')
    words = _text(content)
    for key in ("steps", "why", "critical", "decide", "warning", "caution", "note", "tip"):
        assert t(key) in words, key
    assert t("specs") in words and t("before") in words and t("done_by") in words
    # The signature lines' words, in the print style (a CSS string: some letters escaped).
    assert css_string(t("sign_checked")) in content
    assert t("checked_by", role="Shift lead") in words
    assert t("option_if", when="Yes") in words
    assert t("goto", link=t("step", number="4")) in words
    assert t("flowchart_end") in content  # the flowchart's own word
    # No English label is left where the language has its own.
    for key in ("steps", "critical", "specs", "before", "done_by"):
        assert EN[key] not in words, (language, key)
    sheet = render_signoff_sheet(procedure, manual, OPTIONS)
    assert f'<html lang="{language}" dir="{direction}">' in sheet
    assert t("sheet_name") in sheet and t("sign_signature") in sheet
    label = render_label(procedure, manual, OPTIONS)
    assert f'<html lang="{language}" dir="{direction}">' in label
    assert t("label_scan") in label and t("revision") in label

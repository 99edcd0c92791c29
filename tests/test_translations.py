"""sopgen's own words in each language it speaks: every table has every label of the English one,
with the same placeholders and its own words, and a procedure page, its flowchart, sign-off
sheet, label, Run mode and the site's own pages show them, with the page's lang and dir."""

from __future__ import annotations

import dataclasses
import json
import re
import string

import pytest
from render_support import TODAY, load, page_text

from sopgen.model import Manual, Procedure
from sopgen.model.limits import Limit
from sopgen.model.runs import RANGE_WORDS
from sopgen.model.runs import limit_text as english_limit_text
from sopgen.render import RenderOptions, render_files, render_procedure_body, render_site
from sopgen.render.procedure import css_string
from sopgen.render.reference import FIELDS_PAGE, RULES_PAGE
from sopgen.render.run import RUN_LABELS, range_text
from sopgen.render.shortlinks import render_label
from sopgen.render.signoff_sheet import render_signoff_sheet
from sopgen.render.strings import EN, PLURALS, TABLES, Strings

LANGUAGES = ("en", "ar", "tl", "es", "fr", "de", "pt", "zh", "hi", "ur")
RTL = {"ar", "ur"}
OPTIONS = RenderOptions(today=TODAY, site_url="https://sop.example.org/")

# Labels that are only placeholders, punctuation and unit symbols may read as in English.
FORMATS = {
    "seconds",  # "{n} s"
    "minutes",  # "{n} min"
    "hours",  # "{n} h"
    "hours_minutes",  # "{hours} {minutes}"
    "steps_intro",  # "{count}, {time}."
    "steps_intro_untimed",  # "{count}."
    "list_separator",  # ", "
}
# Words a language spells as English does, and the word its staff would use.
SAME_WORD = {
    ("tl", "id"): "ID",  # Filipino workplaces say ID
    ("tl", "spec_item"): "Item",
    ("pt", "spec_item"): "Item",
    ("de", "revision"): "Revision",
    ("de", "status"): "Status",
    ("de", "sheet_name"): "Name",
    ("fr", "question"): "Question",
    ("fr", "description"): "Description",
    ("fr", "change_date"): "Date",
    ("fr", "sign_date"): "Date",
    ("fr", "sign_signature"): "Signature",
    ("fr", "sheet_signatures"): "Signatures",
}
# Plural forms English has that a language does not need: its noun has one form for every
# number (Tagalog araw, Chinese 天, Hindi दिन, Urdu دن: "1 araw", "5 araw").
SAME_FOR_EVERY_NUMBER = {("tl", "state_overdue"), ("zh", "state_overdue")}
SAME_FOR_EVERY_NUMBER |= {("hi", "state_overdue"), ("ur", "state_overdue")}


def _fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)


def test_the_table_speaks_the_ten_languages() -> None:
    assert set(LANGUAGES) == set(TABLES)
    assert {"steps", "why", "critical", "checked_by", "specs", "option_if", "goto"} <= set(EN)
    assert {key for key in RUN_LABELS if key not in EN} == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_is_the_languages_own(language: str) -> None:
    """Every key, the same placeholders, no stray spaces, and its own words: a label reads as
    the English one only where it is a format or unit symbol, or the same word (SAME_WORD)."""
    table = TABLES[language]
    assert sorted(set(EN) - set(table)) == [], "keys the table lacks"
    assert sorted(set(table) - set(EN)) == [], "keys English lacks"
    t = Strings(language)
    same = set()
    for key, english in EN.items():
        own = table[key]
        assert t(key) == own, key
        assert own, (language, key)
        assert _fields(own) == _fields(english), (language, key)
        assert own.strip() == own or key == "list_separator", (language, key)
        if own == english and language != "en":
            same.add(key)
    assert t.rtl == (language in RTL)
    if language == "en":
        return
    words = {key for (lang, key) in SAME_WORD if lang == language}
    assert same - FORMATS == words, "labels left in English"
    for key in words:
        assert table[key] == SAME_WORD[(language, key)], key


@pytest.mark.parametrize("language", LANGUAGES)
def test_counted_labels_have_the_languages_plural_forms(language: str) -> None:
    """A label that changes with a number ("Due tomorrow", "Overdue by 1 day") has the forms
    English has, in the language's words and with the key's placeholders."""
    forms = PLURALS.get(language, {})
    for key, by_category in forms.items():
        assert key in EN, key
        for category, template in by_category.items():
            assert category in {"zero", "one", "two", "few", "many", "other"}, category
            assert set(_fields(template)) <= set(_fields(EN[key])), (key, category)
    for key, english in PLURALS["en"].items():
        if (language, key) in SAME_FOR_EVERY_NUMBER:
            continue
        assert set(english) <= set(forms.get(key, {})), (language, key)
    t = Strings(language)
    tomorrow, today = t.count("state_due-soon", 1, days=1), t.count("state_due-soon", 0, days=0)
    assert "1" not in tomorrow and "0" not in today and tomorrow != today


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_range_reads_in_the_pages_language(language: str) -> None:
    """The range in "Within the spec (…)" is the page's words around the numbers, never English
    words inside another language's sentence; in English it is what `sopgen validate` says."""
    t = Strings(language)
    limits = [
        Limit("Fridge", "spec", "", "°C", None, 5.0),
        Limit("Soup", "spec", "", "°C", 63.0, None),
        Limit("Ice cream", "spec", "", "°F", 6.0, 10.0),
        Limit("Dose", "spec", "", "g", 18.0, 18.0),
    ]
    for limit in limits:
        words = range_text(limit, t)
        assert re.search(r"\d", words), words
        if language == "en":
            assert words == english_limit_text(limit)
        else:
            english = english_limit_text(limit)
            assert words != english, (language, words)
            assert not re.search(r"\b(at most|at least|exactly|to)\b", words), words
    assert {f"range_{name}" for name in RANGE_WORDS} <= set(EN)
    assert {name: EN[f"range_{name}"] for name in RANGE_WORDS} == dict(RANGE_WORDS)


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
    assert t("id") in words and t("about") in words


def _run_data(content: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="sop-run-data">(.*?)</script>', content)
    assert found, "no Run mode data"
    data: dict[str, object] = json.loads(found.group(1))
    return data


@pytest.mark.parametrize("language", LANGUAGES)
def test_run_mode_gets_the_procedures_labels(language: str) -> None:
    """run.js shows the words the page hands it: all of them in the procedure's language."""
    procedure, manual = _in(language)
    t = Strings(language)
    labels = _run_data(render_procedure_body(procedure, manual, OPTIONS).content)["labels"]
    assert labels == {key: t(key) for key in RUN_LABELS}
    if language != "en":
        assert {key for key in RUN_LABELS if t(key) == EN[key]} == set()


def _english_fragments() -> set[str]:
    """The words of each English label between its placeholders, long enough to be only ours."""
    fragments = set()
    for english in EN.values():
        for literal, *_ in string.Formatter().parse(english):
            for part in re.split(r"[(){}:.,;—]", literal):
                if len(part.strip()) >= 12 and " " in part.strip():
                    fragments.add(part.strip())
    return fragments


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_the_sites_own_pages_speak_the_manuals_language(language: str) -> None:
    """Lists, roles, review, training, questions, metrics, glossary, sign-off sheets and
    procedure pages of a manual in the language hold none of English's sentences."""
    manual = dataclasses.replace(load("full"), language=language)
    t = Strings(language)
    pages = render_site(manual, OPTIONS)
    titles = {page.title for page in pages}
    assert {t("glossary"), t("fields"), t("rules")} <= titles
    # The reference pages' bodies stay English: they are the schema's and the rules' own
    # documentation, for the people who write the YAML (its field names are English too).
    text = "\n".join(page_text(p) for p in pages if p.path not in (FIELDS_PAGE, RULES_PAGE))
    text += "\n".join(content for _, content in render_files(manual, OPTIONS))
    left = sorted(fragment for fragment in _english_fragments() if fragment in text)
    assert left == [], f"English left in a {language} site"

"""The procedure page at the point of work, measured in Chromium on the example manual: steps
on the first screen, words found by search, a procedure in its own language, the printed PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import test_browser as shared
from axe_check import serious_violations

from sopgen.model import Manual
from sopgen.render.strings import AR

pytestmark = [pytest.mark.browser, pytest.mark.slow]

Sites = dict[str, tuple[str, Manual]]
SCREENSHOTS = shared.SCREENSHOTS
current, procedure_url, screenshot = shared.current, shared.procedure_url, shared.screenshot
# The browser, the served sites and the recording page of the shared browser tests.
axe, browser, page, served = shared.axe, shared.browser, shared.page, shared.served


def _example(served: Sites) -> tuple[str, Manual]:
    return served["example"]


def _first_step_top(page: Any) -> float:
    return float(page.locator(".sop-step").first.evaluate("e => e.getBoundingClientRect().top"))


def test_the_first_step_is_on_the_first_screen_of_every_procedure(served: Sites, page: Any) -> None:
    base, manual = _example(served)
    procedures = current(manual)
    assert len(procedures) > 15
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        for procedure in procedures:
            page.goto(procedure_url(base, procedure))
            top = _first_step_top(page)
            assert 0 < top < height - 40, (width, procedure.id, top)  # its head shows too
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(procedure_url(base, manual.procedure("CS-002") or procedures[0]))
    screenshot(page, "steps-first-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "steps-first-desktop")


def test_what_to_have_ready_is_one_tap_away_and_nothing_is_lost(served: Sites, page: Any) -> None:
    base, manual = _example(served)
    procedure = manual.procedure("FP-004")
    assert procedure is not None
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(procedure_url(base, procedure))
    specs = page.locator("h2#specs")
    assert not specs.is_visible()
    summary = page.locator("details.sop-prepare > summary")
    assert summary.is_visible() and "Specifications" in summary.inner_text()
    summary.click()
    assert specs.is_visible()
    assert page.get_by_text(procedure.specs[0].value).first.is_visible()
    # Owner data: all of it further down the page, under About.
    about = page.locator("h2#about")
    assert about.count() == 1
    card = page.locator(".sop-card").inner_text()
    assert procedure.revision in card and "Approved by" in card and "Next review" in card
    # A link to a heading inside the closed block opens it.
    page.goto(procedure_url(base, procedure) + "#materials")
    assert page.locator("h2#materials").is_visible()


def test_warnings_critical_marks_and_why_read_at_body_size(served: Sites, page: Any) -> None:
    base, manual = _example(served)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(procedure_url(base, manual.procedure("FP-004") or current(manual)[0]))
    size = page.locator(".sop-step > :nth-child(2)").first.evaluate(
        "e => parseFloat(getComputedStyle(e.closest('.md-typeset')).fontSize)"
    )
    for selector in (".sop-step .admonition", ".sop-critical-flag", ".sop-why"):
        found = page.locator(selector).first
        got = found.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert got >= size - 0.01, (selector, got, size)


def test_an_image_opens_full_size_from_the_site(served: Sites, page: Any) -> None:
    base, manual = _example(served)
    with_image = next(p for p in current(manual) if any(s.image for s in p.all_steps()))
    page.goto(procedure_url(base, with_image))
    link = page.locator("a.sop-image-link").first
    target = link.evaluate("a => a.href")
    assert target == link.locator("img").evaluate("i => i.src")
    link.click()
    page.wait_for_url(target)
    assert page.evaluate("document.contentType").startswith("image/")  # the file, not a page


def test_an_arabic_procedure_in_an_english_manual_reads_right_to_left(
    served: Sites, axe: Path, page: Any
) -> None:
    base, manual = _example(served)
    procedure = manual.procedure("FP-007")
    assert procedure is not None and procedure.language == "ar"
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(procedure_url(base, procedure))
    assert page.locator("html").get_attribute("lang") == "en"
    content = page.locator("article div[lang]").first
    assert content.get_attribute("lang") == "ar" and content.get_attribute("dir") == "rtl"
    steps = page.locator("h2#steps")
    assert steps.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert steps.evaluate("e => e.firstChild.textContent") == AR["steps"]
    assert AR["why"] in page.locator(".sop-why").first.inner_text()
    assert AR["critical"] in page.locator(".sop-critical-flag").first.inner_text()
    # The number block sits on the right edge: the start of a right-to-left line.
    number = page.locator(".sop-step > p:first-child > a:first-child").first.bounding_box()
    assert number is not None and number["x"] > 390 / 2
    screenshot(page, "arabic-in-english-manual")
    _no_serious_violation(page, axe)


def test_search_finds_words_in_the_procedures_own_language(served: Sites, page: Any) -> None:
    base, manual = _example(served)
    procedure = manual.procedure("FP-007")
    assert procedure is not None
    page.goto(base)
    page.keyboard.press("/")
    page.keyboard.type("منظف")  # "cleaner" (detergent): a word of its steps, not of its title
    page.keyboard.press("End")  # non-Latin text is inserted without key events
    page.locator(f'.md-search-result__item a[href*="{procedure.id}/"]').first.wait_for()


# A word of each kind of field, found in no other field of the manual's procedures (and in no
# title or summary): why, spec, warning, decision option, recurring answer, metric, subtask.
WORDS = (
    ("beeps", "AP-002"),  # a step's why (the home page tells staff to search for it)
    ("dishers", "FP-005"),  # a spec's note
    ("resistant", "FH-003"),  # a warning
    ("unused", "CS-004"),  # a decision's option
    ("scooped", "FP-005"),  # a recurring question's answer
    ("refrigeration", "FP-002"),  # a metric
    ("sacrificial", "QC-003"),  # a spec
)


def test_search_finds_a_word_of_every_kind_of_field(served: Sites, page: Any) -> None:
    base, manual = _example(served)
    page.set_viewport_size({"width": 390, "height": 844})
    for word, procedure_id in WORDS:
        assert manual.procedure(procedure_id) is not None
        page.goto(base)
        page.keyboard.press("/")
        page.keyboard.type(word)
        found = page.locator(f'.md-search-result__item a[href*="/{procedure_id}/"]').first
        found.wait_for()
        assert found.is_visible(), word
    # An id still puts its procedure first, above procedures that only mention it.
    page.goto(base)
    page.keyboard.press("/")
    page.keyboard.type("AP-002")
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    assert "/AP-002/" in (first.get_attribute("href") or "")
    page.goto(base)
    page.keyboard.press("/")
    page.keyboard.type("beeps")
    result = page.locator('.md-search-result__item a[href*="/AP-002/"] article').first
    result.wait_for()
    # Found by a word of a step's why, the result still shows what the procedure is for.
    summary = manual.procedure("AP-002").summary.split()[:6]  # type: ignore[union-attr]
    shown = result.locator("p").first
    assert shown.inner_text().split()[:6] == summary
    assert shown.evaluate("p => p.scrollHeight > p.clientHeight")  # the words are cut off
    screenshot(page, "search-beeps")


def _pdf_pages(page: Any, path: Path) -> list[str]:
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.rstrip("\f").split("\f")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_printed_page_says_which_procedure_and_step_1_is_on_page_1(
    served: Sites, page: Any, tmp_path: Path
) -> None:
    base, manual = _example(served)
    for procedure in current(manual):
        page.goto(procedure_url(base, procedure))
        pdf = Path(SCREENSHOTS or tmp_path) / f"print-{procedure.id}.pdf"
        pages = _pdf_pages(page, pdf)
        for number, text in enumerate(pages, 1):
            flat = _squeeze(re.sub("[\u202a-\u202e]", "", text))  # pdftotext's bidi marks
            running_head = f"{procedure.id} · Revision {procedure.revision}"
            if procedure.language == "ar":  # visual order, letters as drawn: id and number
                running_head = procedure.id
                assert f"· {procedure.revision}" in flat, (procedure.id, number)
            assert running_head in flat, (procedure.id, number)
            assert f"{number}/{len(pages)}" in flat.replace(" / ", "/"), (procedure.id, number)
        first_words = _squeeze(procedure.steps[0].text).split()[:4]
        if procedure.language is None:  # pdftotext keeps Latin words in order
            assert " ".join(first_words) in _squeeze(pages[0]), procedure.id
        done = _squeeze(pages[-1])
        assert ("Done by" in done and "Date" in done) or procedure.language == "ar", procedure.id
    five = manual.procedure("FH-004")
    assert five is not None and len(five.steps) == 5
    page.goto(procedure_url(base, five))
    assert len(_pdf_pages(page, tmp_path / "five.pdf")) == 1
    page.goto(procedure_url(base, manual.procedure("FP-004") or current(manual)[0]))
    page.emulate_media(media="print")
    screenshot(page, "print-FP-004", full_page=True)


def _no_serious_violation(page: Any, axe: Path) -> None:
    serious = serious_violations(page, axe)
    assert serious == [], "\n".join(serious)


def test_warnings_and_why_keep_aa_contrast_in_light_and_dark(
    served: Sites, axe: Path, page: Any
) -> None:
    base, manual = _example(served)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for pid in ("FP-004", "CS-002"):
            page.goto(procedure_url(base, manual.procedure(pid) or current(manual)[0]))
            page.locator("details.sop-prepare > summary").first.click()
            _no_serious_violation(page, axe)
        screenshot(page, f"contrast-{scheme}")

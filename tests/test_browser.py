"""The built site in headless Chromium on localhost: search, steps, print, rtl, accessibility."""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_check import serious_violations
from conftest import CHROMIUM, CHROMIUM_ARGS, unavailable
from sitekit import FIXTURES, REPO, TESTS, TODAY, build, make_project

from sopgen.model import Manual, Procedure
from sopgen.render.strings import AR, EN
from sopgen.validate.pipeline import validate

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = TESTS / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SIGN_LABELS = ("sign_checked", "sign_signature", "sign_date")
SCREENSHOTS = os.environ.get("SOPGEN_SCREENSHOTS")  # a folder: save what the tests see


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, tuple[str, Manual]]]:
    """The example and the Arabic manual, built and served on 127.0.0.1 (one thread each)."""
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="sopgen-browser-"))
    sites: dict[str, tuple[str, Manual]] = {}
    servers = []
    try:
        for name, procedures in (
            ("example", REPO / "procedures"),
            ("arabic", FIXTURES / "arabic" / "procedures"),
        ):
            docs = REPO / "docs" if name == "example" else None
            project = make_project(root / name, procedures, docs)
            done = build(project, "--strict")
            assert done.returncode == 0, done.stderr
            handler = functools.partial(_QuietHandler, directory=str(project / "site"))
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            manual = validate(project / "procedures", today=date.fromisoformat(TODAY)).manual
            assert manual is not None
            sites[name] = (f"http://127.0.0.1:{server.server_address[1]}/", manual)
        yield sites
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records every request; none may leave localhost."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    outside: list[str] = []

    def record(route: Any) -> None:
        url = route.request.url
        requested.append(url)
        if urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
            outside.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", record)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert requested, "no request was recorded: the recorder is not working"
    assert outside == [], f"requests left localhost: {outside}"


def screenshot(tab: Any, name: str, **options: Any) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), **options)


def procedure_url(base: str, procedure: Procedure) -> str:
    return f"{base}procedures/{procedure.category}/{procedure.id}/"


def current(manual: Manual) -> list[Procedure]:
    return [p for p in manual.procedures if p.is_current]


def distinctive_word(manual: Manual) -> tuple[str, Procedure]:
    """A word from one procedure's title that no other procedure's title has."""
    titles = {p.id: set(re.findall(r"[^\W\d_]{5,}", p.title.lower())) for p in current(manual)}
    for procedure in current(manual):
        others = set().union(*(words for pid, words in titles.items() if pid != procedure.id))
        unique = sorted(titles[procedure.id] - others)
        if unique:
            return unique[0], procedure
    raise AssertionError("no procedure title has a word of its own")


def test_search_finds_a_procedure_and_opens_it(
    served: dict[str, tuple[str, Manual]], page: Any
) -> None:
    base, manual = served["example"]
    word, procedure = distinctive_word(manual)
    page.goto(base)
    page.keyboard.press("/")  # Material's shortcut: focus the search box
    page.keyboard.type(word)
    result = page.locator(f'.md-search-result__item a[href*="{procedure.id}/"]').first
    result.wait_for(state="visible")
    screenshot(page, "search")
    result.click()
    page.wait_for_url(re.compile(re.escape(f"/{procedure.id}/")))
    assert procedure.id in page.locator("h1").first.inner_text()


def test_a_procedure_shows_its_steps(served: dict[str, tuple[str, Manual]], page: Any) -> None:
    base, manual = served["example"]
    procedure = current(manual)[0]
    page.goto(procedure_url(base, procedure))
    for step in procedure.steps:
        step_box = page.locator(f"#{step.anchor}")
        assert step_box.is_visible(), step.anchor
        assert step.number in step_box.inner_text()
    screenshot(page, "procedure-desktop", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator(f"#{procedure.steps[0].anchor}").is_visible()
    box = page.locator(f"#{procedure.steps[0].anchor}").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(page, "procedure-phone", full_page=True)


def test_print_shows_a_checklist_without_navigation(
    served: dict[str, tuple[str, Manual]], page: Any
) -> None:
    base, manual = served["example"]
    procedure = current(manual)[0]
    page.goto(procedure_url(base, procedure))
    done = page.locator(".sop-done")
    assert not done.is_visible()  # on screen the "done by" line is not shown
    assert not any(_tick_boxes(page))
    page.emulate_media(media="print")
    assert done.is_visible()
    # A box to tick before every step's number.
    boxes = _tick_boxes(page)
    assert len(boxes) == sum(1 for _ in procedure.all_steps()) and all(boxes)
    assert done.inner_text().split() == ["Done", "by", "Date", "Time"]
    for theme_part in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
        assert not page.locator(theme_part).first.is_visible(), theme_part
    assert page.locator(f"#{procedure.steps[0].anchor}").is_visible()
    # The Steps heading and the step count stay on the page of step 1 (else a page can end
    # with "Steps / 4 steps." and the checklist start overleaf).
    for kept_with_next in ("h2#steps", ".sop-steps-intro"):
        style = page.locator(kept_with_next).evaluate("e => getComputedStyle(e).breakAfter")
        assert style == "avoid", kept_with_next
    screenshot(page, "procedure-print", full_page=True)
    if SCREENSHOTS:
        page.pdf(path=str(Path(SCREENSHOTS) / "procedure-print.pdf"))
    # Three labelled lines to write on (who, signature, date) for every check by a second
    # person, in the page's language.
    checked = next(p for p in current(manual) if any(step.verify for step in p.all_steps()))
    page.goto(procedure_url(base, checked))
    signs = _signature_lines(page)
    assert len(signs) == sum(1 for step in checked.all_steps() if step.verify)
    assert all(sign == [*(EN[key] for key in SIGN_LABELS), True, True, True] for sign in signs)


def _signature_lines(page: Any) -> list[list[Any]]:
    """For each signature paragraph (print media): its three labels and, for each of its
    three lines, whether it is drawn (a solid bottom border over more than 30 px)."""
    return page.locator(".sop-sign").evaluate_all(  # type: ignore[no-any-return]
        """signs => signs.map(p => {
          const [a, b] = p.children;
          const style = (e, pseudo) => getComputedStyle(e, pseudo);
          const label = s => JSON.parse(s.content);
          const line = s => parseFloat(s.width) > 30 && s.borderBottomStyle === 'solid';
          return [label(style(p, '::before')), label(style(a, '::after')),
                  label(style(b, '::after')), line(style(a, '::before')),
                  line(style(b, '::before')), line(style(p, '::after'))];
        })"""
    )


def _tick_boxes(page: Any) -> list[bool]:
    """For each step's head: is a box drawn before it (first thing in the head's row)?"""
    return page.locator(".sop-step > p:first-child").evaluate_all(  # type: ignore[no-any-return]
        "heads => heads.map(h => { const b = getComputedStyle(h, '::before');"
        " return b.content !== 'none' && parseFloat(b.width) > 5"
        " && b.borderTopStyle === 'solid'; })"
    )


def test_an_arabic_manual_reads_right_to_left(
    served: dict[str, tuple[str, Manual]], page: Any
) -> None:
    base, manual = served["arabic"]
    procedure = current(manual)[0]
    page.goto(procedure_url(base, procedure))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    images = page.locator("article img")
    assert images.count() >= 1
    assert all(
        images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
        for i in range(images.count())
    )
    screenshot(page, "arabic", full_page=True)
    # The signature lines are labelled in Arabic on paper.
    checked = next(p for p in current(manual) if any(step.verify for step in p.all_steps()))
    page.goto(procedure_url(base, checked))
    page.emulate_media(media="print")
    signs = _signature_lines(page)
    arabic = [*(AR[key] for key in SIGN_LABELS), True, True, True]
    assert signs and all(sign == arabic for sign in signs)
    page.emulate_media(media="screen")
    page.goto(procedure_url(base, procedure))
    # Search finds an Arabic word of the procedure.
    word = max(procedure.title.split(), key=len)
    page.keyboard.press("/")
    page.keyboard.type(word)
    # Non-Latin text is typed as an insertion without key events; Material searches on keyup.
    page.keyboard.press("End")
    page.locator(f'.md-search-result__item a[href*="{procedure.id}/"]').first.wait_for()


@pytest.fixture
def axe() -> Path:
    """axe-core's script; asked for before `page`, so a skip never leaves an unused page behind
    (the page fixture fails a test that made no request)."""
    if not AXE.is_file():
        unavailable(f"axe-core is not installed: npm ci --prefix {AXE.parents[2]}")
    return AXE


def test_no_serious_accessibility_violation_on_a_procedure_page(
    served: dict[str, tuple[str, Manual]], axe: Path, page: Any
) -> None:
    base, manual = served["example"]
    for procedure in current(manual)[:3]:
        page.goto(procedure_url(base, procedure))
        serious = serious_violations(page, axe)
        assert serious == [], "\n".join(serious)


def test_search_by_id_puts_that_procedure_first_in_a_big_manual(tmp_path: Path, page: Any) -> None:
    """Ids are searched as two words ("IN-003": "in", "003"); with many procedures numbered
    003, and "in" a stop word, the one asked for used to come anywhere in the list."""
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate
    from run import SITE_YAML

    project = tmp_path / "big"
    generate(300, project)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(SITE_YAML)
    done = build(project)
    assert done.returncode == 0, done.stderr
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        manual = validate(project / "procedures").manual
        assert manual is not None
        published = {p.id for p in manual.procedures if p.status == "effective"}
        # Prefixes that are English stop words, and numbers many categories share.
        wanted = [pid for pid in sorted(published) if pid.split("-")[0] in ("IN", "IT")][:4]
        assert len(wanted) == 4
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/procedures/")
        page.keyboard.press("/")
        for pid in wanted:
            page.locator(".md-search__input").first.fill("")
            page.keyboard.type(pid)
            page.wait_for_function(
                """id => {
                    const first = document.querySelector(".md-search-result__item");
                    return first && first.innerText.includes(id);
                }""",
                arg=pid,
                timeout=30_000,
            )
            first = page.locator(".md-search-result__item a").first.get_attribute("href")
            assert first is not None and f"/{pid}/" in first, (pid, first)
    finally:
        server.shutdown()
        server.server_close()

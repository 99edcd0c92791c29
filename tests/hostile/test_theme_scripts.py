"""Class 1: no text of the manual runs as script once the theme's JavaScript has run.

Every text field of the fixture (tests/hostile/fixtures/payloads) holds a payload that, if it
ever becomes markup, pushes its field's name onto `window.__pwned`, adds a `.pwned` element
or opens a dialog. The site is built with `content.tooltips` on, as manuals made before this
change have it, and each page is checked in headless Chromium on load and after hovering and
focusing every element that has or gets a tooltip (the theme's `[title]` and ellipsis
tooltips, sopgen's glossary terms).
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, unavailable
from sitekit import REPO, build, make_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURE = Path(__file__).parent / "fixtures" / "payloads" / "procedures"
PAGES = [
    "",
    "procedures/",
    "procedures/ops/",
    "procedures/ops/OPS-001/",
    "roles/",
    "roles/lead/",
    "glossary/",
    "tags/",
    "review/",
]
# Whatever can show a tooltip: title attributes, the theme's cut-off titles, glossary terms.
TOOLTIP_HOSTS = "[title], abbr, .md-ellipsis, .md-nav__link, .md-header__topic, .md-status"
FINDINGS = """() => ({
    pwned: window.__pwned || [],
    elements: [...document.querySelectorAll('.pwned, img[src="x"], svg[onload]')].map(
        e => e.outerHTML.slice(0, 80)),
})"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("hostile-site")
    config = (REPO / "sopgen" / "templates" / "init" / "mkdocs.yml").read_text("utf-8")
    config = config.replace(
        "    - content.action.edit", "    - content.tooltips\n    - content.action.edit"
    )
    project = make_project(root / "project", FIXTURE, None, config_text=config)
    done = build(project)
    assert done.returncode == 0, done.stderr
    assert "content.tooltips feature is off" in done.stderr  # said, not done silently
    handler = functools.partial(_Quiet, directory=str(project / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", project / "site"
    finally:
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


@pytest.mark.parametrize("width", [1280, 390])
def test_no_payload_runs_on_load_hover_or_focus(
    site: tuple[str, Path], browser: Any, width: int
) -> None:
    from playwright.sync_api import Error as PlaywrightError

    base, _ = site
    page = browser.new_page(viewport={"width": width, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hovered = 0
    try:
        for path in PAGES:
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(300)  # the theme mounts its components after load
            assert page.evaluate(FINDINGS) == {"pwned": [], "elements": []}, path
            hosts = page.locator(TOOLTIP_HOSTS)
            for index in range(hosts.count()):
                host = hosts.nth(index)
                if not host.is_visible():
                    continue
                try:
                    host.hover(timeout=1000, force=True)
                except PlaywrightError:  # off screen at phone width: the events it would send
                    host.dispatch_event("mouseenter")
                    host.dispatch_event("mouseover")
                host.focus()
                hovered += 1
            page.wait_for_timeout(400)  # tooltips appear after a delay
            assert page.evaluate(FINDINGS) == {"pwned": [], "elements": []}, path
            # The payloads are on the page, as text.
            assert "onerror=" in page.inner_text("body"), path
    finally:
        page.close()
    assert dialogs == []
    assert hovered > 20  # the test did reach the tooltip hosts


def test_glossary_definition_shows_as_text_on_hover_and_focus(
    site: tuple[str, Path], browser: Any
) -> None:
    base, _ = site
    page = browser.new_page(viewport={"width": 390, "height": 800})
    try:
        page.goto(base + "procedures/ops/OPS-001/", wait_until="load")
        term = page.locator("abbr.sop-term").first
        assert term.get_attribute("title") is None  # nothing for the theme to copy
        after = "e => getComputedStyle(e, '::after').content"
        assert term.evaluate(after) == "none"  # hidden until asked for
        term.focus()  # a tap on a phone focuses it
        shown = term.evaluate(after)
        assert "First in <img src=x onerror=" in shown and "first out" in shown
        page.mouse.click(5, 5)
        term.hover()
        assert "first out" in term.evaluate(after)
        assert page.evaluate(FINDINGS) == {"pwned": [], "elements": []}
    finally:
        page.close()


def test_no_manual_text_in_a_title_attribute_that_the_theme_would_show(
    site: tuple[str, Path],
) -> None:
    """sopgen's own HTML keeps manual text out of `title` (the theme's header still puts the
    site title on its logo; with content.tooltips off a browser shows it as text)."""
    _, folder = site
    page = (folder / "procedures" / "ops" / "OPS-001" / "index.html").read_text("utf-8")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    assert "title=" not in article.replace('title="Permanent link"', "")
    assert "data-sop-definition=" in article


def test_search_results_show_the_payloads_as_text(site: tuple[str, Path], browser: Any) -> None:
    """Material writes search results with innerHTML: the index holds escaped text only."""
    base, _ = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(base, wait_until="load")
        page.keyboard.press("/")  # Material's shortcut: focus the search box
        page.keyboard.type("procedure")
        result = page.locator('.md-search-result__item a[href*="OPS-001/"]').first
        result.wait_for(state="visible")
        assert "onerror=" in result.inner_text()
        result.hover()
        page.wait_for_timeout(300)
        assert page.evaluate(FINDINGS) == {"pwned": [], "elements": []}
    finally:
        page.close()
    assert dialogs == []

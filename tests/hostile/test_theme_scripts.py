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
    "training/",
    "roles/manager/",
    "procedures/ops/OPS-001/sign-off.html",
    "p/OPS-001/label.html",
    "p/OPS-002/",
]
# Odd but valid: an ampersand, an apostrophe and a letter outside ASCII. QR codes and the
# printed address carry it; the pages show it as text.
SITE_URL = "https://intranet.example/ops&more/shop's/ü/"
# Whatever can show a tooltip: title attributes, the theme's cut-off titles, glossary terms.
TOOLTIP_HOSTS = (
    "[title], abbr, .md-ellipsis, .md-nav__link, .md-header__topic, .md-status, svg.sop-fc a"
)
FINDINGS = """() => ({
    pwned: window.__pwned || [],
    elements: [...document.querySelectorAll(
        '.pwned, img[src="x"], svg[onload], foreignObject, '
        + 'script:not([src]):not([type="application/json"])')]
        .filter(e => e.tagName !== 'SCRIPT' || e.textContent.includes('__pwned'))
        .map(e => e.outerHTML.slice(0, 80)),
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
    ).replace("# site_url: https://manual.example.org/", f'site_url: "{SITE_URL}"')
    assert SITE_URL in config
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


def test_the_flowchart_holds_its_labels_as_text(site: tuple[str, Path], browser: Any) -> None:
    """Step text, option labels and role names go into the inline SVG: as text nodes only."""
    base, folder = site
    html = (folder / "procedures" / "ops" / "OPS-001" / "index.html").read_text("utf-8")
    svg = html.split('<svg class="sop-fc"', 1)[1].split("</svg>", 1)[0]
    assert "&lt;img src=x" in svg and "&lt;/text&gt;&lt;script&gt;" in svg  # escaped
    assert "<img" not in svg and "<script" not in svg and "<foreignObject" not in svg
    # Data for the page's scripts is JSON in a <script type="application/json">: no "<" in it
    # can close the element.
    for data in html.split('<script type="application/json"')[1:]:
        assert "<" not in data.split(">", 1)[1].split("</script>", 1)[0]
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        page.goto(base + "procedures/ops/OPS-001/", wait_until="load")
        chart = page.locator("svg.sop-fc")
        texts = chart.locator("text").all_text_contents()
        joined = " ".join(texts)
        assert "Is the shelf full? <img src=x" in joined  # the decision
        assert "Yes <img src=x" in joined and "No </text><script>" in joined  # the options
        assert "Lead <img src=x" in joined  # the role's name
        children = chart.evaluate("svg => [...svg.querySelectorAll('*')].map(e => e.localName)")
        assert set(children) <= {"path", "a", "g", "rect", "polygon", "text", "tspan"}
        assert page.evaluate(FINDINGS) == {"pwned": [], "elements": []}
    finally:
        page.close()


def test_a_short_address_leads_to_its_procedure_and_nowhere_else(
    site: tuple[str, Path], browser: Any
) -> None:
    base, folder = site
    current = (folder / "p" / "OPS-001" / "index.html").read_text("utf-8")
    # The one redirect names the procedure's page, made from its id and category only.
    assert current.count('http-equiv="refresh"') == 1
    assert '<meta http-equiv="refresh" content="0; url=../../procedures/ops/OPS-001/">' in current
    assert "<script" not in current and "&lt;img src=x" in current
    retired = (folder / "p" / "OPS-002" / "index.html").read_text("utf-8")
    assert "refresh" not in retired  # an old card must see that it is out of date
    page = browser.new_page(viewport={"width": 390, "height": 800})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(base + "p/OPS-001/", wait_until="load")
        page.wait_for_url(base + "procedures/ops/OPS-001/")
        assert page.evaluate(FINDINGS) == {"pwned": [], "elements": []}
        page.goto(base + "p/OPS-002/", wait_until="load")
        links = page.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert links == [base + "procedures/ops/OPS-001/", base + "procedures/ops/OPS-002/"]
        assert "Retired <img src=x" in page.inner_text("body")
    finally:
        page.close()
    assert dialogs == []


def test_qr_codes_carry_an_odd_site_url_exactly(site: tuple[str, Path], browser: Any) -> None:
    """The address is the QR code's data and the printed text: never markup."""
    import io

    import zxingcpp
    from PIL import Image

    base, folder = site
    address = SITE_URL + "p/OPS-001/"
    procedure = (folder / "procedures" / "ops" / "OPS-001" / "index.html").read_text("utf-8")
    assert f"<span>{address.replace('&', '&amp;')}</span>" in procedure
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    try:
        page.goto(base + "p/OPS-001/label.html", wait_until="load")
        code = page.locator(".sop-qr")
        assert code.get_attribute("aria-label") == f"QR code for {address}"
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))
        assert [item.text for item in found] == [address]
        assert "Label point <img src=x" in page.inner_text("body")
    finally:
        page.close()


def test_staff_names_are_text_on_the_training_page_and_sheets(
    site: tuple[str, Path], browser: Any
) -> None:
    base, _ = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        for path in ("training/", "procedures/ops/OPS-001/sign-off.html"):
            page.goto(base + path, wait_until="load")
            body = page.inner_text("body")
            assert "Ana <img src=x" in body and "| *bold* [x](javascript:alert(1)) @team" in body
            hrefs = page.locator("a").evaluate_all("links => links.map(a => a.href)")
            assert not [href for href in hrefs if href.startswith("javascript")], path
            assert page.evaluate(FINDINGS) == {"pwned": [], "elements": []}, path
    finally:
        page.close()

"""Flowcharts, short addresses, QR codes and labels in the built example site, in Chromium."""

from __future__ import annotations

import functools
import io
import json
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_check import serious_violations
from conftest import CHROMIUM, CHROMIUM_ARGS, unavailable
from sitekit import REPO, TESTS, build, make_project, tags

pytestmark = [pytest.mark.slow]

SITE_URL = "https://manual.example.org/harbor/"
AXE = TESTS / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = os.environ.get("SOPGEN_SCREENSHOTS")  # a folder: save what the tests see
CS_002 = "procedures/customer-service/CS-002/"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Path, str]]:
    """The example manual built with a published address (site_url), and its build output."""
    root = Path(tempfile.mkdtemp(prefix="sopgen-pictures-"))
    try:
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        config = f"site_url: {SITE_URL}\n{config}"
        project = make_project(root / "example", config_text=config)
        done = build(project, "--strict")
        assert done.returncode == 0, done.stderr
        yield project / "site", done.stderr
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_short_addresses_and_labels_are_files_outside_nav_search_and_sitemap(
    site: tuple[Path, str],
) -> None:
    folder, output = site
    assert "site_url" not in output  # no note: the manual has a published address
    redirect = (folder / "p" / "CS-002" / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../../procedures/customer-service/CS-002/"' in redirect
    assert (folder / "p" / "CS-002" / "label.html").is_file()
    assert not (folder / "p" / "CS-001" / "label.html").exists()  # retired: no label to print
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith("p/")]
    sitemap = (folder / "sitemap.xml").read_text(encoding="utf-8")
    assert "/p/" not in sitemap
    page = (folder / CS_002 / "index.html").read_text(encoding="utf-8")
    menu = [t for t in tags(page) if t.name == "a" and "md-nav__link" in t.attrs.get("class", "")]
    assert not [a for a in menu if "p/" in a.attrs.get("href", "").split("/")[:3]]


def test_no_code_and_a_note_without_a_published_address(tmp_path: Path) -> None:
    project = make_project(tmp_path / "plain")
    done = build(project)
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if "site_url" in line]
    assert notes == [
        "No site_url in mkdocs.yml: printed procedures and labels get no QR code "
        "(set it to the manual's published address)."
    ]
    page = (project / "site" / CS_002 / "index.html").read_text(encoding="utf-8")
    assert "sop-qr" not in page and "sop-flowchart" in page
    label = (project / "site" / "p" / "CS-002" / "label.html").read_text("utf-8")
    assert "<svg" not in label


@pytest.fixture(scope="module")
def served(site: tuple[Path, str]) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site[0]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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
def tab(browser: Any) -> Iterator[Any]:
    """A fresh page at 1280 px that records every request; none may leave the site."""
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
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert requested, "no request was recorded: the recorder is not working"
    assert outside == [], f"requests left the site: {outside}"


def _screenshot(target: Any, name: str, **options: Any) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), **options)


def _decode(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.browser
def test_every_shape_of_the_flowchart_leads_to_its_step(served: str, tab: Any) -> None:
    tab.goto(served + CS_002)
    links = tab.locator(".sop-flowchart a")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) >= 20 and all(h.startswith("#step-") for h in hrefs)
    missing = tab.evaluate(
        "hrefs => hrefs.filter(h => !document.getElementById(h.slice(1)))", hrefs
    )
    assert missing == []
    _screenshot(tab.locator(".sop-flowchart"), "cs002-flowchart-1280")
    # A click (and Enter on a focused shape) scrolls to the step, as the numbered links do.
    for index in (0, len(hrefs) // 2, len(hrefs) - 1):
        tab.evaluate("window.scrollTo(0, 0)")
        links.nth(index).click()
        tab.wait_for_function("h => location.hash === h", arg=hrefs[index])
        box = tab.locator(hrefs[index]).bounding_box()
        assert box is not None and 0 <= box["y"] < 900, hrefs[index]
    links.nth(3).focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("h => location.hash === h", arg=hrefs[3])


@pytest.mark.browser
def test_the_flowchart_reads_on_a_phone(browser: Any, served: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(served + CS_002)
        chart = page.locator(".sop-flowchart svg")
        box = chart.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        # scaled down by no more than a little: its 13 px text stays readable
        assert box["width"] / float(chart.get_attribute("width") or 1) > 0.85
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        _screenshot(page.locator(".sop-flowchart"), "cs002-flowchart-390")
    finally:
        context.close()


@pytest.mark.browser
def test_the_printed_page_carries_a_code_that_opens_the_short_address(
    served: str, tab: Any
) -> None:
    tab.goto(served + CS_002)
    assert not tab.locator(".sop-print-qr").is_visible()  # paper only
    tab.emulate_media(media="print")
    code = tab.locator(".sop-print-qr .sop-qr")
    assert code.is_visible()
    assert _decode(code.screenshot()) == [f"{SITE_URL}p/CS-002/"]
    if SCREENSHOTS:
        tab.pdf(path=str(Path(SCREENSHOTS) / "cs002-print.pdf"), format="A4")


@pytest.mark.browser
def test_the_label_is_an_a6_card_with_a_code(served: str, tab: Any) -> None:
    tab.goto(served + "p/CS-002/label.html")
    assert tab.locator("h1").inner_text() == "Answer a customer who says the product does not work"
    points = tab.locator("ol li").all_inner_texts()
    assert 3 <= len(points) <= 6 and points[0].startswith("2")  # the first critical step
    assert _decode(tab.locator(".sop-qr").screenshot()) == [f"{SITE_URL}p/CS-002/"]
    pdf = tab.pdf(prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    # one page of A6: 105 x 148 mm is 297.6 x 419.5 pt
    assert [(round(float(w)), round(float(h))) for w, h in sizes] == [(298, 420)]
    _screenshot(tab.locator(".card"), "cs002-label")
    if SCREENSHOTS:
        Path(SCREENSHOTS, "cs002-label.pdf").write_bytes(pdf)


@pytest.mark.browser
def test_the_signoff_sheet_carries_the_code_too(served: str, tab: Any) -> None:
    tab.goto(served + CS_002 + "sign-off.html")
    code = tab.locator(".sheet-code .sop-qr")
    assert _decode(code.screenshot()) == [f"{SITE_URL}p/CS-002/"]


@pytest.mark.browser
def test_short_addresses_reach_the_current_procedure(served: str, tab: Any) -> None:
    tab.goto(served + "p/CS-002/")
    tab.wait_for_url(served + CS_002)
    tab.goto(served + "p/CS-001/")  # retired, replaced by CS-002: a notice, then the successor
    assert "CS-001 is retired" in tab.locator("body").inner_text()
    tab.get_by_role(
        "link", name="CS-002 Answer a customer who says the product does not work"
    ).click()
    tab.wait_for_url(served + CS_002)


@pytest.mark.browser
def test_no_serious_accessibility_violation_with_the_flowchart(served: str, tab: Any) -> None:
    if not AXE.is_file():
        unavailable(f"axe-core is not installed: npm ci --prefix {AXE.parents[2]}")
    for path in (CS_002, "p/CS-002/label.html", "p/CS-001/"):
        tab.goto(served + path)
        serious = serious_violations(tab, AXE)
        assert serious == [], f"{path}: " + "\n".join(serious)

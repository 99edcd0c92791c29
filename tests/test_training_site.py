"""The Training page and the printable sign-off sheets: built with the real CLI, looked at in
Chromium (phone and desktop, dark, print to PDF), and the privacy settings."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_check import serious_violations
from conftest import CHROMIUM, CHROMIUM_ARGS, unavailable
from sitekit import TESTS, build, make_project

AXE = TESTS / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = os.environ.get("SOPGEN_SCREENSHOTS")
SHEET = "procedures/food-preparation/FP-004/sign-off.html"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("training") / "example")
    done = build(project, "--strict")
    assert done.returncode == 0, done.stderr
    return project / "site"


# --- The built files (no browser) ------------------------------------------------------------


@pytest.mark.slow
def test_every_effective_procedure_has_a_sheet_and_its_page_links_to_it(site: Path) -> None:
    sheets = sorted(p.relative_to(site).as_posix() for p in site.rglob("sign-off.html"))
    assert len(sheets) == 22  # the example's effective procedures (retired and drafts: none)
    assert SHEET in sheets
    page = (site / "procedures/food-preparation/FP-004/index.html").read_text()
    assert '<a class="md-button" href="sign-off.html">Sign-off sheet</a>' in page
    retired = (site / "procedures/customer-service/CS-001/index.html").read_text()
    assert "sign-off.html" not in retired


@pytest.mark.slow
def test_the_sheet_lists_who_is_due_and_the_changes_since_the_last_material_revision(
    site: Path,
) -> None:
    sheet = (site / SHEET).read_text()
    assert "<title>Sign-off sheet: FP-004 Make a Harbor Club sandwich to spec</title>" in sheet
    assert (
        "<dt>Revision</dt><dd>3</dd>" in sheet and "<dt>Effective</dt><dd>2026-07-06</dd>" in sheet
    )
    assert "<strong>Revision 3</strong> (2026-07-06): Turkey is weighed every time" in sheet
    assert "Revision 2</strong>" not in sheet  # before the previous material revision
    names = re.findall(r"<tr><td>([^<]+)</td><td>([^<]*)</td>", sheet)
    assert names == [("Grace Mensah", "Deli cook"), ("Lee Park", "Deli cook")]
    assert sheet.count("<tr><td></td><td></td><td></td><td></td><td></td></tr>") == 4
    assert '<a href="./">Back to the procedure</a>' in sheet  # the sheet is in the page's folder
    assert "http" not in sheet.replace("http-equiv", "")  # nothing loaded from anywhere
    # FH-003's revision 4 is editorial: the sheet shows it with the material revision 3,
    # and nobody who signed revision 3 is due.
    fh3 = (site / "procedures/front-of-house/FH-003/sign-off.html").read_text()
    assert "<strong>Revision 4</strong> (2026-05-25) (editorial)" in fh3
    assert "<strong>Revision 3</strong> (2026-03-16)" in fh3
    assert re.findall(r"<tr><td>([^<]+)</td>", fh3) == []


@pytest.mark.slow
def test_the_training_page_is_in_the_nav_and_lists_who_is_due(site: Path) -> None:
    page = (site / "training/index.html").read_text()
    assert re.search(r'<h1 id="training">Training', page)
    for anchor in ("by-person", "by-procedure", "matrix"):
        assert f'id="{anchor}"' in page
    assert "Lee Park" in page and "Jo Brennan" not in page  # a leaver is not listed
    assert "signed revision 2 on 2025-11-14" in page
    assert 'href="../procedures/food-preparation/FP-004/sign-off.html">Sign-off sheet</a>' in page
    assert 'href="training/"' in (site / "index.html").read_text()


def _with_manual(tmp_path: Path, edit: Any) -> Path:
    project = make_project(tmp_path / "project")
    edit(project / "procedures")
    done = build(project, "--strict")
    assert done.returncode == 0, done.stderr
    return project / "site"


@pytest.mark.slow
def test_names_stay_off_a_site_that_says_so_and_without_people_yaml(tmp_path: Path) -> None:
    def private(manual: Path) -> None:
        text = (manual / "manual.yaml").read_text()
        (manual / "manual.yaml").write_text(text + "training:\n  publish_names: false\n")

    site = _with_manual(tmp_path / "private", private)
    assert not (site / "training").exists()
    assert "training/" not in (site / "index.html").read_text()
    sheet = (site / SHEET).read_text()
    assert "Lee Park" not in sheet and "Grace" not in sheet
    assert sheet.count("<tr><td></td><td></td><td></td><td></td><td></td></tr>") == 10
    for html in site.rglob("*.html"):
        assert "Lee Park" not in html.read_text(), html

    def no_people(manual: Path) -> None:
        (manual / "people.yaml").unlink()
        shutil.rmtree(manual / "signoffs")

    site = _with_manual(tmp_path / "none", no_people)
    assert not (site / "training").exists()
    assert (site / SHEET).read_text().count("<tr><td></td>") == 10


# --- In Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
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
    if not AXE.is_file():
        unavailable(f"axe-core is not installed: npm ci --prefix {AXE.parents[2]}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Opens pages at a size and colour scheme; no request may leave localhost."""
    contexts: list[Any] = []
    outside: list[str] = []

    def opener(width: int = 1280, height: int = 900, scheme: str = "light") -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme
        )

        def record(route: Any) -> None:
            if urlsplit(route.request.url).hostname not in ("127.0.0.1", "localhost"):
                outside.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", record)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    yield opener
    for context in contexts:
        context.close()
    assert outside == [], f"requests left localhost: {outside}"


def _shot(tab: Any, name: str, **options: Any) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), **options)


def _serious(tab: Any) -> list[str]:
    return serious_violations(tab, AXE)


def _pdf_text(tab: Any, tmp_path: Path, name: str) -> tuple[str, int]:
    pdf = tmp_path / f"{name}.pdf"
    tab.pdf(path=str(pdf), format="A4")
    if SCREENSHOTS:
        shutil.copy(pdf, Path(SCREENSHOTS) / pdf.name)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    return text, pages


@pytest.mark.slow
@pytest.mark.browser
def test_the_sheet_from_the_procedure_page_on_screen_and_on_paper(
    served: str, open_page: Any, tmp_path: Path
) -> None:
    tab = open_page()
    tab.goto(f"{served}procedures/food-preparation/FP-004/")
    tab.get_by_role("link", name="Sign-off sheet").click()
    tab.wait_for_url(f"{served}{SHEET}")
    assert tab.get_by_role("heading", level=1).inner_text() == (
        "Sign-off sheet: FP-004 Make a Harbor Club sandwich to spec"
    )
    headers = tab.locator("thead th").all_inner_texts()
    assert headers == ["Name", "Role", "Trained by", "Signature", "Date"]
    assert tab.locator("tbody tr").count() == 6
    assert _serious(tab) == []
    _shot(tab, "sheet-desktop", full_page=True)
    text, pages = _pdf_text(tab, tmp_path, "sheet")
    assert pages == 1
    for expected in (
        "Sign-off sheet: FP-004",
        "Revision",
        "2026-07-06",
        "Grace Mensah",
        "Lee Park",
        "Turkey is weighed every time",
        "sopgen sign PERSON FP-004",
    ):
        assert expected in " ".join(text.split()), expected
    assert "Back to the procedure" not in text  # screen only
    tab.get_by_role("link", name="Back to the procedure").click()
    tab.wait_for_url(f"{served}procedures/food-preparation/FP-004/")


@pytest.mark.slow
@pytest.mark.browser
def test_the_sheet_on_a_phone_in_the_dark(served: str, open_page: Any) -> None:
    tab = open_page(390, 844, "dark")
    tab.goto(f"{served}{SHEET}")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # the table scrolls in its own box, not the page
    region = tab.get_by_role("region", name="Signatures")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")  # reachable by keyboard
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"  # the reader's dark scheme
    assert _serious(tab) == []
    _shot(tab, "sheet-phone-dark", full_page=True)


@pytest.mark.slow
@pytest.mark.browser
def test_the_training_page_on_desktop_phone_and_paper(
    served: str, open_page: Any, tmp_path: Path
) -> None:
    tab = open_page()
    tab.goto(f"{served}training/")
    assert [h.strip(" ¶") for h in tab.locator("article h2").all_inner_texts()] == [
        "By person",
        "By procedure",
        "Everyone and every procedure",
    ]
    matrix = tab.locator(".sop-table-training table")
    people = matrix.locator("thead th").all_inner_texts()
    assert people == [
        "Procedure",
        "Maria Chen",
        "Tomás Silva",
        "Grace Mensah",
        "Ana Reyes",
        "Lee Park",
        "Sam Okafor",
    ]
    lee = people.index("Lee Park") + 1
    row = matrix.locator("tbody tr", has_text="FP-004")
    assert row.locator(f"td:nth-child({lee})").inner_text().strip() == "! Due"
    row = matrix.locator("tbody tr", has_text="FH-003")
    assert row.locator(f"td:nth-child({lee})").inner_text().strip() == "✓ Current"
    assert row.locator("td:nth-child(7)").inner_text().strip() == "Not required"
    assert _serious(tab) == []
    _shot(tab, "training-desktop", full_page=True)
    text, _ = _pdf_text(tab, tmp_path, "training")
    assert "Lee Park" in text and "never signed" in text
    phone = open_page(390, 844)
    phone.goto(f"{served}training/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone, "training-phone", full_page=True)

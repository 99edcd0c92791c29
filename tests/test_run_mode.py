"""Run mode in headless Chromium at phone size: a whole run, its record, and sopgen checking it."""

from __future__ import annotations

import functools
import json
import os
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
from sitekit import FIXTURES, REPO, TESTS, build, make_project, sopgen

from sopgen.render.run import RUN_LABELS
from sopgen.render.strings import EN

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = TESTS / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = os.environ.get("SOPGEN_SCREENSHOTS")  # a folder: save what the tests see
PHONE = {"width": 390, "height": 844}
FP_002 = "procedures/food-preparation/FP-002/"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, str]]:
    """The example, the Arabic manual and an English manual with a Spanish procedure, built and
    served on 127.0.0.1."""
    root = Path(tempfile.mkdtemp(prefix="sopgen-run-mode-"))
    servers = []
    found = {}
    try:
        for name, procedures in (
            ("example", REPO / "procedures"),
            ("arabic", FIXTURES / "arabic" / "procedures"),
            ("spanish", FIXTURES / "spanish" / "procedures"),
        ):
            docs = REPO / "docs" if name == "example" else None
            project = make_project(root / name, procedures, docs)
            done = build(project, "--strict")
            assert done.returncode == 0, done.stderr
            handler = functools.partial(_QuietHandler, directory=str(project / "site"))
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            found[name] = f"http://127.0.0.1:{server.server_address[1]}/"
        yield found
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
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized page that keeps downloads; no request may leave localhost, no script
    may fail."""
    context = browser.new_context(viewport=PHONE, accept_downloads=True, has_touch=True)
    outside: list[str] = []
    errors: list[str] = []

    def record(route: Any) -> None:
        if urlsplit(route.request.url).hostname not in ("127.0.0.1", "localhost"):
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", record)
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert outside == [], f"requests left localhost: {outside}"
    assert errors == [], errors


def screenshot(tab: Any, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SCREENSHOTS) / f"run-{name}.png"))


def test_a_run_on_a_phone_gives_a_record_that_sopgen_checks(
    sites: dict[str, str], phone: Any, tmp_path: Path
) -> None:
    page = phone
    page.goto(sites["example"] + FP_002)
    screenshot(page, "1-start")
    # Closed until asked for (the steps stay on a phone's first screen); then by keyboard:
    # initials, Enter starts the run and puts the focus on the first step's tick.
    assert not page.get_by_label("Your initials").is_visible()
    page.get_by_text("Run this procedure").click()
    page.get_by_label("Your initials").focus()
    page.keyboard.type("JM")
    page.keyboard.press("Enter")
    first = page.get_by_label("Done (Step 1)")
    assert first.evaluate("box => document.activeElement === box")
    page.keyboard.press("Space")
    assert first.is_checked()
    reading = page.get_by_label("Reading (°F) (Step 2)")
    note = page.locator("#" + reading.get_attribute("aria-describedby"))
    reading.fill("٣٩٫٥")  # a phone set to Arabic types Arabic-Indic digits
    assert note.text_content() == "Within the spec (at most 41 °F)."
    reading.fill("46")
    assert note.get_attribute("aria-live") == "polite"
    assert note.text_content() == (
        "⚠ Outside the spec (at most 41 °F): do what the procedure says for it."
    )
    assert reading.get_attribute("aria-invalid") == "true"
    page.get_by_label("Done (Step 2)").check()
    reading.scroll_into_view_if_needed()
    screenshot(page, "2-out-of-spec")
    page.get_by_role("radio", name="cold food is above 41 °F").check()
    # Steps the answer skipped say so and cannot be ticked.
    assert page.get_by_label("Done (Step 3c.1)").is_disabled()
    assert "skipped" in page.locator("#step-3c-1 .sop-run-status").text_content()

    page.reload()  # mid-run: everything is still there
    assert page.get_by_label("Reading (°F) (Step 2)").input_value() == "46"
    assert page.get_by_role("radio", name="cold food is above 41 °F").is_checked()
    assert page.get_by_label("Done (Step 1)").is_checked()

    page.locator("#step-3b-1").get_by_role("radio", name="Yes").check()
    for number in ("3b.1a.1", "3b.1a.2", "4", "5"):
        page.get_by_label(f"Done (Step {number})").check()
    page.get_by_label("What you wrote down (Step 5)").fill("JM 19:40")
    checker = page.get_by_label("Checker's initials (Step 5)")
    checker.fill("j.m.")  # the doer cannot check their own work
    assert checker.get_attribute("aria-invalid") == "true"
    # The next Tab after the last step's fields reaches a Finish button right there.
    checker.focus()
    end = page.locator(".sop-run-end").get_by_role("button", name="Finish the run")
    page.keyboard.press("Tab")  # the checking role's link in the step's check box
    page.keyboard.press("Tab")
    assert end.evaluate("button => document.activeElement === button")
    page.keyboard.press("Enter")
    assert page.locator(".sop-run-live").text_content() == "Still to do: 5."
    assert checker.evaluate("box => document.activeElement === box")  # back to what is missing
    checker.fill("KL")
    checker.scroll_into_view_if_needed()
    screenshot(page, "3-check")
    page.locator(".sop-run-panel").get_by_role("button", name="Finish the run").click()
    assert page.locator(".sop-run-end").count() == 0  # finished: nothing left to finish
    assert page.get_by_role("status").text_content().startswith("Run finished.")
    assert page.locator(".sop-run-summary .sop-run-bad").count() == 1
    screenshot(page, "4-finished")

    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download the record").click()
    download = waiting.value
    name = download.suggested_filename
    assert name.startswith("FP-002-") and name.endswith("-JM.yaml"), name
    manual = tmp_path / "procedures"
    shutil.copytree(REPO / "procedures", manual)
    record = manual / "runs" / "phone" / download.suggested_filename
    record.parent.mkdir()
    download.save_as(record)
    text = record.read_text(encoding="utf-8")
    assert 'chose: "cold food is above 41 °F"' in text and 'checked_by: "KL"' in text

    done = sopgen("validate", "--format", "json", "--no-cache", "--strict", manual, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    mine = [p for p in json.loads(done.stdout) if "runs/phone/" in p["path"]]
    assert [(p["line"], p["column"], p["severity"], p["rule"]) for p in mine] == [
        (12, 12, "warning", "run-values")
    ]
    assert "step 2 `log` read 46 °F, outside the spec" in mine[0]["message"]


def test_a_run_of_an_older_revision_is_not_continued(sites: dict[str, str], phone: Any) -> None:
    page = phone
    page.goto(sites["example"] + FP_002)
    old = {"by": "AR", "started": "2026-11-20T07:00:00Z", "finished": None, "steps": {}}
    old["choices"] = {}
    page.evaluate("old => localStorage.setItem('sopgen-run/FP-002/5', JSON.stringify(old))", old)
    page.reload()
    panel = page.locator(".sop-run-panel")
    assert "unfinished run of revision 5" in panel.text_content()
    assert page.get_by_label("Your initials").count() == 0
    assert page.locator(".sop-run-controls").count() == 0
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Discard this run").click()
    assert page.get_by_label("Your initials").is_visible()
    assert page.evaluate("localStorage.getItem('sopgen-run/FP-002/5')") is None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_run_mode_has_no_serious_accessibility_violation(
    sites: dict[str, str], browser: Any, scheme: str
) -> None:
    """While running and once finished, in both colour schemes (the dark one once had plain
    buttons and links in the primary colour, 2.3:1 on its background)."""
    if not AXE.is_file():
        unavailable(f"axe-core is not installed: npm ci --prefix {AXE.parents[2]}")
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(sites["example"] + FP_002)
        assert page.evaluate("document.body.dataset.mdColorScheme") == (
            "slate" if scheme == "dark" else "default"
        )
        page.get_by_text("Run this procedure").click()
        page.get_by_label("Your initials").fill("AR")
        page.get_by_role("button", name="Start the run").click()
        page.get_by_label("Reading (°F) (Step 2)").fill("46")
        page.get_by_role("radio", name="cold food is above 41 °F").check()
        page.locator("#step-3b-1").get_by_role("radio", name="Yes").check()
        for number in ("1", "2", "3b.1a.1", "3b.1a.2", "4", "5"):
            page.get_by_label(f"Done (Step {number})").check()
        page.get_by_label("Checker's initials (Step 5)").fill("ar")
        assert serious_violations(page, AXE) == []
        page.get_by_label("Checker's initials (Step 5)").fill("KL")
        page.locator(".sop-run-end").get_by_role("button", name="Finish the run").click()
        page.get_by_role("button", name="Download the record").wait_for()
        # Finishing scrolls up, and the theme fades its "Back to top" button in: the check
        # waits for it to settle, with no hover state (the theme's hover colour is the accent).
        assert serious_violations(page, AXE) == []
    finally:
        context.close()


def test_run_mode_runs_right_to_left_in_an_arabic_manual(sites: dict[str, str], phone: Any) -> None:
    page = phone
    page.goto(sites["arabic"] + "procedures/service/SV-001/")
    page.locator(".sop-run-opener > summary").click()
    page.get_by_label("الأحرف الأولى من اسمك").fill("م ع")
    page.get_by_role("button", name="ابدأ التنفيذ").click()
    controls = page.locator(".sop-run-controls").first
    assert controls.evaluate("box => getComputedStyle(box).direction") == "rtl"
    # A control sits at the start of its line, which is the right in Arabic.
    box = controls.bounding_box()
    tick = controls.locator("input[type=checkbox]").bounding_box()
    assert tick["x"] + tick["width"] > box["x"] + box["width"] / 2
    controls.locator("input[type=checkbox]").check()
    # Run mode speaks the manual's language; the same person, in Arabic letters, cannot check.
    page.get_by_label("الأحرف الأولى من اسم المتحقق").fill("م ع")
    note = page.locator("#step-escalate .sop-run-note")
    assert note.text_content() == "يجب أن يكون المتحقق شخصًا غير م ع."
    screenshot(page, "5-arabic")


def test_run_mode_speaks_the_procedures_language_in_an_english_manual(
    sites: dict[str, str], phone: Any
) -> None:
    """A Spanish procedure in an English manual: every word Run mode writes is Spanish, the
    range in its notes too, and none of English's is left on the page."""
    page = phone
    page.goto(sites["spanish"] + "procedures/kitchen/KT-001/")
    assert page.locator('article [lang="es"]').count() >= 1
    page.get_by_text("Ejecutar este procedimiento").click()
    page.get_by_label("Sus iniciales").fill("JM")
    page.get_by_role("button", name="Empezar la ejecución").click()
    reading = page.get_by_label("Lectura (°C) (Paso 1)")
    note = page.locator("#" + reading.get_attribute("aria-describedby"))
    reading.fill("abc")
    assert note.text_content() == "Escriba un número, como 39,5."
    reading.fill("3,5")
    assert note.text_content() == "Dentro de especificación (1 °C a 4 °C)."
    reading.fill("7")
    assert note.text_content() == (
        "⚠ Fuera de especificación (1 °C a 4 °C): "
        "haga lo que indica el procedimiento para este caso."
    )
    page.get_by_label("Hecho (Paso 1)").check()
    page.locator("#step-rango").get_by_role("radio", name="Sí").check()
    skipped = page.locator("#step-2b-1 .sop-run-status").text_content()
    assert skipped == "No hace falta en esta ejecución: una respuesta lo saltó."
    page.get_by_label("Hecho (Paso 3)").check()
    checker = page.get_by_label("Iniciales de quien comprueba (Paso 3)")
    checker.fill("jm")
    assert page.locator("#step-firmar .sop-run-note").text_content() == (
        "Debe comprobarlo otra persona, no JM."
    )
    page.locator(".sop-run-end").get_by_role("button", name="Terminar la ejecución").click()
    assert page.locator(".sop-run-live").text_content() == "Falta: 3."
    checker.fill("KL")
    page.locator(".sop-run-end").get_by_role("button", name="Terminar la ejecución").click()
    assert page.get_by_role("status").text_content().startswith("Ejecución terminada.")
    assert page.get_by_role("button", name="Descargar el registro").is_visible()
    screenshot(page, "6-spanish")
    # No label of Run mode in English anywhere on the page (the manual's menu is English).
    shown = page.locator("article").inner_text()
    english = [EN[key].split("{")[0].strip() for key in RUN_LABELS]
    assert [words for words in english if len(words) > 3 and words in shown] == []

"""`sopgen serve` in Chromium: a procedure whose file has errors shows its problems where its
page was (not a 404), as text, and the page comes back by itself on the next good save."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_browser as shared
import test_site_serve as serving
from sitekit import make_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The browser and the recording page of the shared browser tests.
browser, page = shared.browser, shared.page
CS002 = Path("customer-service") / "CS-002-product-does-not-work.yaml"
HOSTILE_KEY = "<img src=x onerror=window.__hit=1>"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str, serving.Server]]:
    """The example manual under `sopgen serve` on a free port: (project, base URL, server)."""
    project = make_project(tmp_path / "repo")
    server = serving.Server(project)
    try:
        server.wait_for("Serving on")
        yield project, server.base, server
    finally:
        server.stop(signal.SIGINT)


def _heading(page: Any) -> str:
    return str(page.locator("article h1").first.inner_text())


def test_a_broken_procedure_shows_its_problems_then_itself_again(
    preview: tuple[Path, str, serving.Server], page: Any
) -> None:
    project, base, server = preview
    source = project / "procedures" / CS002
    good = source.read_text("utf-8")
    page.set_default_timeout(60_000)  # a rebuild of the whole example manual, on a busy machine
    page.goto(f"{base}procedures/customer-service/CS-002/")
    assert _heading(page).startswith("CS-002")

    # A misspelt field and a field named with markup: the schema keeps the file out.
    broken = good.replace("\nowner:", "\nownr:", 1) + f'"{HOSTILE_KEY}": 1\n'
    source.write_text(broken, "utf-8")
    shown = "procedures/customer-service/CS-002-product-does-not-work.yaml"
    # No navigation here: live reload brings the problem page to the open tab.
    page.wait_for_function(
        "document.querySelector('article h1') && "
        "document.querySelector('article h1').textContent.startsWith('Problems in')"
    )
    assert _heading(page).startswith(f"Problems in {shown}")
    problems = page.locator("ul.sop-problems > li").all_inner_texts()
    lines = broken.splitlines()
    owner_line = 1 + next(i for i, line in enumerate(lines) if line.startswith("ownr:"))
    misspelt = f"{shown}:{owner_line}:1 error: Unknown field ownr: did you mean owner?"
    assert any(text.startswith(misspelt) for text in problems), problems
    # The markup in the file is text on the page: shown, not run.
    hostile_line = len(broken.splitlines())
    assert any(
        text.startswith(f"{shown}:{hostile_line}:1 error:") and HOSTILE_KEY in text
        for text in problems
    ), problems
    assert page.locator("article img").count() == 0
    assert page.evaluate("window.__hit") is None
    shared.screenshot(page, "preview-problems-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    shared.screenshot(page, "preview-problems-phone", full_page=True)

    # Fixed and saved: the procedure comes back in the same tab by itself.
    source.write_text(good, "utf-8")
    page.wait_for_function(
        "document.querySelector('article h1') && "
        "document.querySelector('article h1').textContent.startsWith('CS-002')"
    )
    assert page.locator(".sop-step").count() > 3
    assert "Traceback" not in server.log, server.log


def test_an_unreadable_manual_shows_its_problems_on_every_page_it_had(
    preview: tuple[Path, str, serving.Server], page: Any
) -> None:
    project, base, server = preview
    manual = project / "procedures" / "manual.yaml"
    good = manual.read_text("utf-8")
    page.set_default_timeout(60_000)
    page.goto(f"{base}roles/barista/")
    manual.write_text(good.replace("\ntitle:", "\ntitel:", 1), "utf-8")
    page.wait_for_function(
        "document.querySelector('article h1') && "
        "document.querySelector('article h1').textContent.startsWith('Problems in')"
    )
    assert "procedures/manual.yaml" in _heading(page)
    problems = page.locator("ul.sop-problems > li").all_inner_texts()
    assert any("Unknown field titel" in text for text in problems), problems
    assert serving.fetch(f"{base}procedures/customer-service/CS-002/")[0] == 200
    manual.write_text(good, "utf-8")
    page.wait_for_function(
        "document.querySelector('article h1') && "
        "document.querySelector('article h1').textContent.startsWith('What the')"
    )
    assert "Traceback" not in server.log, server.log

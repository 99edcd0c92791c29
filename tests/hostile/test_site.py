"""Classes 7 and 8: plain MkDocs never publishes a manual with errors; a language with a
region maps to the theme's or is a problem at manual.yaml's line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import TODAY, run, sopgen

from hostile.hostile_kit import MANUAL, PROCEDURE, edit

pytestmark = pytest.mark.slow


def test_plain_mkdocs_build_fails_on_a_validation_error(manual: Path) -> None:
    edit(manual, PROCEDURE, "owner: shift-lead", "owner: nobody")
    done = run("mkdocs", "build", cwd=manual)
    assert done.returncode == 1
    assert f"{PROCEDURE}:" in done.stderr and "has errors" in done.stderr
    assert not (manual / "site").exists()


@pytest.mark.parametrize(
    ("language", "theme", "words"),
    [("en-US", "en", "Search"), ("pt-BR", "pt-BR", "Buscar"), ("de-CH", "de", "Suche")],
)
def test_a_language_with_a_region_maps_to_the_themes(
    manual: Path, language: str, theme: str, words: str
) -> None:
    edit(manual, MANUAL, "language: en ", f"language: {language} ")
    done = sopgen("build", "--today", TODAY, cwd=manual)
    assert done.returncode == 0, done.stderr
    page = (manual / "site" / "index.html").read_text("utf-8")
    assert f'<html lang="{theme.split("-")[0]}' in page or f'lang="{theme}"' in page
    assert words in page


def test_a_language_the_theme_lacks_is_a_problem_at_its_line(manual: Path) -> None:
    edit(manual, MANUAL, "language: en ", "language: xx-YY ")
    done = sopgen("build", "--today", TODAY, cwd=manual)
    assert done.returncode == 1
    assert f"{MANUAL}:6:11: The site's theme has no language `xx-YY`" in done.stderr
    assert "Traceback" not in done.stderr and "TemplateNotFound" not in done.stderr

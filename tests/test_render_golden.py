"""Golden pages for the fixture manuals, byte for byte: the Markdown of pages MkDocs converts
(``.md``), and for pages rendered straight to HTML their front matter followed by that HTML
(``.html``, one line: ``git diff --word-diff-regex='<[^>]*>|[^<]+'`` reads it).

Regenerate after an intended change with
``SOPGEN_UPDATE_GOLDEN=1 pytest tests/test_render_golden.py`` and read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from render_support import TODAY, load

from sopgen.render import Page, RenderOptions, render_site
from sopgen.render.reference import FIELDS_PAGE, RULES_PAGE, fields_markdown, rules_markdown

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SOPGEN_UPDATE_GOLDEN") == "1"
# Reference pages come from the schemas; their own tests cover them (see below).
REFERENCE = {FIELDS_PAGE, RULES_PAGE}

CASES = {
    "full": (
        "full",
        RenderOptions(today=TODAY, edit_url="https://git.example.org/o/r/edit/main/{path}"),
    ),
    "full-drafts": ("full", RenderOptions(today=TODAY, include_drafts=True)),
    "arabic": ("arabic", RenderOptions(today=TODAY, procedures_path="docs/manual")),
    "hostile": ("hostile", RenderOptions(today=TODAY)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_pages_match_golden(case: str) -> None:
    fixture, options = CASES[case]
    pages = {
        _golden_name(p): p.markdown if p.body is None else f"{p.markdown}{p.body().content}\n"
        for p in render_site(load(fixture), options)
        if p.path not in REFERENCE
    }
    folder = GOLDEN / case
    if UPDATE:
        for old in [*folder.rglob("*.md"), *folder.rglob("*.html")]:
            old.unlink()
        for path, text in pages.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8", newline="\n")
    expected = {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in [*folder.rglob("*.md"), *folder.rglob("*.html")]
    }
    assert sorted(pages) == sorted(expected), "pages added or missing: regenerate the goldens"
    for path, text in pages.items():
        assert text == expected[path], f"{case}/{path} differs from its golden file"


def _golden_name(page: Page) -> str:
    return page.path if page.body is None else page.path.removesuffix(".md") + ".html"


def test_reference_pages_come_from_reference_docs() -> None:
    pages = {p.path: p.markdown for p in render_site(load("full"), RenderOptions(today=TODAY))}
    assert pages[FIELDS_PAGE] == fields_markdown()
    assert pages[RULES_PAGE] == rules_markdown()

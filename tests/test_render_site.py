"""The every-field fixture manual through a real `sopgen build`: MkDocs accepts every link and
anchor the renderer writes, and the renderer's markup survives into the built pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_support import RENDER_DATA
from sitekit import build, make_project, tags

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("render-site")
    project = make_project(root / "project", procedures=RENDER_DATA / "full", docs=None)
    (project / "docs" / "handbook.md").write_text("# Barista handbook\n", encoding="utf-8")
    result = build(project, "--site-dir", root / "site", "--drafts")
    assert result.returncode == 0, result.stderr
    return root / "site", result.stderr


def test_mkdocs_finds_every_link_and_anchor(built: tuple[Path, str]) -> None:
    _, log = built
    build_log = log.split("Building the site", 1)[1]
    assert "warning" not in build_log.lower(), build_log


def test_built_procedure_page_keeps_steps_checks_and_print_furniture(
    built: tuple[Path, str],
) -> None:
    site, _ = built
    html = (site / "procedures/front-of-house/FH-001/index.html").read_text(encoding="utf-8")
    elements = tags(html)
    ids = {t.attrs["id"] for t in elements if "id" in t.attrs}
    for anchor in ("step-power-on", "step-calibrate", "step-2-1", "step-2-1-1", "step-taste"):
        assert anchor in ids
    assert {"step-milk-ok", "step-3b-1", "step-open", "steps", "metrics"} <= ids
    classes = [t.attrs.get("class", "") for t in elements]
    steps = [t.attrs["id"] for t in elements if "sop-step" in t.attrs.get("class", "").split()]
    assert len(steps) == 8
    for anchor in steps:  # each step starts with its head, the number's link first
        assert f'id="{anchor}"><p><a href="#{anchor}">' in html, anchor
    assert sum("sop-sign" in c.split() for c in classes) == 1
    # Paper: the "Done by" line, and each page's margins name the procedure and its revision.
    assert "sop-done" in classes
    assert '@page{@top-left{content:"FH-001 · Revision 4 · Open the espresso bar"}' in html
    # Definitions travel in a data attribute, never a title (the theme copies titles as HTML).
    definitions = [t.attrs.get("data-sop-definition", "") for t in elements if t.name == "abbr"]
    assert any(definition.startswith("First in, first out") for definition in definitions)
    hrefs = [t.attrs.get("href", "") for t in elements if t.name == "a"]
    assert "../../../handbook/" in hrefs  # a site-relative reference, resolved by MkDocs
    assert "../FH-002/" in hrefs  # `see:` and related procedures
    assert "../../../assets/sopgen/sopgen.css" in [t.attrs.get("href") for t in elements]

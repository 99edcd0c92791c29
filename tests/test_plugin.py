"""The plugin under plain `mkdocs build`: problems as warnings, nav merging, no writes to docs/."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import REPO, make_project, run, tags

# A manual whose pages link to no hand-written page, so any docs/ set of a test builds --strict
# (the example manual's procedures link to the owners' guide in the repository's docs/).
SELF_CONTAINED_MANUAL = REPO / "tests" / "data" / "valid" / "manual"

pytestmark = pytest.mark.slow


def mkdocs_build(project: Path, *args: str) -> tuple[int, str]:
    done = run("mkdocs", "build", "--config-file", project / "mkdocs.yml", *args)
    return done.returncode, done.stdout + done.stderr


def first_procedure(project: Path) -> Path:
    return sorted((project / "procedures").rglob("*-*.yaml"))[0]


def test_problems_are_warnings_with_their_place_and_fail_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo")
    broken = first_procedure(project).with_name("ZZ-broken.yaml")
    broken.write_text("id: CS-999\ntitle: Broken\nstatsu: effective\n", "utf-8")

    code, output = mkdocs_build(project)
    # A plain build (or gh-deploy) fails as `sopgen build` does: no partial manual published.
    assert code == 1
    assert "WARNING" in output and "ZZ-broken.yaml:3:1" in output
    assert "has errors" in output and "Traceback" not in output
    assert not (project / "site").exists()

    code, output = mkdocs_build(project, "--strict")
    assert code == 1
    assert "ZZ-broken.yaml:3:1" in output


def test_an_unreadable_manual_stops_the_build_with_a_message(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo")
    (project / "procedures" / "manual.yaml").write_text("title: [\n", "utf-8")
    code, output = mkdocs_build(project)
    assert code == 1
    assert "manual.yaml:" in output and "cannot be read" in output
    assert "Traceback" not in output


def nav_links(html: str) -> list[str]:
    nav = html.split('<div class="md-content"', 1)[0]
    return [t.attrs.get("href", "") for t in tags(nav) if t.name == "a"]


def test_a_hand_written_nav_keeps_its_pages_and_gains_the_manual(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo", procedures=SELF_CONTAINED_MANUAL, docs=None)
    (project / "docs" / "guide.md").write_text("# Guide for owners\n", "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8") + "\nnav:\n  - Home: index.md\n  - Owners: guide.md\n", "utf-8"
    )
    code, output = mkdocs_build(project, "--strict")
    assert code == 0, output
    links = nav_links((project / "site" / "index.html").read_text("utf-8"))
    assert any(link.endswith("guide/") for link in links)
    assert any(link.endswith("procedures/") for link in links)
    assert any("roles/" in link for link in links)


def test_without_a_nav_the_home_page_then_the_manual_then_the_guides(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo", procedures=SELF_CONTAINED_MANUAL, docs=None)
    (project / "docs" / "guide.md").write_text("# Guide for owners\n", "utf-8")
    code, output = mkdocs_build(project, "--strict")
    assert code == 0, output
    html = (project / "site" / "index.html").read_text("utf-8")
    # The primary navigation's list (the header's logo also links home).
    links = nav_links(html[html.index('<ul class="md-nav__list"') :])
    home = next(i for i, link in enumerate(links) if link in (".", "./"))
    guide = next(i for i, link in enumerate(links) if link.endswith("guide/"))
    procedures = next(i for i, link in enumerate(links) if link.endswith("procedures/"))
    assert home < procedures < guide
    assert sorted(p.name for p in (project / "docs").iterdir()) == ["guide.md", "index.md"]


def test_the_repository_config_names_the_plugin_and_the_extensions() -> None:
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    for needed in ("- sopgen", "- search", "- tags", "font: false", "generator: false"):
        assert needed in text, needed

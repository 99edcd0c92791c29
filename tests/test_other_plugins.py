"""Other MkDocs plugins see every page sopgen makes: mkdocs-print-site-plugin prints every
procedure, mkdocs-glightbox zooms procedure images, and MkDocs' anchor validation knows the
ids of procedure pages (a broken #anchor into one fails --strict)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from sitekit import REPO, make_project, run

pytestmark = pytest.mark.slow

PLUGINS = "      drafts: false\n  - glightbox\n  - print-site  # last, as its documentation asks\n"
GOOD = "procedures/front-of-house/FH-001.md#step-route"
BROKEN = "procedures/front-of-house/FH-001.md#step-no-such-step"


def project(root: Path, *links: str) -> Path:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      drafts: false\n" in text
    text = text.replace("      drafts: false\n", PLUGINS, 1) + "\nvalidation:\n  anchors: warn\n"
    folder = make_project(root, config_text=text)
    listed = "\n".join(f"- [A step]({link})" for link in links)
    (folder / "docs" / "links.md").write_text(f"# Links\n\n{listed}\n", encoding="utf-8")
    return folder


def mkdocs_build(folder: Path, *args: str) -> tuple[int, str]:
    done = run(sys.executable, "-m", "mkdocs", "build", *args, cwd=folder)
    return done.returncode, done.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = project(tmp_path_factory.mktemp("plugins") / "project", GOOD)
    code, log = mkdocs_build(folder, "--strict")
    assert code == 0, log  # the good anchor is found: nothing to warn about
    return folder / "site"


def published_procedures() -> set[str]:
    ids = set()
    for path in (REPO / "procedures").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"^id: (\S+)$", text, re.M)
        if found and not re.search(r"^status: (draft|in-review)$", text, re.M):
            ids.add(found.group(1))
    return ids


def test_the_print_page_holds_every_procedure_with_its_steps(site: Path) -> None:
    printed = (site / "print_page" / "index.html").read_text(encoding="utf-8")
    sections = set(
        re.findall(r'<section class="print-page" id="procedures-[\w-]+?-(\w\w-\d{3})"', printed)
    )
    expected = {identifier.lower() for identifier in published_procedures()}
    assert len(expected) >= 20
    assert sections == expected
    # The whole procedure, not only its title: a step's text and anchor are there.
    assert "Let them answer fully before you point." in printed
    assert 'id="step-route"' in printed


def test_procedure_images_open_in_the_lightbox(site: Path) -> None:
    page = (site / "procedures" / "front-of-house" / "FH-001" / "index.html").read_text("utf-8")
    # sopgen's own link to the full image carries the plugin's class (its script's selector).
    link = r'<a class="glightbox(?: sop-image-link)?"[^>]*href="([^"]+)"[^>]*>\s*<img\b[^>]*>'
    zoomed = re.search(link, page)
    assert zoomed is not None, "the step's image is not wrapped for the lightbox"
    assert zoomed.group(1) == "../../images/queue-route.svg"
    assert (site / "procedures" / "images" / "queue-route.svg").is_file()


def test_a_broken_anchor_into_a_procedure_page_fails_strict(tmp_path: Path) -> None:
    folder = project(tmp_path / "project", GOOD, BROKEN)
    code, log = mkdocs_build(folder, "--strict")
    assert code == 1
    assert f"contains a link '{BROKEN}'" in log
    assert "does not contain an anchor '#step-no-such-step'" in log
    assert GOOD not in log  # the step that exists is found

"""sopgen.site.fast is used only with the MkDocs and Material versions it was tested with."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import distribution
from pathlib import Path

import pytest
from sitekit import make_project, tree

from sopgen.site.fast import notice, untested
from sopgen.site.fast.compact import compact_html
from sopgen.site.fast.theme_html import finish_page

SKIP = frozenset({"sitemap.xml.gz"})  # gzip keeps a time stamp


def test_the_installed_versions_are_the_tested_ones() -> None:
    # CI installs what pyproject.toml allows: a new release outside the range fails here first.
    assert untested() is None


def test_versions_outside_the_range_are_named() -> None:
    tested = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2", "markdown": "3.11.3"}
    assert untested(tested) is None
    assert untested({**tested, "mkdocs": "1.7.0"}) == "mkdocs 1.7.0"
    assert untested({**tested, "mkdocs": "1.5.3"}) == "mkdocs 1.5.3"
    assert untested({**tested, "mkdocs-material": "9.9.0b1"}) == "mkdocs-material 9.9.0b1"
    assert untested({**tested, "markdown": "4.0"}) == "markdown 4.0"
    assert untested({"mkdocs": "1.6.1"}) == "mkdocs-material not installed"


def test_the_notice_is_one_line_naming_the_range() -> None:
    line = notice("mkdocs-material 10.0.0")
    assert "\n" not in line
    assert line.startswith("sopgen: mkdocs-material 10.0.0 is outside")
    assert "MkDocs >=1.6,<1.7, Material >=9.8,<9.9, Python-Markdown >=3.11,<3.12" in line
    assert "plain MkDocs way" in line


# A build as `mkdocs build` runs it, showing its log; then which way the pages were built.
BUILD = r"""
import logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s")
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
build(config)
plugin = config.plugins["sopgen"]
print("fast" if plugin.html_pages is not None else "plain")
"""


def _build(project: Path, site: Path, python_path: Path | None = None) -> tuple[str, str]:
    """Build the site of ``project``; (the way its pages were built, the log)."""
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    if python_path is not None:  # found first: what importlib.metadata reports as installed
        env["PYTHONPATH"] = str(python_path)
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(project / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip(), done.stderr


@pytest.mark.slow
def test_outside_the_tested_versions_the_pages_are_the_theme_s_own(tmp_path: Path) -> None:
    """With a Material release sopgen.site.fast was not tested with installed, MkDocs builds
    every page itself, a one-line notice says why, and the site is the same."""
    project = make_project(tmp_path / "repo")
    # Material's own metadata (its theme's entry point too), saying it is release 10.0.0.
    installed = distribution("mkdocs-material")
    newer = tmp_path / "newer-material"
    metadata = newer / "mkdocs_material-10.0.0.dist-info"
    metadata.mkdir(parents=True)
    for name in ("METADATA", "entry_points.txt"):
        (metadata / name).write_text(installed.read_text(name) or "", "utf-8")
    text = (metadata / "METADATA").read_text("utf-8")
    old_version = f"\nVersion: {installed.version}\n"
    assert old_version in text
    (metadata / "METADATA").write_text(text.replace(old_version, "\nVersion: 10.0.0\n"), "utf-8")
    way, log = _build(project, tmp_path / "plain", newer)
    assert way == "plain"
    notices = [line for line in log.splitlines() if "outside the versions" in line]
    assert notices == ["INFO - " + notice("mkdocs-material 10.0.0")]

    # The same site as the fast way makes, except that sopgen's pages are exactly the theme's
    # output: without the small fixes and compaction made by finding Material's markup.
    way, log = _build(project, tmp_path / "fast")
    assert way == "fast" and "outside the versions" not in log
    plain, fast = tree(tmp_path / "plain", SKIP), tree(tmp_path / "fast", SKIP)
    assert plain.keys() == fast.keys()
    same = [path for path in plain if plain[path] == fast[path]]
    unfinished = [
        path
        for path in plain
        if path.endswith(".html") and path not in same and _finished(plain[path]) == fast[path]
    ]
    assert sorted(same + unfinished) == sorted(plain)
    assert "procedures/front-of-house/FH-001/index.html" in unfinished


def _finished(page: bytes) -> bytes:
    """A page with what the fast way adds to the theme's output (the example is English)."""
    return compact_html(finish_page(page.decode("utf-8"), "en")).encode("utf-8")

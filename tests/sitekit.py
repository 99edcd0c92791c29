"""Helpers for the site tests: a manual project in a temp folder, built with the real CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURES = TESTS / "site_fixtures"
# Review dates are checked as of this day, so the fixtures do not become overdue with time.
TODAY = "2026-06-01"


def make_project(
    root: Path,
    procedures: Path = REPO / "procedures",
    docs: Path | None = REPO / "docs",
    config_text: str | None = None,
) -> Path:
    """A folder with mkdocs.yml (the repo's unless given), docs/ and procedures/ copied in."""
    root.mkdir(parents=True, exist_ok=True)
    text = config_text or (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # Plain `mkdocs build` has no --today: pin the day in the plugin's options instead.
    text = text.replace(
        "procedures_dir: procedures", f"procedures_dir: procedures\n      today: '{TODAY}'"
    )
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    shutil.copytree(procedures, root / "procedures")
    if docs is not None and docs.is_dir():
        shutil.copytree(docs, root / "docs")
    else:
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# Manual\n", encoding="utf-8")
    return root


def run(
    *args: str | Path, cwd: Path | None = None, banner_switch: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a command as a user would (plain MkDocs gets the switch that silences its banner)."""
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    if banner_switch:
        env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def sopgen(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The sopgen CLI without the switch: it must silence the banner itself."""
    return run(sys.executable, "-m", "sopgen", *args, cwd=cwd, banner_switch=False)


def build(project: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """`sopgen build --today TODAY` of a project folder (site in project/site unless given)."""
    return sopgen("build", "--config-file", project / "mkdocs.yml", "--today", TODAY, *args)


def tree(folder: Path, skip: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """Every file below ``folder`` by POSIX path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() not in skip
    }


@dataclass
class Tag:
    name: str
    attrs: dict[str, str]
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self._open_script: Tag | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Tag(tag, {k: v or "" for k, v in attrs})
        self.tags.append(element)
        if tag == "script":
            self._open_script = element

    def handle_data(self, data: str) -> None:
        if self._open_script is not None:
            self._open_script.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open_script = None


def tags(html: str) -> list[Tag]:
    """Every start tag of a page (attributes decoded as a browser would)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.tags


def url_scheme(url: str) -> str:
    """The scheme a browser would see: control characters and spaces removed, lower case."""
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""


def is_external(url: str) -> bool:
    """True for a URL that leaves the site: a scheme with a host, or protocol-relative."""
    cleaned = url.strip().lower()
    return cleaned.startswith("//") or url_scheme(cleaned) in {"http", "https", "ftp", "ws", "wss"}

"""Classes 2, 3, 5 and 6 for the newer outputs: site_url (QR codes, the theme's canonical
link), `sopgen export`, training reports and records — through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import TODAY, run, sopgen

from hostile.hostile_kit import PROCEDURE, edit

pytestmark = pytest.mark.slow

SITE_URL_LINE = "# site_url: https://manual.example.org/"


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (the validate cache aside) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".sopgen-cache" not in p.parts
    }


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ('https://x.example/"><img src=x onerror=alert(1)>/', "U+0022 QUOTATION MARK"),
        ("https://x.example/a b/", "U+0020 SPACE"),
        ("https://x.example/\u202egnp.exe/", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("javascript://x.example/%0aalert(1)", "must start with https://"),
    ],
)
def test_a_site_url_a_page_cannot_hold_is_refused(manual: Path, url: str, named: str) -> None:
    """The theme prints site_url into every page as written, and QR codes encode it."""
    edit(manual, "mkdocs.yml", SITE_URL_LINE, f"site_url: '{url}'")
    done = sopgen("build", "--today", TODAY, cwd=manual)
    assert done.returncode == 1
    assert "mkdocs.yml:11:11: site_url: " in done.stderr and named in done.stderr
    assert "\u202e" not in done.stderr and "Traceback" not in done.stderr
    assert not (manual / "site").exists()
    plain = run("mkdocs", "build", cwd=manual)
    assert plain.returncode == 1 and "site_url" in plain.stderr
    assert not (manual / "site").exists()
    exported = sopgen("export", "out", "--today", TODAY, cwd=manual)
    assert exported.returncode == 1 and "mkdocs.yml:11:11: site_url" in exported.stderr
    assert not (manual / "out").exists()


def test_export_writes_only_into_its_new_folder(manual: Path) -> None:
    tooltips = "    - content.tooltips\n    - navigation.prune"
    edit(manual, "mkdocs.yml", "    - navigation.prune", tooltips)
    before = files_of(manual)
    done = sopgen("export", "../out", "--today", TODAY, cwd=manual)
    assert done.returncode == 0, done.stderr
    assert files_of(manual) == before  # nothing written in the manual's project
    out = manual.parent / "out"
    assert sorted(p.name for p in manual.parent.iterdir()) == ["manual", "out"]  # no leftovers
    config = (out / "mkdocs.yml").read_text("utf-8")
    assert "content.tooltips" not in config  # the theme would show titles as HTML
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))


def test_export_never_overwrites_a_folder_or_follows_a_link(manual: Path, tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine", "utf-8")
    done = sopgen("export", busy, "--today", TODAY, cwd=manual)
    assert done.returncode == 2 and "it is not empty (1 entries: keep.txt)" in done.stderr
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    link = tmp_path / "link"
    link.symlink_to(empty)
    done = sopgen("export", link, "--today", TODAY, cwd=manual)
    assert done.returncode == 2 and "it is a symbolic link" in done.stderr
    assert link.is_symlink() and list(empty.iterdir()) == []


@pytest.mark.parametrize("case", ["outside", "device", "loop"])
def test_export_copies_nothing_from_outside_the_project(
    manual: Path, tmp_path: Path, case: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password", "utf-8")
    page = manual / "docs" / "notes.md"
    if case == "outside":
        page.symlink_to(secret)
    elif case == "device":
        page.symlink_to("/dev/zero")
    else:
        page.symlink_to(page)
    done = sopgen("export", tmp_path / "out", "--today", TODAY, cwd=manual)
    assert done.returncode == 1, done.stderr
    assert "docs/notes.md " in done.stderr and "Nothing was exported" in done.stderr
    assert not (tmp_path / "out").exists() and "Traceback" not in done.stderr


NAME = "Sam \u200b<img src=x onerror=alert(1)> | *bold* [x](javascript:alert(1)) @team"


def test_training_reports_keep_names_as_text(manual: Path) -> None:
    edit(manual, "procedures/people.yaml", "name: Sam Example", f"name: '{NAME}'")
    markdown = sopgen("training", "--format", "markdown", "--today", TODAY, cwd=manual)
    assert markdown.returncode == 0, markdown.stderr
    heading = next(line for line in markdown.stdout.splitlines() if "Sam" in line)
    assert heading == (
        "### Sam \u200b\\<img src=x onerror=alert(1)\\> \\| \\*bold\\* "
        "\\[x\\](javascript:alert(1)) @\u200bteam (sam)"
    )
    text = sopgen("training", "--today", TODAY, cwd=manual)
    assert text.returncode == 0, text.stderr
    assert "Sam \u200b<img src=x onerror=alert(1)> | *bold*" in text.stdout
    # The invisible character is named where it is written (a warning: the file is used).
    check = sopgen("validate", cwd=manual)
    assert "procedures/people.yaml:9:14: warning: U+200B ZERO WIDTH SPACE is invisible" in (
        check.stdout + check.stderr
    )


def test_records_with_control_characters_or_long_ids_are_problems(manual: Path) -> None:
    (manual / "procedures" / "signoffs").mkdir(exist_ok=True)
    (manual / "procedures" / "signoffs" / "sam.yaml").write_text(
        '- procedure: OPS-001\n  revision: "1"\n  date: 2026-01-06\n  method: read\n'
        '  note: "Read it\\e[2J\\a"\n',
        "utf-8",
    )
    edit(manual, "procedures/people.yaml", "- id: robin", f"- id: {'r' * 65}")
    done = sopgen("validate", cwd=manual)
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "procedures/signoffs/sam.yaml:5:9: error: U+001B ESCAPE is a control character" in output
    assert "procedures/signoffs/sam.yaml:5:9: error: U+0007 BELL is a control character" in output
    assert "procedures/people.yaml:11:7: error: " in output and "at most 64" in output
    assert "\x1b" not in output and "\x07" not in output
    assert (manual / PROCEDURE).is_file()

"""Classes 3, 4 and 6: hostile YAML and arguments through the real CLI — a problem at its
file:line:col or a usage error, never a traceback; text printed to a terminal stays inert."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import sopgen

from hostile.hostile_kit import MANUAL, PROCEDURE, edit

# (file, old, new, expected "file:line:col: severity" and text in the message)
CASES = {
    # Class 3: ids and names mean what they look like.
    "trailing newline in an id": (
        PROCEDURE,
        "id: OPS-001",
        'id: "OPS-001\\n"',
        f"{PROCEDURE}:3:5: error",
        "U+000A LINE FEED",
    ),
    "lookalike hyphen in an id": (
        PROCEDURE,
        "id: OPS-001",
        "id: OPS\u2010001",
        f"{PROCEDURE}:3:5: error",
        "U+2010 HYPHEN",
    ),
    "zero width space in a title": (
        PROCEDURE,
        "title: Open the shop",
        "title: Open\u200b the shop",
        f"{PROCEDURE}:4:12: warning",
        "U+200B ZERO WIDTH SPACE",
    ),
    "bidi override in a summary": (
        PROCEDURE,
        "summary: Open",
        "summary: Open \u202e",
        f"{PROCEDURE}:11:15: error",
        "U+202E RIGHT-TO-LEFT OVERRIDE",
    ),
    "bidi override as a YAML escape": (
        PROCEDURE,
        "title: Open the shop",
        'title: "Open \\u202d the shop"',
        f"{PROCEDURE}:4:8: error",
        "U+202D LEFT-TO-RIGHT OVERRIDE",
    ),
    "raw control byte": (
        PROCEDURE,
        "summary: Open",
        "summary: O\x01pen",
        f"{PROCEDURE}:11:11: error",
        "U+0001",
    ),
    "escape sequence in an id": (
        PROCEDURE,
        "id: OPS-001",
        'id: "OPS-001\\e[2J\\a"',
        f"{PROCEDURE}:3:5: error",
        "U+001B ESCAPE",
    ),
    "role named like the roles page": (
        MANUAL,
        "  - id: manager",
        "  - id: index",
        f"{MANUAL}:17:9: error",
        "page sopgen makes",
    ),
    "over-long id": (
        PROCEDURE,
        "id: OPS-001",
        "id: OPS-" + "1" * 300,
        f"{PROCEDURE}:3:5: error",
        "three to nine digits",
    ),
    # Class 4: no traceback, ever.
    "deep nesting": (
        PROCEDURE,
        "tags: [opening, daily]",
        "tags: " + "[" * 500 + "]" * 500,
        f"{PROCEDURE}:15:",
        "levels deep",
    ),
    "deep block nesting": (
        PROCEDURE,
        "tags: [opening, daily]",
        "tags:\n" + "".join("  " * i + "  -\n" for i in range(300)),
        f"{PROCEDURE}:",
        "levels deep",
    ),
    ".nan where a number is expected": (
        PROCEDURE,
        "minutes: 2",
        "minutes: .nan",
        f"{PROCEDURE}:26:14: error",
        "`.nan`",
    ),
    ".inf where a number is expected": (
        PROCEDURE,
        "minutes: 2",
        "minutes: .inf",
        f"{PROCEDURE}:26:14: error",
        "`.inf`",
    ),
    "a date past 9999": (
        PROCEDURE,
        # `sopgen init` writes today's date there: keep it, as a comment after the new one.
        "effective: ",
        "effective: 10000-01-01  # was ",
        f"{PROCEDURE}:10:12: error",
        "YYYY-MM-DD",
    ),
    "12.0 for a whole number": (
        MANUAL,
        "review_every_months: 12 ",
        "review_every_months: 12.0 ",
        f"{MANUAL}:7:22: error",
        "write `12`, not `12.0`",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_hostile_yaml_is_a_problem_at_its_place(manual: Path, case: str) -> None:
    relative, old, new, place, text = CASES[case]
    edit(manual, relative, old, new)
    done = sopgen("validate", cwd=manual)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith(place)]
    assert any(text in line for line in lines), done.stderr
    assert done.returncode == (0 if ": warning" in place else 1)
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr  # class 6


def test_a_large_file_is_not_taken_for_an_alias_bomb(manual: Path) -> None:
    steps = "".join(f"  - do: Step number {i}.\n" for i in range(50_000))
    edit(manual, PROCEDURE, "steps:\n", "steps:\n" + steps)
    done = sopgen("validate", cwd=manual)
    assert "yaml-aliases" not in done.stderr and "Traceback" not in done.stderr
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)
    )
    (manual / "procedures" / "operations" / "OPS-002-bomb.yaml").write_text(bomb, "utf-8")
    done = sopgen("validate", cwd=manual)
    assert "[yaml-aliases]" in done.stderr


ARGUMENTS = {
    "a very large --within": ("review", "--within", "99999999999999"),
    "an invalid port": ("serve", "--dev-addr", "127.0.0.1:99999"),
    "a port that is not a number": ("serve", "--dev-addr", "localhost:http"),
    "init below a file": ("init", "afile/below"),
}


@pytest.mark.parametrize("case", ARGUMENTS)
def test_bad_arguments_are_usage_errors(manual: Path, case: str) -> None:
    (manual / "afile").write_text("x", "utf-8")
    done = sopgen(*ARGUMENTS[case], cwd=manual)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Error: " in done.stderr


def test_a_busy_port_is_a_usage_error(manual: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = sopgen("serve", "--dev-addr", f"127.0.0.1:{port}", cwd=manual)
    assert done.returncode == 2, done.stderr
    assert "cannot serve on" in done.stderr and "Traceback" not in done.stderr


def test_a_non_utf8_argument_is_a_usage_error(manual: Path) -> None:
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "sopgen", "validate", os.fsdecode(b"\xff\xfe")],
        cwd=manual,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr


def test_a_category_folder_that_is_a_file(manual: Path) -> None:
    edit(manual, MANUAL, "roles:", "  - {id: kitchen, title: Kitchen, prefix: KT}\nroles:")
    (manual / "procedures" / "kitchen").write_text("not a folder", "utf-8")
    done = sopgen("validate", cwd=manual)
    assert f"{MANUAL}:13:" in done.stderr and "is a file" in done.stderr
    done = sopgen("new", "Clean the fryer", "--category", "kitchen", cwd=manual)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "is a file" in done.stderr


def test_terminal_control_characters_are_printed_escaped(manual: Path) -> None:
    """Class 6: a file name and an id with ESC and BEL are shown as escapes, in text and in
    GitHub annotations (the job log is a terminal too)."""
    folder = manual / "procedures" / "operations"
    (folder / "OPS-002-\x1b[31mred\x07.yaml").write_text("id: [\n", "utf-8")
    edit(manual, PROCEDURE, "id: OPS-001", 'id: "OPS-001\\e]0;owned\\a"')
    for output in ("text", "github"):
        done = sopgen("validate", "--format", output, cwd=manual)
        assert "OPS-002-\\x1b[31mred\\x07.yaml" in done.stdout + done.stderr
        assert "OPS-001\\x1b]0;owned\\x07" in done.stdout + done.stderr
        assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout + done.stderr


def test_markdown_reports_keep_file_names_on_one_line(manual: Path) -> None:
    """Class 6: a file name that would start a new Markdown line (a link, a mention) stays
    inside its code span in `diff --format markdown`."""
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=manual, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@e.org", "commit", "-qam", "x", "--allow-empty")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@e.org", "commit", "-qm", "base")
    source = (manual / PROCEDURE).read_text("utf-8").replace("OPS-001", "OPS-002")
    name = "OPS-002-a\n- [x](javascript:alert(1)) @here `b\x1b.yaml"
    (manual / "procedures" / "operations" / name).write_text(source, "utf-8")
    done = sopgen("diff", "HEAD", "--format", "markdown", cwd=manual)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if "OPS-002" in line and "`" in line)
    assert "OPS-002-a - [x](javascript:alert(1)) @here 'b\\x1b.yaml`" in line
    assert not any(line.startswith("- [x]") for line in done.stdout.splitlines())

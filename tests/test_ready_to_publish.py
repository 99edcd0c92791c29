"""ready-to-publish through the real CLI: a file from `sopgen new` cannot go out with its TODOs."""

from __future__ import annotations

import re
from pathlib import Path

from sitekit import sopgen


def _positions(path: Path, word: str) -> list[tuple[int, int]]:
    """(line, column), 1-based, of each whole-word ``word`` in the file, as an editor shows."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        (number, match.start() + 1)
        for number, line in enumerate(lines, 1)
        if not line.lstrip().startswith("#")
        for match in re.finditer(rf"\b{word}\b", line)
    ]


def test_a_new_file_set_effective_fails_at_each_todo_until_it_is_written(tmp_path: Path) -> None:
    assert sopgen("init", tmp_path / "m").returncode == 0
    manual = tmp_path / "m" / "procedures"
    made = sopgen("new", "Clean the grinder", "--category", "operations", "--manual-dir", manual)
    assert made.returncode == 0, made.stderr
    path = manual / "operations" / "OPS-002-clean-the-grinder.yaml"

    # A draft fresh from `sopgen new` is fine, even with --strict.
    draft = sopgen("validate", "--strict", manual, cwd=tmp_path)
    assert draft.returncode == 0, draft.stderr

    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: draft", "status: effective"), encoding="utf-8")
    todos = _positions(path, "TODO")
    assert len(todos) == 2  # the summary and the first step
    status_line = _positions(path, "effective")[0][0]
    shown = "m/procedures/operations/OPS-002-clean-the-grinder.yaml"
    result = sopgen("validate", "m/procedures", cwd=tmp_path)
    assert result.returncode == 1  # an error, --strict or not
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        f"{shown}:{line}:{col}: error: `TODO` is placeholder text, and this procedure is "
        f"`effective` (line {status_line}): write the real text here, or set `status: draft` "
        "until it is written. [ready-to-publish]"
        for line, col in todos
    ]
    built = sopgen("build", "--site-dir", tmp_path / "site", cwd=tmp_path / "m")
    assert built.returncode == 1 and "[ready-to-publish]" in built.stderr
    assert not (tmp_path / "site").exists()

    # Written, but not yet approved: warnings, so the build goes on and --strict fails.
    text = path.read_text(encoding="utf-8")
    text = text.replace("TODO: one sentence saying what this procedure achieves.", "Clean it.")
    text = text.replace("TODO: the first thing to do, written as an instruction.", "Unplug it.")
    path.write_text(text, encoding="utf-8")
    plain = sopgen("validate", "m/procedures", cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    warned = [line for line in plain.stderr.splitlines() if "[ready-to-publish]" in line]
    assert [line.split(": warning: ")[1].split(":")[0] for line in warned] == [
        "An effective procedure names who approved it",
        "An effective procedure says from when it applies",
        "The change history has no entry for revision 1",
    ]
    revision_line = text.splitlines().index('revision: "1"') + 1
    assert [line.split(": warning: ")[0] for line in warned] == [
        f"{shown}:{status_line}:9",
        f"{shown}:{status_line}:9",
        f"{shown}:{revision_line}:11",
    ]
    assert sopgen("validate", "--strict", "m/procedures", cwd=tmp_path).returncode == 1

    # Approved, dated and in the history: clean under --strict.
    text = text.replace("# approved_by: manager", "approved_by: manager")
    text = text.replace("# effective: 2026-03-01", "effective: 2026-03-01")
    text += "changes: [{revision: '1', date: 2026-03-01, summary: First issue.}]\n"
    path.write_text(text, encoding="utf-8")
    clean = sopgen("validate", "--strict", "m/procedures", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr


def test_the_rules_reference_explains_the_rule_and_its_severities(tmp_path: Path) -> None:
    from sopgen.render.reference import rules_markdown

    page = rules_markdown()
    assert "| [`ready-to-publish`](#ready-to-publish) | error |" in page
    section = page.split("## `ready-to-publish`", 1)[1].split("\n## ", 1)[0]
    for needed in ("`TODO`", "**error**", "**warning**", "`--strict`", "status: draft"):
        assert needed in section

"""sopgen validate through the real CLI: exact positions per case, formats and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, REPO

from sopgen.cli import cli

VALID_MANUAL = DATA / "valid" / "manual"
INVALID = DATA / "invalid"
TODAY = "2026-11-23"
CASES = sorted(path.stem for path in INVALID.glob("*.yaml"))


def manual_with(tmp_path: Path, *fixtures: Path) -> Path:
    """A copy of the valid manual with the given procedure files added to one category."""
    manual = tmp_path / "procedures"
    shutil.copytree(VALID_MANUAL, manual)
    for fixture in fixtures:
        shutil.copy(fixture, manual / "customer-service" / fixture.name)
    return manual


def run_json(manual: Path, *extra: str) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(
        cli, ["validate", "--format", "json", "--today", TODAY, *extra, str(manual)]
    )
    return result.exit_code, json.loads(result.output)


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixture_problems_at_exact_positions(tmp_path: Path, case: str) -> None:
    manual = manual_with(tmp_path, INVALID / f"{case}.yaml")
    exit_code, problems = run_json(manual)
    found = [
        f"{Path(str(p['path'])).name}:{p['line']}:{p['column']} {p['severity']} {p['rule']}"
        for p in problems
    ]
    expected = (INVALID / f"{case}.expected").read_text().splitlines()
    assert found == expected
    has_errors = any(p["severity"] == "error" for p in problems)
    assert exit_code == (1 if has_errors else 0)


def test_valid_manual_is_clean_including_bom_crlf_and_yaml12_words() -> None:
    exit_code, problems = run_json(VALID_MANUAL)
    assert (exit_code, problems) == (0, [])


def test_yaml12_keeps_words_as_text() -> None:
    from sopgen.validate.pipeline import validate

    manual = validate(VALID_MANUAL).manual
    assert manual is not None
    windows_file = manual.procedure("CS-002")
    assert windows_file is not None
    assert windows_file.tags == ("no", "on", "yes")
    assert windows_file.steps[0].options[0].when == "yes"
    assert windows_file.revision == "2"


def test_messages_say_how_to_fix(tmp_path: Path) -> None:
    manual = manual_with(
        tmp_path,
        INVALID / "schema-fields.yaml",
        INVALID / "float-revision.yaml",
        INVALID / "rule-references.yaml",
    )
    _, problems = run_json(manual)
    messages = {str(p["message"]) for p in problems}
    assert "Unknown field `titel`: did you mean `title`?" in messages
    assert any('quote it, like "1.10"' in m for m in messages)
    assert any('quote it, like "2.0"' in m for m in messages)
    assert (
        "Role `suport-lead` is not defined in manual.yaml; did you mean `support-lead`?" in messages
    )
    assert "No step has the id `frist`; did you mean `first`?" in messages


# What each YAML syntax fixture says: the place to fix, in words an owner can act on.
SYNTAX_MESSAGES = {
    "yaml-unclosed-bracket": "The `[` at line 7, column 8 is never closed: add `]` after the "
    "last item of the list.",
    "yaml-unclosed-brace": "The `{` at line 10, column 13 is never closed: add `}` after the "
    "mapping's last `key: value`.",
    "yaml-unclosed-quote": 'The `"` at line 6, column 10 is not closed on its line, so YAML '
    'reads on to the next `"`, at line 13, column 11: add the closing `"` on line 6.',
    "yaml-unclosed-quote-at-end": "The `'` at line 9, column 9 is never closed: add a closing "
    "`'` at the end of the text.",
    "yaml-apostrophe-in-quotes": "This `'` ends the text quoted at column 8, but more text "
    "follows it: inside single quotes write an apostrophe as `''`, or use double quotes instead.",
    "yaml-line-without-colon": "Line 7 is neither `key: value` nor part of the text above: add "
    "`: ` after the field name (a space after the colon), or indent the line to continue the "
    "text above.",
    "yaml-syntax-colon": "`: ` inside a value starts a new key: quote the whole value, like "
    '`title: "Note: colons need quotes"`.',
    "yaml-syntax-tab": "A tab is used for indentation here: indent with spaces only.",
    "two-documents": "A second YAML document starts here: a file holds one procedure, so remove "
    "the `---` (or move what follows into its own file).",
}


@pytest.mark.parametrize("case", sorted(SYNTAX_MESSAGES))
def test_yaml_syntax_messages_say_where_and_how_to_fix(tmp_path: Path, case: str) -> None:
    manual = manual_with(tmp_path, INVALID / f"{case}.yaml")
    _, problems = run_json(manual)
    assert [(p["rule"], p["message"]) for p in problems] == [("yaml-syntax", SYNTAX_MESSAGES[case])]


def test_fail_overdue_turns_the_warning_into_an_error(tmp_path: Path) -> None:
    manual = manual_with(tmp_path, INVALID / "rule-overdue.yaml")
    exit_code, problems = run_json(manual)
    assert exit_code == 0 and [p["severity"] for p in problems] == ["warning"]
    exit_code, problems = run_json(manual, "--fail-overdue")
    assert exit_code == 1 and [p["severity"] for p in problems] == ["error"]
    assert problems[0]["rule"] == "review-overdue"


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    manual = manual_with(tmp_path)
    answer = manual / "customer-service" / "CS-001-answer.yaml"
    answer.write_text(
        answer.read_text("utf-8").replace(
            "approved_by: operations-manager", "approved_by: support-lead"
        ),
        "utf-8",
    )
    exit_code, problems = run_json(manual)
    assert exit_code == 0 and [p["rule"] for p in problems] == ["four-eyes"]
    exit_code, _ = run_json(manual, "--strict")
    assert exit_code == 1


def test_strict_does_not_fail_on_an_overdue_review(tmp_path: Path) -> None:
    # The manual's state on the day, not a defect in the change: only --fail-overdue fails it.
    manual = manual_with(tmp_path, INVALID / "rule-overdue.yaml")
    exit_code, problems = run_json(manual, "--strict")
    assert exit_code == 0 and [p["rule"] for p in problems] == ["review-overdue"]
    exit_code, _ = run_json(manual, "--strict", "--fail-overdue")
    assert exit_code == 1


def test_text_format_lines_and_summary_go_to_stderr(tmp_path: Path) -> None:
    manual = manual_with(tmp_path, INVALID / "duplicate-key.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "sopgen", "validate", "--format", "text", "procedures"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env=_env(),
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "procedures/customer-service/duplicate-key.yaml:10:1: error: Duplicate key `owner` "
        "(first at line 6); YAML keeps only one of them, so merge the two or delete one. "
        "[duplicate-key]",
        "Found 1 error.",
    ]
    assert "Traceback" not in result.stderr
    assert manual.is_dir()


def test_github_format_annotations(tmp_path: Path) -> None:
    manual_with(tmp_path, INVALID / "rule-overdue.yaml", INVALID / "duplicate-key.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "sopgen", "validate", "--today", TODAY, "procedures"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**_env(), "GITHUB_ACTIONS": "true"},
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=procedures/customer-service/duplicate-key.yaml,line=10,col=1,"
        "title=sopgen duplicate-key::Duplicate key `owner` (first at line 6); YAML keeps only "
        "one of them, so merge the two or delete one."
    )
    assert lines[1].startswith(
        "::warning file=procedures/customer-service/rule-overdue.yaml,line=9,col=16,"
        "title=sopgen review-overdue::Review overdue since 2025-07-31"
    )
    assert lines[-1] == "Found 1 error and 1 warning."


def test_json_format_fields(tmp_path: Path) -> None:
    manual = manual_with(tmp_path, INVALID / "duplicate-key.yaml")
    _, problems = run_json(manual)
    assert set(problems[0]) == {"path", "line", "column", "severity", "rule", "message"}


def test_clean_manual_prints_count_and_exits_zero(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--today", TODAY, str(VALID_MANUAL)])
    assert result.exit_code == 0
    assert result.output == "2 procedures checked. No problems found.\n"


def test_usage_errors_exit_two(tmp_path: Path, runner: CliRunner) -> None:
    missing = runner.invoke(cli, ["validate", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert "No folder" in missing.output
    assert runner.invoke(cli, ["validate", "--format", "xml", str(VALID_MANUAL)]).exit_code == 2
    assert runner.invoke(cli, ["validate", "--no-such-option"]).exit_code == 2


def test_folder_without_manual_yaml(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "procedures").mkdir()
    result = runner.invoke(cli, ["validate", "--format", "json", str(tmp_path / "procedures")])
    assert result.exit_code == 1
    assert json.loads(result.output)[0]["rule"] == "manual-missing"


def test_broken_manual_yaml_is_reported_with_position(tmp_path: Path) -> None:
    manual = manual_with(tmp_path)
    text = (manual / "manual.yaml").read_text().replace("prefix: CS", "prefix: cs")
    (manual / "manual.yaml").write_text(text)
    exit_code, problems = run_json(manual)
    assert exit_code == 1
    assert [(p["line"], p["column"], p["rule"]) for p in problems] == [(9, 13, "schema")]


def test_python_dash_m_works_from_any_folder(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sopgen", "validate", str(VALID_MANUAL)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env=_env(),
    )
    assert result.returncode == 0, result.stderr


def _env() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["PYTHONPATH"] = str(REPO)
    return env


def test_duplicates_in_manual_yaml_are_reported_where_they_repeat(tmp_path: Path) -> None:
    manual = manual_with(tmp_path)
    shutil.copy(DATA / "invalid-manual" / "manual-unique.yaml", manual / "manual.yaml")
    exit_code, problems = run_json(manual)
    assert exit_code == 1
    assert [(p["line"], p["column"], p["rule"]) for p in problems] == [
        (7, 9, "manual-unique"),
        (9, 13, "manual-unique"),
        (17, 9, "manual-unique"),
        (22, 11, "manual-unique"),
    ]
    assert problems[0]["message"] == (
        "The category id `customer-service` is already defined at line 4; rename or merge one "
        "of them."
    )


def test_hostile_and_odd_files_never_raise(tmp_path: Path) -> None:
    manual = manual_with(tmp_path)
    folder = manual / "customer-service"
    (folder / "list.yaml").write_text("- a\n- b\n")
    (folder / "scalar.yaml").write_text("just text\n")
    (folder / "keys.yaml").write_text("1: x\n? [a]\n: b\nowner:\nsteps: {do: x}\n")
    (folder / "binary.yaml").write_bytes(bytes(range(256)) * 2)
    (folder / "folder.yaml").mkdir()
    (folder / "loop.yaml").symlink_to("loop.yaml")
    (folder / "types.yml").write_text(
        "id: CS-051\ntitle: x\ncategory: customer-service\nstatus: effective\nrevision: 1\n"
        "owner: support-lead\nsummary: s\nsteps:\n  - do: {a: b}\n    minutes: .inf\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "sopgen", "validate", "--format", "json", str(manual)],
        capture_output=True,
        text=True,
        check=False,
        env=_env(),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = json.loads(result.stdout)
    named = {Path(p["path"]).name for p in problems}
    assert named == {
        "list.yaml",
        "scalar.yaml",
        "keys.yaml",
        "binary.yaml",
        "loop.yaml",
        "types.yml",
    }
    rules = {(Path(p["path"]).name, p["rule"]) for p in problems}
    assert ("binary.yaml", "encoding") in rules
    assert ("loop.yaml", "unreadable") in rules
    assert ("keys.yaml", "yaml-key") in rules
    minutes = [p for p in problems if p["path"].endswith("types.yml") and p["line"] == 10]
    assert [m["column"] for m in minutes] == [14]


def test_same_problems_without_the_fast_schema_validator(tmp_path: Path) -> None:
    # jsonschema-rs only speeds up "is this file valid?"; without it jsonschema answers alone.
    manual = manual_with(tmp_path, INVALID / "schema-fields.yaml", INVALID / "rule-steps.yaml")
    command = ["validate", "--format", "json", "--no-cache", "--today", TODAY, str(manual)]
    runs = []
    for block in ("", "import sys; sys.modules['jsonschema_rs'] = None; "):
        script = f"{block}from sopgen.cli import cli; cli({command!r})"
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=False
        )
        assert done.returncode == 1, done.stderr
        runs.append(json.loads(done.stdout))
    assert runs[0] == runs[1] and runs[0]


@pytest.mark.parametrize("where", ["above", "manual", "inside", "beside"])
def test_problem_paths_are_as_seen_from_the_working_folder(
    tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A problem names its file relative to the working folder when the file is inside it
    (even when the manual folder is not), else as the manual folder was given."""
    manual = manual_with(tmp_path, INVALID / "duplicate-key.yaml")
    working = {
        "above": tmp_path,
        "manual": manual,
        "inside": manual / "customer-service",
        "beside": tmp_path / "elsewhere",
    }[where]
    working.mkdir(exist_ok=True)
    monkeypatch.chdir(working)
    given = {"above": "procedures", "manual": ".", "inside": "..", "beside": "../procedures"}
    _, problems = run_json(Path(given[where]))
    shown = {str(p["path"]) for p in problems if p["rule"] == "duplicate-key"}
    assert (
        shown
        == {
            "above": {"procedures/customer-service/duplicate-key.yaml"},
            "manual": {"customer-service/duplicate-key.yaml"},
            "inside": {"duplicate-key.yaml"},
            "beside": {"../procedures/customer-service/duplicate-key.yaml"},
        }[where]
    )

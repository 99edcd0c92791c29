"""sopgen diff: two versions of a manual compared as procedures, through the real pipeline and
real git."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopgen.cli import cli
from sopgen.manage.procedure_diff import ManualDiff, diff_manuals
from sopgen.validate.pipeline import validate

MANUAL = """\
title: Test manual
organization: Test
categories:
  - {id: ops, title: Operations, prefix: OPS}
roles:
  - {id: lead, title: Lead}
  - {id: manager, title: Manager}
"""
PROCEDURE = """\
id: OPS-001
title: Open the shop
category: ops
status: effective
revision: "1"
owner: lead
approved_by: manager
effective: 2026-01-01
summary: Open on time.
specs:
  - {item: Till float, value: "150.00"}
steps:
  - id: alarm
    do: Switch off the alarm.
  - do: Turn on the lights in the shop.
  - do: Count the till float.
    why: A short float is found now.
  - do: Unlock the front door.
changes:
  - {revision: "1", date: 2026-01-01, summary: First issue.}
"""


def write_manual(folder: Path, procedures: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manual.yaml").write_text(MANUAL)
    for name, text in procedures.items():
        (folder / name).write_text(text)
    return folder


def compare(tmp_path: Path, old: dict[str, str], new: dict[str, str]) -> ManualDiff:
    before = validate(write_manual(tmp_path / "old", old))
    after = validate(write_manual(tmp_path / "new", new))
    assert not before.errors and not after.errors, before.errors + after.errors
    return diff_manuals(before.manual, after.manual)


def edit(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_steps_added_removed_reworded_moved_and_changed(tmp_path: Path) -> None:
    changed = edit(
        PROCEDURE,
        # the lights go last: the other steps keep their order, so the lights moved
        ("  - do: Turn on the lights in the shop.\n", ""),
        (
            "  - do: Unlock the front door.\n",
            "  - do: Unlock the front door and the back door.\n"
            "  - do: Turn on the lights in the shop.\n  - do: Say good morning.\n",
        ),
        ("    why: A short float is found now.", "    why: A short float is found early."),
        ("    do: Switch off the alarm.", "    do: Disarm the alarm panel."),
    )
    diff = compare(tmp_path, {"a.yaml": PROCEDURE}, {"a.yaml": changed})
    (procedure,) = diff.procedures
    summary = [
        (s.kind, s.old_number, s.new_number, s.step_id, s.reworded, s.moved, s.fields)
        for s in procedure.steps
    ]
    assert summary == [
        ("changed", "1", "1", "alarm", True, False, ()),  # matched by id though reworded
        ("changed", "3", "2", None, False, False, ("why",)),
        ("changed", "4", "3", None, True, False, ()),  # similar text: the same step reworded
        ("changed", "2", "4", None, False, True, ()),
        ("added", None, "5", None, False, False, ()),
    ]
    assert procedure.kind == "changed"


def test_a_dissimilar_step_is_removed_and_added(tmp_path: Path) -> None:
    changed = edit(PROCEDURE, ("Unlock the front door.", "Water the plants by the window."))
    (procedure,) = compare(tmp_path, {"a.yaml": PROCEDURE}, {"a.yaml": changed}).procedures
    assert [(s.kind, s.old_text, s.new_text) for s in procedure.steps] == [
        ("removed", "Unlock the front door.", None),
        ("added", None, "Water the plants by the window."),
    ]


def test_fields_and_the_document_control_warning(tmp_path: Path) -> None:
    changed = edit(
        PROCEDURE,
        ("owner: lead", "owner: manager"),
        ("approved_by: manager", "approved_by: lead"),
        ('value: "150.00"', 'value: "200.00"'),
        ("Count the till float.", "Count the till float twice."),
    )
    (procedure,) = compare(tmp_path, {"a.yaml": PROCEDURE}, {"a.yaml": changed}).procedures
    assert [(f.field, f.old, f.new) for f in procedure.fields] == [
        ("owner", ("lead",), ("manager",)),
        ("approved_by", ("manager",), ("lead",)),
        ("specs", ("Till float: 150.00",), ("Till float: 200.00",)),
    ]
    assert procedure.warnings == (
        "the steps changed but the revision is still '1': raise the revision and add an entry "
        "to changes saying what changed",
    )


def test_revision_raised_without_a_changes_entry_warns(tmp_path: Path) -> None:
    changed = edit(PROCEDURE, ('revision: "1"', 'revision: "2"'), ("float.", "float twice."))
    (procedure,) = compare(tmp_path, {"a.yaml": PROCEDURE}, {"a.yaml": changed}).procedures
    assert procedure.warnings == (
        "the revision went from '1' to '2' but changes has no entry for revision '2': add one "
        "saying what changed",
    )


def test_revision_and_changes_entry_satisfy_document_control(tmp_path: Path) -> None:
    changed = edit(
        PROCEDURE,
        ('revision: "1"', 'revision: "2"'),
        ("float.", "float twice."),
        ("changes:\n", 'changes:\n  - {revision: "2", date: 2026-02-01, summary: Count twice.}\n'),
    )
    (procedure,) = compare(tmp_path, {"a.yaml": PROCEDURE}, {"a.yaml": changed}).procedures
    assert procedure.warnings == ()
    assert [(c.revision, c.summary) for c in procedure.new_changes] == [("2", "Count twice.")]


def test_drafts_may_change_without_a_revision(tmp_path: Path) -> None:
    draft = edit(PROCEDURE, ("status: effective", "status: draft"))
    changed = edit(draft, ("float.", "float twice."))
    (procedure,) = compare(tmp_path, {"a.yaml": draft}, {"a.yaml": changed}).procedures
    assert procedure.steps and procedure.warnings == ()


def test_added_removed_retired_and_unchanged_procedures(tmp_path: Path) -> None:
    second = edit(PROCEDURE, ("OPS-001", "OPS-002"), ("Open the shop", "Close the shop"))
    third = edit(PROCEDURE, ("OPS-001", "OPS-003"), ("Open the shop", "Clean"))
    retired = edit(PROCEDURE, ("status: effective", "status: retired"))
    diff = compare(
        tmp_path,
        {"a.yaml": PROCEDURE, "b.yaml": second, "c.yaml": third},
        {"a.yaml": retired, "c.yaml": third, "d.yaml": edit(PROCEDURE, ("OPS-001", "OPS-010"))},
    )
    assert [(p.kind, p.id) for p in diff.procedures] == [
        ("retired", "OPS-001"),
        ("removed", "OPS-002"),
        ("added", "OPS-010"),
    ]


# --- through git and the CLI ------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the manual committed once; the working directory is its root."""
    root = tmp_path / "repo"
    write_manual(root / "procedures", {})
    (root / "procedures" / "ops").mkdir()
    (root / "procedures" / "ops" / "OPS-001-open.yaml").write_text(PROCEDURE)
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    monkeypatch.chdir(root)
    return root


def run_diff(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args])
    return result.exit_code, result.output


def test_diff_against_the_working_tree(repo: Path) -> None:
    path = repo / "procedures/ops/OPS-001-open.yaml"
    path.write_text(edit(PROCEDURE, ("Count the till float.", "Count the till float twice.")))
    sha = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    code, output = run_diff("HEAD")
    assert code == 0
    assert output == (
        f"Procedures: HEAD ({sha}) → working tree\n"
        "1 changed, 1 warning.\n"
        "\n"
        "changed: OPS-001 Open the shop  [procedures/ops/OPS-001-open.yaml]\n"
        "  warning: the steps changed but the revision is still '1': raise the revision and add "
        "an entry to changes saying what changed\n"
        "  step 3 reworded from “Count the till float.” to “Count the till float twice.”\n"
    )
    assert run_diff("HEAD", "--strict")[0] == 1
    assert run_diff("HEAD") == (code, output)  # deterministic


def test_diff_between_two_commits_and_a_new_manual(repo: Path) -> None:
    (repo / "procedures/ops/OPS-002.yaml").write_text(edit(PROCEDURE, ("OPS-001", "OPS-002")))
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "two")
    code, output = run_diff("HEAD~1", "HEAD", "--format", "json")
    data = json.loads(output)
    assert code == 0
    assert [(p["kind"], p["id"]) for p in data["procedures"]] == [("added", "OPS-002")]
    assert data["warnings"] == []
    # A base without procedures/: everything is added, with a note.
    git(repo, "checkout", "-q", "--orphan", "bare")
    git(repo, "rm", "-rq", "--cached", ".")
    git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "empty",
    )
    code, output = run_diff("bare", "main")
    assert "bare" in output and "has no procedures/ folder" in output
    assert "2 added." in output


def test_markdown_is_ready_for_a_pull_request_and_keeps_text_inert(repo: Path) -> None:
    hostile = edit(
        PROCEDURE,
        ("Count the till float.", "Count <script>alert(1)</script> [it](javascript:x) @team"),
    )
    (repo / "procedures/ops/OPS-001-open.yaml").write_text(hostile)
    code, output = run_diff("HEAD", "--format", "markdown")
    assert code == 0
    assert output.startswith("### Procedure changes: HEAD (")
    assert "**Document control**" in output
    assert "<script>" not in output and "@team" not in output
    assert not re.search(r"(?<!\\)\]\(", output)  # no link: every ] is escaped
    assert "\\<script\\>" in output and "\\[it\\](javascript:x)" in output
    assert "@\u200bteam" in output


def test_files_with_errors_are_noted_not_compared(repo: Path) -> None:
    (repo / "procedures/ops/OPS-001-open.yaml").write_text(PROCEDURE + "ownr: x\n")
    code, output = run_diff("HEAD")
    assert code == 0, output
    assert "working tree: left out 1 file with errors (run `sopgen validate`): " in output
    assert "procedures/ops/OPS-001-open.yaml" in output
    assert "removed: OPS-001" in output


def test_usage_errors(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run_diff("no-such-branch")
    assert code == 2 and "Unknown revision 'no-such-branch'" in output
    assert run_diff("--", "-x")[0] == 2
    outside = tmp_path / "outside"
    write_manual(outside / "procedures", {})
    monkeypatch.chdir(outside)
    code, output = run_diff("HEAD")
    assert code == 2 and "not inside a git repository" in output


def test_manual_yaml_changes_and_a_moved_file(repo: Path) -> None:
    manual = repo / "procedures" / "manual.yaml"
    manual.write_text(edit(MANUAL, ("  - {id: manager, title: Manager}\n", "")))
    old = repo / "procedures/ops/OPS-001-open.yaml"
    new = repo / "procedures/ops/OPS-001-open-the-shop.yaml"
    new.write_text(edit(old.read_text(), ("approved_by: manager\n", "")))
    old.unlink()
    code, output = run_diff("HEAD", "--format", "json")
    data = json.loads(output)
    assert code == 0, output
    assert data["manual_fields"] == [
        {
            "field": "roles",
            "old": ["lead: Lead", "manager: Manager"],
            "new": ["lead: Lead"],
            "listed": True,
        }
    ]
    (procedure,) = data["procedures"]
    assert (procedure["old_source"], procedure["new_source"]) == (
        "ops/OPS-001-open.yaml",
        "ops/OPS-001-open-the-shop.yaml",
    )
    assert [f["field"] for f in procedure["fields"]] == ["approved_by"]
    text = run_diff("HEAD")[1]
    assert "[procedures/ops/OPS-001-open.yaml → procedures/ops/OPS-001-open-the-shop.yaml]" in text
    assert "  approved_by: “manager” → (none)\n" in text


def test_manual_dir_option_from_a_subfolder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "docs").mkdir()
    monkeypatch.chdir(repo / "docs")
    assert run_diff("HEAD")[0] == 2  # no procedures/ here
    code, output = run_diff("HEAD", "--manual-dir", "../procedures")
    assert (code, output.splitlines()[1]) == (0, "No procedure changed.")


def test_markdown_comment_in_full(repo: Path) -> None:
    folder = repo / "procedures/ops"
    (folder / "OPS-002-close.yaml").write_text(
        edit(PROCEDURE, ("OPS-001", "OPS-002"), ("Open the shop", "Close the shop"))
    )
    opened = folder / "OPS-001-open.yaml"
    opened.write_text(
        edit(
            opened.read_text(),
            ("status: effective", "status: retired"),
            ('revision: "1"', 'revision: "2"'),
            ("  - do: Unlock the front door.\n", ""),
            ("changes:\n", 'changes:\n  - {revision: "2", date: 2026-03-01, summary: Retired.}\n'),
        )
    )
    sha = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    code, output = run_diff("HEAD", "--format", "markdown")
    assert code == 0
    assert output == (
        f"### Procedure changes: HEAD ({sha}) → working tree\n"
        "\n"
        "1 added, 1 retired.\n"
        "\n"
        "#### Added\n"
        "\n"
        "- **OPS-002** Close the shop — `procedures/ops/OPS-002-close.yaml`\n"
        "\n"
        "#### Retired\n"
        "\n"
        "- **OPS-001** Open the shop — `procedures/ops/OPS-001-open.yaml`\n"
        "  - Status: “effective” → “retired”\n"
        "  - Revision: “1” → “2”\n"
        "  - Step 4 removed: “Unlock the front door.”\n"
        "  - New change entry: revision 2 (2026-03-01): Retired.\n"
    )

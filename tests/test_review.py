"""sopgen review through the real CLI: grouped by owner, formats, --owner, --fail-overdue."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sopgen.cli import cli

TODAY = "2026-11-30"
PROCEDURE = """\
id: {id}
title: {title}
category: operations
status: {status}
revision: "1"
owner: {owner}
{dates}summary: A procedure for the review list.
steps:
  - do: Do the thing.
"""


def manual_for_review(tmp_path: Path) -> Path:
    """A scaffolded manual (OPS-001 effective today) plus one procedure per review state."""
    assert CliRunner().invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    manual = tmp_path / "procedures"
    sample = manual / "operations" / "OPS-001-open-the-shop.yaml"
    sample.write_text(sample.read_text().replace("effective: ", "effective: 2026-06-01 #"))
    rows = [
        ("OPS-002", "Overdue one", "effective", "manager", "effective: 2025-10-01\n"),
        ("OPS-003", "Due soon", "effective", "shift-lead", "effective: 2025-12-10\n"),
        ("OPS-004", "Not due", "effective", "shift-lead", "effective: 2026-09-01\n"),
        ("OPS-005", "A draft", "draft", "shift-lead", ""),
        ("OPS-006", "Being reviewed", "in-review", "manager", ""),
        ("OPS-007", "Gone", "retired", "manager", "effective: 2020-01-01\n"),
        ("OPS-008", "Overdue two", "effective", "shift-lead", "effective: 2025-11-01\n"),
    ]
    for pid, title, status, owner, dates in rows:
        text = PROCEDURE.format(id=pid, title=title, status=status, owner=owner, dates=dates)
        (manual / "operations" / f"{pid}.yaml").write_text(text)
    return manual


def review(manual: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["review", "--today", TODAY, *args, str(manual)])
    return result.exit_code, result.output


def test_text_report_groups_by_owner_in_role_order(tmp_path: Path) -> None:
    code, output = review(manual_for_review(tmp_path))
    assert code == 0  # overdue reviews alone do not fail without --fail-overdue
    assert output == (
        "Reviews as of 2026-11-30 (due within 30 days), by owner:\n"
        "\n"
        "Shift lead (shift-lead)\n"
        "  overdue    OPS-008  Overdue two — due 2026-11-01 (29 days ago)\n"
        "  due soon   OPS-003  Due soon — due 2026-12-10 (in 10 days)\n"
        "  draft      OPS-005  A draft\n"
        "\n"
        "Manager (manager)\n"
        "  overdue    OPS-002  Overdue one — due 2026-10-01 (60 days ago)\n"
        "  in review  OPS-006  Being reviewed\n"
        "\n"
        "5 to review, 2 overdue.\n"
    )


def test_within_widens_the_window(tmp_path: Path) -> None:
    code, output = review(manual_for_review(tmp_path), "--within", "300", "--format", "json")
    assert code == 0, output
    # OPS-001 is due 2027-06-01 (183 days), OPS-004 2027-09-01 (275 days).
    assert [row["id"] for row in json.loads(output)] == [
        "OPS-008",
        "OPS-003",
        "OPS-001",
        "OPS-004",
        "OPS-005",
        "OPS-002",
        "OPS-006",
    ]


def test_json_rows(tmp_path: Path) -> None:
    code, output = review(manual_for_review(tmp_path), "--format", "json", "--owner", "manager")
    assert code == 0, output
    assert json.loads(output) == [
        {
            "owner": "manager",
            "owner_title": "Manager",
            "id": "OPS-002",
            "title": "Overdue one",
            "state": "overdue",
            "due": "2026-10-01",
            "days": -60,
            "path": "operations/OPS-002.yaml",
        },
        {
            "owner": "manager",
            "owner_title": "Manager",
            "id": "OPS-006",
            "title": "Being reviewed",
            "state": "in-review",
            "due": None,
            "days": None,
            "path": "operations/OPS-006.yaml",
        },
    ]


def test_markdown_has_a_table_per_owner(tmp_path: Path) -> None:
    code, output = review(manual_for_review(tmp_path), "--format", "markdown")
    assert code == 0, output
    assert output.count("| State | Procedure | Title | Due |") == 2
    assert "### Manager\n" in output and "### Shift lead\n" in output
    assert "| overdue | OPS-002 | Overdue one | 2026-10-01 (60 days ago) |" in output


def test_fail_overdue_exits_1_only_when_something_is_overdue(tmp_path: Path) -> None:
    manual = manual_for_review(tmp_path)
    assert review(manual, "--fail-overdue")[0] == 1
    assert review(manual, "--fail-overdue", "--today", "2025-12-01")[0] == 0


def test_unknown_owner_is_a_usage_error(tmp_path: Path) -> None:
    code, output = review(manual_for_review(tmp_path), "--owner", "boss")
    assert code == 2
    assert "no role 'boss' in manual.yaml; roles: manager, shift-lead" in output


def test_nothing_to_review(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    code, output = review(tmp_path / "procedures", "--fail-overdue")
    assert (code, output) == (
        0,
        "Nothing to review: no procedure is overdue, due within 30 days, a draft or in review.\n",
    )


def test_markdown_keeps_text_from_yaml_as_text(tmp_path: Path) -> None:
    # The Markdown report is posted (CI job summaries, comments): a title must not become
    # HTML, a link, a table cell or a mention.
    manual = manual_for_review(tmp_path)
    overdue = manual / "operations" / "OPS-002.yaml"
    hostile = "<img src=x onerror=alert(1)> [here](javascript:alert(1)) | @team"
    overdue.write_text(overdue.read_text().replace("title: Overdue one", f"title: '{hostile}'"))
    code, output = review(manual, "--format", "markdown")
    assert code == 0, output
    escaped = r"\<img src=x onerror=alert(1)\> \[here\](javascript:alert(1)) \| @" + "\u200bteam"
    assert f"| overdue | OPS-002 | {escaped} | 2026-10-01 (60 days ago) |" in output

"""Run records: read from runs/ by the one pipeline, checked against their procedure, listed."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from render_support import Elements
from sitekit import REPO, sopgen

from sopgen.model import Metric, Spec
from sopgen.model.limits import metric_limit, parse_number, spec_limit
from sopgen.render import RenderOptions, render_procedure_body
from sopgen.validate.pipeline import validate

RECORD = """\
procedure: "FP-002"
revision: "6"
by: "JM"
started: "2026-12-04T07:02:10Z"
finished: "2026-12-04T07:19:45Z"
steps:
  - step: "probe"
    done: "2026-12-04T07:03:05Z"
  - step: "log"
    done: "2026-12-04T07:03:40Z"
    value: "39.5"
  - step: "cold-ok"
    chose: "Yes"
  - step: "next-unit"
    done: "2026-12-04T07:12:30Z"
  - step: "sign-off"
    done: "2026-12-04T07:13:10Z"
    checked_by: "KL"
"""


@pytest.fixture
def manual(tmp_path: Path) -> Path:
    """A copy of the example manual, its own runs replaced by what a test writes."""
    folder = tmp_path / "procedures"
    shutil.copytree(REPO / "procedures", folder)
    shutil.rmtree(folder / "runs")
    (folder / "runs").mkdir()
    return folder


def problems(folder: Path, *args: str) -> tuple[int, list[tuple[str, int, int, str, str]]]:
    done = sopgen("validate", "--format", "json", "--no-cache", *args, folder, cwd=folder.parent)
    rows = json.loads(done.stdout or "[]")
    found = [
        (r["path"], r["line"], r["column"], r["severity"], r["rule"])
        for r in rows
        if r["rule"] != "review-overdue"
    ]
    return done.returncode, found


def write(manual: Path, name: str, text: str) -> str:
    path = manual / "runs" / "2026" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return f"procedures/runs/2026/{name}"


def test_a_complete_run_is_accepted(manual: Path) -> None:
    write(manual, "ok.yaml", RECORD)
    assert problems(manual) == (0, [])


def test_a_reading_out_of_spec_is_a_warning_that_strict_does_not_fail(manual: Path) -> None:
    path = write(manual, "warm.yaml", RECORD.replace('value: "39.5"', 'value: "46"'))
    code, found = problems(manual, "--strict")
    assert (code, found) == (0, [(path, 11, 12, "warning", "run-values")])
    done = sopgen("validate", "--no-cache", manual, cwd=manual.parent)
    assert "the run of FP-002 by JM started 2026-12-04T07:02:10Z: step 2 `log` read 46 °F" in (
        done.stderr
    )
    assert "(at most 41 °F)" in done.stderr


def test_tampered_records_get_errors_at_their_place(manual: Path) -> None:
    tampered = (
        RECORD.replace('step: "next-unit"', 'step: "next-units"')
        .replace('checked_by: "KL"', 'checked_by: "j.m."')
        .replace('chose: "Yes"', 'chose: "Maybe"')
    )
    path = write(manual, "tampered.yaml", tampered)
    old = write(manual, "old.yaml", RECORD.replace('revision: "6"', 'revision: "9"'))
    ghost = write(manual, "ghost.yaml", RECORD.replace('"FP-002"', '"FP-020"'))
    code, found = problems(manual)
    assert code == 1
    assert found == [
        (ghost, 1, 12, "error", "run-ref"),
        (old, 2, 11, "error", "run-ref"),
        (path, 13, 12, "error", "run-ref"),
        (path, 14, 11, "error", "run-ref"),
        (path, 18, 17, "error", "run-four-eyes"),
    ]
    done = sopgen("validate", "--no-cache", manual, cwd=manual.parent)
    assert f"{old}:2:11: error: FP-002 has no revision `9`; its revisions are: 6, 5" in done.stderr
    assert "has no step `next-units`; did you mean `next-unit`?" in done.stderr
    assert "`Maybe` is not an answer of step 3 `cold-ok`" in done.stderr
    assert "checked by `j.m.`, who ran it (`by: JM`)" in done.stderr
    assert "No procedure has the id `FP-020`; did you mean `FP-0" in done.stderr


def test_the_cache_sees_a_run_record_edited_added_or_removed(
    manual: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validate cache keys its result by every run file's path and bytes too."""
    monkeypatch.setenv("SOPGEN_CACHE_DIR", str(tmp_path / "cache"))

    def cached() -> tuple[int, list[tuple[str, int, str]]]:
        done = sopgen("validate", "--format", "json", manual, cwd=manual.parent)
        rows = json.loads(done.stdout or "[]")
        found = [(r["path"], r["line"], r["rule"]) for r in rows if r["rule"] != "review-overdue"]
        return done.returncode, found

    path = write(manual, "ok.yaml", RECORD)
    assert cached() == cached() == (0, [])
    assert any((tmp_path / "cache").rglob("*.*")), "the cache was not written"
    (manual / "runs" / "2026" / "ok.yaml").write_text(
        RECORD.replace('checked_by: "KL"', 'checked_by: "JM"'), encoding="utf-8"
    )
    assert cached() == (1, [(path, 18, "run-four-eyes")])
    other = write(manual, "warm.yaml", RECORD.replace('value: "39.5"', 'value: "46"'))
    assert cached() == (1, [(path, 18, "run-four-eyes"), (other, 11, "run-values")])
    (manual / "runs" / "2026" / "ok.yaml").unlink()
    assert cached() == (0, [(other, 11, "run-values")])


def test_a_missed_step_and_a_missed_check(manual: Path) -> None:
    skipped = RECORD.replace(
        '  - step: "next-unit"\n    done: "2026-12-04T07:12:30Z"\n', ""
    ).replace('    checked_by: "KL"\n', "")
    path = write(manual, "missed.yaml", skipped)
    code, found = problems(manual, "--strict")
    assert code == 1
    assert found == [
        (path, 6, 1, "error", "run-complete"),
        (path, 6, 1, "warning", "run-four-eyes"),
    ]


def test_a_loop_takes_each_answer_in_turn(manual: Path) -> None:
    """CA-001: the counts disagree, are counted again, then agree (the example's record)."""
    record = (REPO / "procedures/runs/2026-12/CA-001-2026-12-03T2215Z-TS.yaml").read_text()
    write(manual, "till.yaml", record)
    assert problems(manual) == (0, [])
    # Without the second answer the run stops at the decision it met again.
    path = write(manual, "till.yaml", record.replace('  - step: "agree"\n    chose: "Yes"\n', ""))
    code, found = problems(manual)
    assert (code, found) == (1, [(path, 8, 1, "error", "run-complete")])
    done = sopgen("validate", "--no-cache", manual, cwd=manual.parent)
    assert "has no answer (`chose`) for the decision at step 4 `agree`" in done.stderr


def test_a_run_file_is_checked_against_the_run_schema(manual: Path) -> None:
    path = write(manual, "typo.yaml", RECORD.replace("checked_by:", "chekced_by:"))
    done = sopgen("validate", "--no-cache", manual, cwd=manual.parent)
    assert done.returncode == 1
    assert f"{path}:18:5: error: Unknown field `chekced_by`: did you mean `checked_by`?" in (
        done.stderr
    )
    # A run file is never read as a procedure.
    assert "`procedure`" not in done.stderr and "steps" not in done.stderr.split("typo")[0]


def test_runs_lists_the_runs_that_need_a_look_first() -> None:
    done = sopgen("runs", REPO / "procedures")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("! 2026-12-02T19:00:31Z  FP-002  by AR  [1 out of spec]")
    assert lines[1].strip().startswith("step 2: 46 °F OUTSIDE Cold holding")
    assert lines[-1] == "3 runs, 1 with readings out of spec or missed checks."
    only = json.loads(
        sopgen("runs", REPO / "procedures", "--procedure", "CA-001", "--format", "json").stdout
    )
    assert [row["procedure"] for row in only] == ["CA-001"]
    since = json.loads(
        sopgen("runs", REPO / "procedures", "--since", "2026-12-02", "--format", "json").stdout
    )
    assert [row["started"][:10] for row in since] == ["2026-12-02", "2026-12-03"]
    markdown = sopgen("runs", REPO / "procedures", "--format", "markdown").stdout
    assert markdown.startswith("## Runs\n")
    assert sopgen("runs", REPO / "procedures", "--procedure", "XX-999").returncode == 2
    assert sopgen("runs", REPO / "procedures", "--since", "yesterday").returncode == 2


def test_schema_command_prints_the_run_schema() -> None:
    done = sopgen("schema", "run")
    assert done.returncode == 0
    assert done.stdout == (REPO / "schemas" / "run.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "tolerance", "low", "high", "unit"),
    [
        ("41 °F (5 °C) or below", "", None, 41, "°F"),
        ("135 °F (57 °C) or above", "", 135, None, "°F"),
        ("6–10 °F (−14 to −12 °C)", "", 6, 10, "°F"),
        ("32 °F (0 °C)", "± 2 °F", 30, 34, "°F"),
        ("$200.00", "exactly", 200, 200, "$"),
        ("20 minutes", "at least", 20, None, "minutes"),
        ("Within the hour you named", "never later", None, None, ""),
        ("1", "the goal", None, None, ""),
    ],
)
def test_a_spec_is_read_as_a_range(
    value: str, tolerance: str, low: float | None, high: float | None, unit: str
) -> None:
    limit = spec_limit(Spec("x", value, tolerance))
    assert (limit.low, limit.high, limit.unit) == (low, high, unit)


def test_a_metric_threshold_and_typed_numbers() -> None:
    over = metric_limit(Metric("Till variance", "Within $2.00", "More than $5.00 in one count"))
    assert (over.high, over.unit, over.outside(5), over.outside(5.01)) == (5, "$", False, True)
    under = metric_limit(Metric("First contact", "80 %", "Below 75 % in any month."))
    assert (under.low, under.outside(74.9), under.outside(75)) == (75, True, False)
    assert not metric_limit(Metric("Missed", "0", "Any round missing in a week.")).checks
    typed = ("39,5", "−18", "$4.10", "46 °F", "warm", "٣٩٫٥ °م")  # Arabic-Indic digits too
    assert [parse_number(t) for t in typed] == [39.5, -18, 4.1, 46, None, 39.5]


def test_a_procedure_page_lists_its_runs_with_readings_against_the_spec() -> None:
    """The Runs section of FP-002 in the example manual: newest first, the warm reading
    flagged with its spec, each check named by its step's number; no section without runs."""
    result = validate(REPO / "procedures", today=date(2026, 12, 5))
    assert result.manual is not None and not result.errors
    manual = result.manual
    options = RenderOptions(today=date(2026, 12, 5))
    fp_002 = next(p for p in manual.procedures if p.id == "FP-002")
    page = render_procedure_body(fp_002, manual, options).content
    section = page.split('<h2 id="runs">')[1].split("<h2")[0]
    assert "The latest 2 of 2 runs recorded in the manual, newest first." in section
    rows = section.split("<tr>")[2:]
    assert [row.split("</td>")[0] for row in rows] == [
        "<td>2026-12-02 19:00:31Z",
        "<td>2026-12-01 12:02:10Z",
    ]
    assert (
        '<strong class="sop-run-outside">⚠ Step 2: 46 °F — outside the spec (at most 41 °F)'
        "</strong>" in rows[0]
    )
    assert "Step 2: 38 °F (at most 41 °F)" in rows[1] and "sop-run-outside" not in rows[1]
    assert all("Step 5 checked by KL" in row for row in rows)
    assert Elements(section).comments == []
    fp_001 = next(p for p in manual.procedures if p.id == "FP-001")
    assert 'id="runs"' not in render_procedure_body(fp_001, manual, options).content

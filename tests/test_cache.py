"""The validate cache is never wrong: same problems with and without it, whatever changed."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA, REPO

from sopgen.problems import Problem
from sopgen.validate import filecheck
from sopgen.validate.cache import FILES_NAME, RESULT_NAME, ValidateCache
from sopgen.validate.pipeline import validate

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

VALID_MANUAL = DATA / "valid" / "manual"
INVALID = DATA / "invalid"
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def own_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test keeps its cache secret in its own folder, not in the user's cache home."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def manual_with_all_fixtures(tmp_path: Path) -> Path:
    manual = tmp_path / "procedures"
    shutil.copytree(VALID_MANUAL, manual)
    for fixture in sorted(INVALID.glob("*.yaml")):
        shutil.copy(fixture, manual / "customer-service" / fixture.name)
    return manual


def run(manual: Path, cache_dir: Path | None, today: date = TODAY) -> list[Problem]:
    cache = ValidateCache(cache_dir) if cache_dir else None
    return validate(manual, today=today, cache=cache, build_model=False).problems


def test_same_problems_with_and_without_the_cache(tmp_path: Path) -> None:
    manual = manual_with_all_fixtures(tmp_path)
    cache_dir = tmp_path / "cache"
    uncached = run(manual, None)
    assert len({p.rule for p in uncached}) > 10  # the fixtures break many rules
    first = run(manual, cache_dir)  # fills the per-file entries
    assert (cache_dir / FILES_NAME).is_file() and (cache_dir / RESULT_NAME).is_file()
    warm = run(manual, cache_dir)  # the whole result, nothing changed
    (cache_dir / RESULT_NAME).unlink()
    per_file = run(manual, cache_dir)  # every file from its entry, rules run again
    assert first == warm == per_file == uncached


def test_model_is_the_same_whatever_the_cache_holds(tmp_path: Path) -> None:
    manual = manual_with_all_fixtures(tmp_path)
    cache_dir = tmp_path / "cache"
    run(manual, cache_dir)
    cached = validate(manual, today=TODAY, cache=ValidateCache(cache_dir))
    plain = validate(manual, today=TODAY)
    assert cached.manual == plain.manual and cached.manual is not None
    assert cached.problems == plain.problems


def test_a_changed_referenced_file_runs_the_cross_file_rules_again(tmp_path: Path) -> None:
    manual = tmp_path / "procedures"
    shutil.copytree(VALID_MANUAL, manual)
    referring = manual / "customer-service" / "CS-003-refers.yaml"
    referring.write_text(
        (manual / "customer-service" / "CS-001-answer.yaml")
        .read_text()
        .replace("id: CS-001", "id: CS-003")
        + "related: [CS-001]\n"
    )
    cache_dir = tmp_path / "cache"
    assert run(manual, cache_dir) == []
    target = manual / "customer-service" / "CS-001-answer.yaml"
    target.write_text(target.read_text().replace("id: CS-001", "id: CS-005"))
    problems = run(manual, cache_dir)
    # The referring file did not change, yet its reference is now broken.
    assert [(Path(p.path).name, p.line, p.col, p.rule) for p in problems] == [
        ("CS-003-refers.yaml", 26, 11, "procedure-ref")
    ]
    assert problems == run(manual, None)


def test_one_cache_for_many_runs_as_live_preview_keeps_it(tmp_path: Path) -> None:
    """Live preview keeps one cache for all its rebuilds: each run starts from the last run's
    entries in memory; the file is written only when the preview ends (flush)."""
    manual = manual_with_all_fixtures(tmp_path)
    cache_dir = tmp_path / "cache"
    kept = ValidateCache(cache_dir, hold_writes=True)
    first = validate(manual, today=TODAY, cache=kept)
    assert not (cache_dir / FILES_NAME).exists()
    target = manual / "customer-service" / "CS-001-answer.yaml"
    target.write_text(target.read_text().replace("id: CS-001", "id: CS-005"))
    second = validate(manual, today=TODAY, cache=kept)
    plain = validate(manual, today=TODAY)
    assert second.problems == plain.problems != first.problems
    assert second.manual == plain.manual and second.manual is not None
    kept.flush()
    written = json.loads((cache_dir / FILES_NAME).read_text())["files"]
    procedures = {p.read_bytes() for p in manual.rglob("*.yaml") if p.name != "manual.yaml"}
    assert len(written) == len(procedures)  # this run's entries only, one per content
    assert run(manual, cache_dir) == run(manual, None)


def test_review_dates_are_checked_against_the_day_of_the_run(tmp_path: Path) -> None:
    manual = tmp_path / "procedures"
    shutil.copytree(VALID_MANUAL, manual)
    cache_dir = tmp_path / "cache"
    assert run(manual, cache_dir, today=TODAY) == []
    later = run(manual, cache_dir, today=date(2030, 1, 1))
    assert {p.rule for p in later} == {"review-overdue"}
    assert later == run(manual, None, today=date(2030, 1, 1))


def test_a_deleted_image_is_reported_although_no_procedure_changed(tmp_path: Path) -> None:
    manual = tmp_path / "procedures"
    shutil.copytree(VALID_MANUAL, manual)
    cache_dir = tmp_path / "cache"
    assert run(manual, cache_dir) == []
    (manual / "images" / "dot.svg").unlink()
    assert [p.rule for p in run(manual, cache_dir)] == ["image-path"]


@pytest.mark.parametrize("damage", ["not json", '{"format": 1, "files": []}', '{"format": 1}'])
def test_a_damaged_cache_is_ignored_and_rewritten(tmp_path: Path, damage: str) -> None:
    manual = manual_with_all_fixtures(tmp_path)
    cache_dir = tmp_path / "cache"
    expected = run(manual, None)
    run(manual, cache_dir)
    for name in (FILES_NAME, RESULT_NAME):
        (cache_dir / name).write_text(damage)
    assert run(manual, cache_dir) == expected
    stored = json.loads((cache_dir / FILES_NAME).read_text())
    assert len(stored["files"]) > 10  # rebuilt: every readable file has an entry again
    assert run(manual, cache_dir) == expected


def test_entries_of_wrong_shape_are_checked_again(tmp_path: Path) -> None:
    manual = manual_with_all_fixtures(tmp_path)
    cache_dir = tmp_path / "cache"
    expected = run(manual, None)
    run(manual, cache_dir)
    (cache_dir / RESULT_NAME).unlink()
    stored = json.loads((cache_dir / FILES_NAME).read_text())
    stored["files"] = {key: ["data only"] for key in stored["files"]}
    (cache_dir / FILES_NAME).write_text(json.dumps(stored))
    assert run(manual, cache_dir) == expected


def test_a_cache_made_with_another_secret_never_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache file committed to the repository by someone else cannot hide a problem."""
    manual = tmp_path / "procedures"
    shutil.copytree(VALID_MANUAL, manual)
    shutil.copy(INVALID / "schema-fields.yaml", manual / "customer-service")
    cache_dir = tmp_path / "cache"
    run(manual, cache_dir)
    # Forge the cache: every file clean, under the forger's own secret.
    stored = json.loads((cache_dir / FILES_NAME).read_text())
    stored["files"] = {key: [data, [], []] for key, (data, _, _) in stored["files"].items()}
    (cache_dir / FILES_NAME).write_text(json.dumps(stored))
    (cache_dir / RESULT_NAME).unlink()
    forged = run(manual, cache_dir)
    assert not any(p.rule == "schema" for p in forged)  # the forgery works for its maker...
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert run(manual, cache_dir) == run(manual, None)  # ...and for nobody else
    assert any(p.rule == "schema" for p in run(manual, cache_dir))


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    manual = tmp_path / "procedures"
    shutil.copytree(VALID_MANUAL, manual)
    validate(manual, today=TODAY, build_model=False)
    assert not (tmp_path / ".sopgen-cache").exists()


def test_cli_keeps_its_cache_beside_the_manual_and_no_cache_skips_it(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sopgen.cli import cli

    manual = manual_with_all_fixtures(tmp_path)
    runner = CliRunner()
    args = ["validate", "--format", "json", "--today", TODAY.isoformat(), str(manual)]
    plain = runner.invoke(cli, [*args[:-1], "--no-cache", str(manual)])
    assert not (tmp_path / ".sopgen-cache").exists()
    cold = runner.invoke(cli, args)
    assert (tmp_path / ".sopgen-cache" / FILES_NAME).is_file()
    warm = runner.invoke(cli, args)
    assert plain.exit_code == cold.exit_code == warm.exit_code == 1
    assert json.loads(plain.output) == json.loads(cold.output) == json.loads(warm.output)


def test_worker_processes_give_the_same_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big manuals are parsed in worker processes; positions still come out exact."""
    manual = generate(40, tmp_path)
    for fixture in sorted(INVALID.glob("*.yaml")):
        shutil.copy(fixture, manual / "kitchen" / fixture.name)
    serial = run(manual, None)
    assert serial
    monkeypatch.setattr(filecheck, "PARALLEL_MIN_FILES", 2)
    if filecheck.worker_count(60, 2) < 2:
        pytest.skip("one core: no worker processes to compare with")
    parallel = run(manual, None)
    cached = run(manual, tmp_path / "cache")
    assert parallel == serial == cached

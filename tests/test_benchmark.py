"""The benchmark harness works: its generated manual is valid and deterministic, and it runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.yaml")}


def test_generated_manual_validates_clean_through_the_cli(tmp_path: Path) -> None:
    manual = generate(60, tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "sopgen", "validate", "--no-cache", str(manual)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    # 60 files, of which a few drafts and in-review: every one passed.
    assert result.stdout == "60 procedures checked. No problems found.\n"


def test_generated_procedures_are_realistic(tmp_path: Path) -> None:
    from sopgen.validate.pipeline import validate

    manual = validate(generate(40, tmp_path)).manual
    assert manual is not None
    assert len(manual.categories) == 20
    sizes = [len(p.read_bytes()) for p in (tmp_path / "procedures").rglob("*-*.yaml")]
    assert 3500 < sum(sizes) / len(sizes) < 6000  # ~4 KB each
    procedure = manual.procedures[0]
    steps = list(procedure.all_steps())
    assert len(procedure.steps) == 10
    assert any(step.is_decision for step in steps)
    assert any(step.verify for step in steps)
    assert any(step.depth == 2 for step in steps)
    assert procedure.specs and procedure.metrics and procedure.recurring_questions


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = files_of(generate(25, tmp_path / "a"))
    second = files_of(generate(25, tmp_path / "b"))
    other_seed = files_of(generate(25, tmp_path / "c", seed=2))
    assert first == second
    assert first != other_seed


def test_harness_runs_at_tiny_n(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--n",
            "5",
            "--repeat",
            "1",
            "--skip-build",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "validate, warm (no change)" in result.stdout
    figures = json.loads((tmp_path / "results-5.json").read_text())
    for run in ("cold", "cold_filling_cache", "warm", "one_file_edited"):
        assert figures["validate"][run]["exit"] == 0, figures["validate"][run]["stderr"]
        assert figures["validate"][run]["seconds"] > 0
        assert figures["validate"][run]["cpu_seconds"] > 0
    # The benchmark manual is published at an address: its pages carry QR codes, and each
    # procedure gets a short address and a label (the pictures are measured at scale).
    assert "\nsite_url: https://" in (tmp_path / "manual-5" / "mkdocs.yml").read_text()

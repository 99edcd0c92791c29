"""A fresh manual made by `sopgen init`, to break one way per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitekit import sopgen

PROCEDURE = "procedures/operations/OPS-001-open-the-shop.yaml"
MANUAL = "procedures/manual.yaml"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "manual"
    done = sopgen("init", folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def manual(template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "manual"
    shutil.copytree(template, folder, symlinks=True)
    return folder


def edit(folder: Path, relative: str, old: str, new: str) -> None:
    """Replace the first ``old`` in a file of the manual (it must be there)."""
    path = folder / relative
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")

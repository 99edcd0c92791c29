"""Shared fixtures: paths to the test data and a runner for the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

TESTS = Path(__file__).parent
DATA = TESTS / "data"
REPO = TESTS.parent


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()

"""Shared fixtures: paths to the test data, a runner for the real CLI, the browser's settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

TESTS = Path(__file__).parent
DATA = TESTS / "data"
REPO = TESTS.parent


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


CHROMIUM = os.environ.get("SOPGEN_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking switches Chromium calls home (and waits on a closed network).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def unavailable(reason: str) -> None:
    """Skip a test whose browser or Node package is missing, but fail where it must run
    (CI sets SOPGEN_REQUIRE_BROWSER=1 after installing them)."""
    if os.environ.get("SOPGEN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (SOPGEN_REQUIRE_BROWSER=1: this test must run)")
    pytest.skip(reason)

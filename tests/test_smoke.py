"""The example manual validates through the real CLI."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_example_manual_validates() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sopgen", "validate", "procedures"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    # The example manual keeps procedures overdue for review on purpose (the review page needs
    # something to show), so warnings are expected; errors are not.
    assert result.returncode == 0, result.stderr
    assert ": error:" not in result.stderr

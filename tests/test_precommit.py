"""The sopgen-validate hook with the real pre-commit: a broken procedure blocks the commit with
its file:line, a good one passes. Slow on the first run: pre-commit builds a virtualenv and
pip-installs sopgen (PRE_COMMIT_HOME is shared by the tests of one session)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from sopgen.cli import cli

pytestmark = pytest.mark.slow

BROKEN_LINE = "procedures/operations/OPS-001-open-the-shop.yaml:8:1: error: Unknown field `ownr`"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Owner",
    "GIT_AUTHOR_EMAIL": "owner@example.org",
    "GIT_COMMITTER_NAME": "Owner",
    "GIT_COMMITTER_EMAIL": "owner@example.org",
}


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {**os.environ, **IDENTITY}
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env.pop("GIT_DIR", None)
    # pre-commit and sopgen from this test's environment.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture(scope="module")
def sopgen_repo(tmp_path_factory: pytest.TempPathFactory, environment: dict[str, str]) -> Path:
    """A commit of the current working tree: try-repo installs a hook repository from its
    HEAD, and the test must check the code as it is now, not as last committed."""
    source = tmp_path_factory.mktemp("sopgen-src")
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO, environment
    ).stdout
    for name in sorted(set(filter(None, listed.split("\0")))):
        origin = REPO / name
        if not (origin.exists() or origin.is_symlink()):
            continue  # deleted in the working tree
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(origin, target, follow_symlinks=False)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "working tree"]):
        completed = run(["git", *args], source, environment)
        assert completed.returncode == 0, completed.stderr
    return source


def new_manual(folder: Path, env: dict[str, str]) -> Path:
    assert CliRunner().invoke(cli, ["init", str(folder)]).exit_code == 0
    assert run(["git", "init", "-q"], folder, env).returncode == 0
    assert run(["git", "add", "-A"], folder, env).returncode == 0
    return folder


def break_sample(manual: Path) -> Path:
    sample = manual / "procedures/operations/OPS-001-open-the-shop.yaml"
    sample.write_text(sample.read_text().replace("\nowner: shift-lead\n", "\nownr: shift-lead\n"))
    return sample


def test_try_repo_passes_a_good_manual_and_blocks_a_broken_one(
    tmp_path: Path, sopgen_repo: Path, environment: dict[str, str]
) -> None:
    manual = new_manual(tmp_path / "manual", environment)
    try_repo = ["pre-commit", "try-repo", str(sopgen_repo), "sopgen-validate", "--all-files"]
    good = run(try_repo, manual, environment)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "sopgen validate" in good.stdout and "Passed" in good.stdout

    break_sample(manual)
    run(["git", "add", "-A"], manual, environment)
    bad = run(try_repo, manual, environment)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert BROKEN_LINE in bad.stdout


def test_init_config_refuses_the_commit_until_the_file_is_fixed(
    tmp_path: Path, sopgen_repo: Path, environment: dict[str, str]
) -> None:
    """The .pre-commit-config.yaml that `sopgen init` writes, installed as a git hook. Its
    hook pip-installs sopgen==<version>; here pip finds it as a wheel of the working tree."""
    wheels = tmp_path / "wheels"
    built = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(wheels),
            str(sopgen_repo),
        ],
        tmp_path,
        environment,
    )
    assert built.returncode == 0, built.stderr
    env = {**environment}
    env["PIP_FIND_LINKS"] = " ".join(filter(None, [env.get("PIP_FIND_LINKS"), str(wheels)]))
    manual = new_manual(tmp_path / "manual", env)
    assert run(["pre-commit", "install"], manual, env).returncode == 0

    sample = break_sample(manual)
    run(["git", "add", "-A"], manual, env)
    refused = run(["git", "commit", "-m", "Start the manual"], manual, env)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert BROKEN_LINE in refused.stdout + refused.stderr  # git shows hook output on stderr
    assert run(["git", "rev-parse", "--verify", "-q", "HEAD"], manual, env).returncode != 0

    sample.write_text(sample.read_text().replace("\nownr: ", "\nowner: "))
    run(["git", "add", "-A"], manual, env)
    accepted = run(["git", "commit", "-m", "Start the manual"], manual, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    shown = accepted.stdout + accepted.stderr
    assert "sopgen validate" in shown and "Passed" in shown

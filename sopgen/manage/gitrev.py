"""Read a folder as it was at a git revision, for comparing two versions of a manual."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path, PurePosixPath


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision does not exist."""


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH).") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed.")
    return completed.stdout


def repository_root(folder: Path) -> Path:
    """The top folder of the git work tree that holds ``folder``."""
    if not folder.is_dir():
        folder = folder.parent if folder.parent.is_dir() else Path.cwd()
    try:
        out = _git(["rev-parse", "--show-toplevel"], folder.resolve())
    except GitError:
        raise GitError(f"{folder} is not inside a git repository.") from None
    return Path(out.decode().strip())


def resolve_revision(root: Path, revision: str) -> str:
    """The commit id a revision names (a branch, tag, HEAD~1, a sha…)."""
    if revision.startswith("-"):  # never let a revision be read as an option
        raise GitError(f"{revision!r} is not a revision.")
    try:
        out = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root)
    except GitError:
        raise GitError(f"Unknown revision {revision!r}: no such commit, branch or tag.") from None
    return out.decode().strip()


def export_folder(root: Path, commit: str, folder: PurePosixPath, destination: Path) -> bool:
    """Write ``folder`` (relative to the repository root) as it is at ``commit`` into
    ``destination``; False when the folder does not exist at that commit."""
    spec = f"{commit}:{folder.as_posix()}" if folder.as_posix() != "." else f"{commit}:"
    try:
        _git(["cat-file", "-e", spec], root)
    except GitError:
        return False
    # git archive of a tree writes exactly the committed files (no working-tree noise).
    archive = _git(["archive", "--format=tar", spec], root)
    destination.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            # "data": no absolute paths, no links that leave the folder, no device files.
            tar.extractall(destination, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise GitError(f"Cannot read {folder} at {commit[:7]}: {error}") from None
    return True

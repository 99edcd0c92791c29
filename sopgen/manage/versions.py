"""Load a manual as it is at a git revision, or in the working tree, through the one pipeline."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sopgen.manage.gitrev import GitError, export_folder, repository_root, resolve_revision
from sopgen.model import Manual
from sopgen.validate.pipeline import validate


@dataclass(frozen=True)
class Version:
    """One side of a comparison: its label, the manual (None if unreadable), and notes."""

    label: str
    manual: Manual | None
    notes: tuple[str, ...]


def manual_folder_in_repository(manual_dir: Path) -> tuple[Path, PurePosixPath]:
    """The repository root and the manual folder's path inside it."""
    root = repository_root(manual_dir)
    absolute = manual_dir.resolve() if manual_dir.exists() else Path.cwd() / manual_dir
    try:
        inside = PurePosixPath(Path(os.path.relpath(absolute, root)).as_posix())
    except ValueError:
        raise GitError(f"{manual_dir} is not inside the repository at {root}.") from None
    if inside.parts[:1] == ("..",):
        raise GitError(f"{manual_dir} is not inside the repository at {root}.")
    return root, inside


def load_version(manual_dir: Path, revision: str | None) -> Version:
    """The manual at ``revision`` (None: the working tree as it is on disk)."""
    root, inside = manual_folder_in_repository(manual_dir)
    if revision is None:
        return _validated("working tree", manual_dir, manual_dir)
    commit = resolve_revision(root, revision)
    label = f"{revision} ({commit[:7]})" if not commit.startswith(revision) else commit[:7]
    with tempfile.TemporaryDirectory(prefix="sopgen-diff-") as scratch:
        exported = Path(scratch) / inside.name
        if not export_folder(root, commit, inside, exported):
            return Version(label, None, (f"{label} has no {inside}/ folder.",))
        return _validated(label, exported, manual_dir)


def _validated(label: str, folder: Path, shown_as: Path) -> Version:
    result = validate(folder)
    broken = sorted({_relative(problem.path, folder, shown_as) for problem in result.errors})
    notes: list[str] = []
    if result.manual is None:
        notes.append(f"{label}: manual.yaml has errors, so no procedures could be compared.")
    elif broken:
        notes.append(
            f"{label}: left out {len(broken)} file{'s' if len(broken) != 1 else ''} with "
            f"errors (run `sopgen validate`): {', '.join(broken)}"
        )
    return Version(label, result.manual, tuple(notes))


def _relative(path: str, folder: Path, shown_as: Path) -> str:
    """A problem's path shown under the real manual folder, not the temporary copy."""
    try:
        inner = Path(path).resolve().relative_to(folder.resolve())
    except ValueError:
        return path
    return (shown_as / inner).as_posix()

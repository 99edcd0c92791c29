"""`sopgen init`: write a new manual repository from templates, never overwriting a file."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sopgen import __version__
from sopgen.validate.schema import SCHEMA_NAMES, schema_text

# Where each template goes in the new repository. Templates have plain names because package
# data globs skip dotfiles (.gitignore, .github/).
TEMPLATES: dict[str, str] = {
    "procedures/manual.yaml": "manual.yaml",
    "procedures/operations/OPS-001-open-the-shop.yaml": "sample-procedure.yaml",
    "procedures/people.yaml": "people.yaml",
    "docs/index.md": "index.md",
    "mkdocs.yml": "mkdocs.yml",
    "requirements.txt": "requirements.txt",
    ".gitignore": "gitignore",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/manual.yml": "github-workflow.yml",
    ".vscode/extensions.json": "vscode-extensions.json",
    "README.md": "README.md",
}


class NotAFolder(Exception):
    """The destination, or a folder above it, is a file (a usage error)."""


class WouldOverwrite(Exception):
    """Some files already exist; nothing was written."""

    def __init__(self, existing: list[Path]) -> None:
        super().__init__(", ".join(str(path) for path in existing))
        self.existing = existing


def requirement_from(direct_url: str | None) -> tuple[str, str | None]:
    """The pip requirement that installs this sopgen in CI and in the pre-commit hook, from
    the install's direct_url.json (PEP 610; None when it came from a package index), and a
    warning when no such requirement exists: a copy installed from a folder on this computer."""
    pinned = f"sopgen=={__version__}"
    origin = json.loads(direct_url) if direct_url else {}
    url = str(origin.get("url", ""))
    if not url:
        return pinned, None
    if urlsplit(url).scheme == "file":
        folder = unquote(urlsplit(url).path)
        return pinned, (
            f"sopgen was installed from {folder}, which CI and pre-commit cannot reach, so "
            f"requirements.txt and .pre-commit-config.yaml name {pinned}. Until that is on your "
            "package index, replace it in both files with where sopgen comes from, for example "
            "`sopgen @ git+https://example.org/sopgen.git@v" + __version__ + "`."
        )
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        return f"sopgen @ {vcs['vcs']}+{url}@{vcs['commit_id']}", None
    return f"sopgen @ {url}", None  # an archive (wheel or sdist) URL


def installed_requirement() -> tuple[str, str | None]:
    """requirement_from() for the sopgen that is running."""
    try:
        direct_url = metadata.distribution("sopgen").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        direct_url = None
    return requirement_from(direct_url)


def planned_files(today: date | None = None) -> dict[str, str]:
    """Every file `init` writes (relative path → text), schemas included."""
    folder = resources.files("sopgen").joinpath("templates", "init")
    values = {
        "@TODAY@": (today or date.today()).isoformat(),
        "@REQUIREMENT@": installed_requirement()[0],
    }
    files: dict[str, str] = {}
    for target, template in TEMPLATES.items():
        text = folder.joinpath(template).read_text("utf-8")
        for marker, value in values.items():
            text = text.replace(marker, value)
        files[target] = text
    # The schemas travel with the manual so each file's `$schema` path works offline.
    for name in SCHEMA_NAMES:
        files[f"schemas/{name}.schema.json"] = schema_text(name)
    return files


def _refuse_a_file_in_the_way(destination: Path) -> None:
    blocked = next((p for p in (destination, *destination.parents) if p.is_file()), None)
    if blocked is not None:
        raise NotAFolder(f"{blocked} is a file, so {destination} cannot be a folder.")


def scaffold(destination: Path, today: date | None = None) -> list[Path]:
    """Write the new manual into ``destination``; raise WouldOverwrite (writing nothing) if any
    file is already there, NotAFolder if a file is where a folder must be. Returns the files
    written."""
    _refuse_a_file_in_the_way(destination)
    files = planned_files(today)
    targets = [destination / relative for relative in files]
    existing = [path for path in targets if path.exists() or path.is_symlink()]
    if existing:
        raise WouldOverwrite(existing)
    written: list[Path] = []
    made: list[Path] = []  # folders created, to remove again
    try:
        for relative, text in files.items():
            path = destination / relative
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            made += reversed(missing)
            # "x": fail rather than overwrite, even if a file appeared since the check above.
            with path.open("x", encoding="utf-8", newline="\n") as file:
                written.append(path)
                file.write(text)
    except BaseException:
        # All or nothing: a half-written manual would make the next `init` refuse to run.
        for path in written:
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return written

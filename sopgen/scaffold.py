"""`sopgen init`: write a new manual repository from templates, never overwriting a file."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from sopgen import __version__
from sopgen.schema import SCHEMA_NAMES, schema_text

# Where each template goes in the new repository. Templates have plain names because package
# data globs skip dotfiles (.gitignore, .github/).
TEMPLATES: dict[str, str] = {
    "procedures/manual.yaml": "manual.yaml",
    "procedures/operations/OPS-001-open-the-shop.yaml": "sample-procedure.yaml",
    "docs/index.md": "index.md",
    "mkdocs.yml": "mkdocs.yml",
    "requirements.txt": "requirements.txt",
    ".gitignore": "gitignore",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/manual.yml": "github-workflow.yml",
    ".vscode/extensions.json": "vscode-extensions.json",
    "README.md": "README.md",
}


class WouldOverwrite(Exception):
    """Some files already exist; nothing was written."""

    def __init__(self, existing: list[Path]) -> None:
        super().__init__(", ".join(str(path) for path in existing))
        self.existing = existing


def planned_files(today: date | None = None) -> dict[str, str]:
    """Every file `init` writes (relative path → text), schemas included."""
    folder = resources.files("sopgen").joinpath("templates", "init")
    values = {"@TODAY@": (today or date.today()).isoformat(), "@VERSION@": __version__}
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


def scaffold(destination: Path, today: date | None = None) -> list[Path]:
    """Write the new manual into ``destination``; raise WouldOverwrite (writing nothing) if any
    file is already there. Returns the files written."""
    files = planned_files(today)
    targets = [destination / relative for relative in files]
    existing = [path for path in targets if path.exists() or path.is_symlink()]
    if existing:
        raise WouldOverwrite(existing)
    written = []
    for relative, text in files.items():
        path = destination / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x": fail rather than overwrite, even if a file appeared since the check above.
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
        written.append(path)
    return written

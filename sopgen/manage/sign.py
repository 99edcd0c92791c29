"""`sopgen sign`: append one sign-off to signoffs/<person>.yaml as text, keeping the rest."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sopgen.model import Manual, Person, Procedure
from sopgen.problems import Problem
from sopgen.validate.loader import SIGNOFFS_DIR, display_path_for

SCHEMA_FILE = "schemas/signoffs.schema.json"


class SignUsageError(Exception):
    """A person, procedure or option that cannot be signed (a usage error, exit 2)."""


@dataclass(frozen=True)
class SignOffRequest:
    person: Person
    procedure: Procedure
    method: str
    trainer: str | None
    day: date


def _closest(value: str, known: Iterable[str]) -> str:
    guess = difflib.get_close_matches(value, list(known), n=1)
    return f" Did you mean {guess[0]!r}?" if guess else ""


def checked_request(
    manual: Manual,
    person_id: str,
    procedure_id: str,
    method: str,
    trainer: str | None,
    day: date,
) -> SignOffRequest:
    """The sign-off asked for, or SignUsageError saying what is wrong and what would be right."""
    if not manual.has_people:
        raise SignUsageError(
            "The manual has no people.yaml: create it beside manual.yaml (`sopgen init` writes "
            "an example) with each person's id, name and roles."
        )
    person = manual.person(person_id)
    if person is None:
        ids = [p.id for p in manual.people]
        raise SignUsageError(
            f"No person {person_id!r} in people.yaml.{_closest(person_id, ids)} "
            f"People: {', '.join(ids)}."
        )
    if not person.active:
        raise SignUsageError(f"{person_id!r} has left (active: false in people.yaml).")
    procedure = manual.procedure(procedure_id)
    if procedure is None:
        ids = [p.id for p in manual.procedures]
        raise SignUsageError(
            f"No procedure {procedure_id!r} in the manual.{_closest(procedure_id, ids)}"
        )
    if not procedure.is_current:
        raise SignUsageError(
            f"{procedure.id} is {procedure.status}: only effective procedures are signed."
        )
    if method == "trained" and trainer is None:
        raise SignUsageError("--method trained needs --trainer ID: who trained them.")
    if trainer is not None and method != "trained":
        raise SignUsageError("--trainer goes with --method trained.")
    if trainer is not None:
        if trainer == person.id:
            raise SignUsageError(f"{trainer!r} cannot be their own trainer.")
        ids = [p.id for p in manual.people]
        if trainer not in ids:
            raise SignUsageError(
                f"No person {trainer!r} in people.yaml for --trainer.{_closest(trainer, ids)}"
            )
    return SignOffRequest(person, procedure, method, trainer, day)


def entry_text(request: SignOffRequest) -> str:
    """The sign-off as a YAML list item (ids and revisions quoted as JSON strings: always safe)."""
    lines = [
        f"- procedure: {request.procedure.id}",
        f'  revision: "{_escaped(request.procedure.revision)}"',
        f"  date: {request.day.isoformat()}",
        f"  method: {request.method}",
    ]
    if request.trainer:
        lines.append(f"  trainer: {request.trainer}")
    return "\n".join(lines) + "\n"


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def signoff_path(manual_dir: Path, person_id: str) -> Path:
    return manual_dir / SIGNOFFS_DIR / f"{person_id}.yaml"


def new_file_header(manual_dir: Path, path: Path) -> str:
    """The first line of a new sign-off file: the schema for editors, when one is found."""
    folder = manual_dir.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            schema = candidate / SCHEMA_FILE
            relative = Path(os.path.relpath(schema, path.parent.resolve())).as_posix()
            return f"# yaml-language-server: $schema={relative}\n"
        if (candidate / ".git").exists():
            break
    return ""


def append_signoff(manual_dir: Path, request: SignOffRequest) -> tuple[Path, bytes | None]:
    """Append the entry to the person's file (created if missing) without touching the text
    already there; returns the path and its bytes before, to put back if the result fails."""
    path = signoff_path(manual_dir, request.person.id)
    try:
        before: bytes | None = path.read_bytes()
    except FileNotFoundError:
        before = None
    if before is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = new_file_header(manual_dir, path) + entry_text(request)
        path.write_text(text, encoding="utf-8", newline="\n")
        return path, None
    # Keep the file's own line endings; make sure the new item starts on a line of its own.
    newline = b"\r\n" if b"\r\n" in before else b"\n"
    addition = entry_text(request).encode("utf-8").replace(b"\n", newline)
    separator = b"" if not before or before.endswith((b"\n", b"\r")) else newline
    with path.open("ab") as stream:
        stream.write(separator + addition)
    return path, before


def restore(path: Path, before: bytes | None) -> None:
    """Put the file back as it was before ``append_signoff``."""
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(before)


def sign(manual_dir: Path, request: SignOffRequest) -> tuple[str, list[Problem]]:
    """Append the sign-off and validate the manual with it: the file as shown, and its errors
    (then the file is put back as it was)."""
    from sopgen.validate.pipeline import validate

    path, before = append_signoff(manual_dir, request)
    after = validate(manual_dir, build_model=False)
    shown = display_path_for(path)
    problems = [problem for problem in after.errors if problem.path == shown]
    if problems:
        restore(path, before)
    return shown, problems

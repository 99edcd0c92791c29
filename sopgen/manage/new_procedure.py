"""Write a new procedure file: next free id, recommended path, required fields, editor schema."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from sopgen.validate.loader import MANUAL_FILE, procedure_files, read_document
from sopgen.validate.schema import load_schema

SCHEMA_FILE = Path("schemas") / "procedure.schema.json"
MAX_SLUG = 48
TODO_SUMMARY = "TODO: one sentence saying what this procedure achieves."
TODO_STEP = "TODO: the first thing to do, written as an instruction."

# Examples for the optional fields whose schema has no single-line example.
EXAMPLES: dict[str, str] = {
    "specs": "[{item: Ham, value: 3 slices, tolerance: exactly}]",
    "metrics": "[{name: Calls per problem, target: '1', investigate_when: More than 2.}]",
    "recurring_questions": "[{question: 'Why does it beep twice?', answer: It is not paired., "
    "root_cause: The card skips pairing.}]",
    "references": "[{title: Card reader manual, url: 'https://example.com/manual.pdf'}]",
}


class NewProcedureError(Exception):
    """A problem the owner must fix first (exit 1): the manual is unreadable, the file exists."""


class UnknownChoice(Exception):
    """An unknown category or role id (a usage error): the message lists the valid ones."""


@dataclass(frozen=True)
class ManualFacts:
    """What `new` needs from manual.yaml."""

    categories: dict[str, str]  # id → prefix, in manual order
    roles: list[str]


def read_manual_facts(manual_dir: Path) -> ManualFacts:
    """Categories and roles from manual.yaml, read with the same loader as validation."""
    document = read_document(manual_dir / MANUAL_FILE)
    if not (manual_dir / MANUAL_FILE).is_file():
        raise NewProcedureError(f"No {MANUAL_FILE} in {manual_dir}/ (run `sopgen init` first).")
    data = document.data
    try:
        categories = {str(c["id"]): str(c["prefix"]) for c in data["categories"]}
        roles = [str(r["id"]) for r in data["roles"]]
    except (KeyError, TypeError):
        first = document.problems[0] if document.problems else None
        where = f" ({first.path}:{first.line}:{first.col}: {first.message})" if first else ""
        raise NewProcedureError(
            f"{document.display_path} has no readable categories and roles{where}; "
            "run `sopgen validate` and fix it first."
        ) from None
    return ManualFacts(categories, roles)


def existing_ids(manual_dir: Path) -> list[tuple[str, str | None, str | None, str | None]]:
    """(id, category, owner, approved_by) of every procedure file, drafts, retired and broken
    ones too: an id is never reused. A file whose id cannot be read counts by its file name."""
    found = []
    for path in procedure_files(manual_dir):
        data: Any = read_document(path).data
        fields = data if isinstance(data, dict) else {}
        procedure_id = fields.get("id")
        if not isinstance(procedure_id, str):
            match = re.match(r"([A-Z][A-Z0-9]*-[0-9]+)", path.name)
            procedure_id = match.group(1) if match else None
        if procedure_id:
            category, owner = fields.get("category"), fields.get("owner")
            approver = fields.get("approved_by")
            found.append(
                (
                    procedure_id,
                    category if isinstance(category, str) else None,
                    owner if isinstance(owner, str) else None,
                    approver if isinstance(approver, str) else None,
                )
            )
    return found


def next_id(prefix: str, ids: list[str]) -> str:
    """One more than the highest number used with this prefix, at least three digits."""
    numbers = []
    width = 3
    for procedure_id in ids:
        head, _, number = procedure_id.rpartition("-")
        if head == prefix and number.isdigit():
            numbers.append(int(number))
            width = max(width, len(number))
    return f"{prefix}-{max(numbers, default=0) + 1:0{width}d}"


def slugify(title: str) -> str:
    """ASCII file-name words from a title ("Close the till!" → "close-the-till")."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-")


def default_owner(
    category: str, facts: ManualFacts, known: list[tuple[str, str | None, str | None, str | None]]
) -> str:
    """The role that owns most of the category's procedures, else the manual's first role."""
    owners = Counter(
        owner
        for _, procedure_category, owner, _ in known
        if procedure_category == category and owner in facts.roles
    )
    return _most_common(owners, facts.roles) or facts.roles[0]


def usual_approver(
    owner: str, facts: ManualFacts, known: list[tuple[str, str | None, str | None, str | None]]
) -> str | None:
    """The role that approves most of the manual's procedures, other than the owner (four
    eyes): the example an owner is most likely to keep."""
    approvers = Counter(
        approver for *_, approver in known if approver in facts.roles and approver != owner
    )
    return _most_common(approvers, facts.roles)


def _most_common(counts: Counter[str], roles: list[str]) -> str | None:
    """The most counted role; a tie goes to the role listed first in manual.yaml."""
    if not counts:
        return None
    order = {role: index for index, role in enumerate(roles)}
    return min(counts, key=lambda role: (-counts[role], order[role]))


def find_schema(manual_dir: Path) -> Path | None:
    """schemas/procedure.schema.json in the manual's folder or the nearest folder above it."""
    folder = manual_dir.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return candidate / SCHEMA_FILE
        if (candidate / ".git").exists():
            break  # the repository's top: schemas above it belong to something else
    return None


def _scalar(text: str) -> str:
    """A YAML scalar for text: plain when safe, else a double-quoted (JSON) string."""
    plain_safe = re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.'()/&-]*", text) and not text.endswith(" ")
    words = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}
    if plain_safe and text.lower() not in words:
        return text
    return json.dumps(text, ensure_ascii=False)


def _first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
    return sentence.rstrip(".") + "."


def procedure_text(
    procedure_id: str,
    title: str,
    category: str,
    owner: str,
    schema_path: str | None,
    roles: list[str] | None = None,
    approver: str | None = None,
    related: str | None = None,
) -> str:
    """The new file: required fields filled, every optional field as a comment with a hint,
    in the schema's order. Role and `related` examples use the manual's own roles and ids, so
    uncommenting one is already valid."""
    schema = load_schema("procedure")
    roles = roles or [owner]
    examples = {
        **EXAMPLES,
        "approved_by": approver or next((role for role in roles if role != owner), owner),
        "roles": f"[{owner}]",
        "changes": f"[{{revision: '1', date: {date.today().isoformat()}, summary: First issue., "
        f"by: {owner}}}]",
    }
    if related:
        examples["related"] = f"[{related}]"
    required = set(schema["required"])
    values = {
        "id": procedure_id,
        "title": _scalar(title),
        "category": category,
        "status": "draft",
        "revision": '"1"',
        "owner": owner,
        "summary": _scalar(TODO_SUMMARY),
    }
    lines = []
    if schema_path:
        lines.append(f"# yaml-language-server: $schema={schema_path}")
    lines.append(f"# {procedure_id}: fill in the summary and steps; uncomment the fields you need.")
    for name, spec in schema["properties"].items():
        hint = _first_sentence(spec.get("description", ""))
        if name == "steps":
            lines += [
                "steps:",
                f"  - do: {_scalar(TODO_STEP)}",
                "    # why: Why this step matters (shown beside it).",
                "    # role: the role id that does this step",
                "    # Also: id, critical, minutes, warning, caution, note, tip, image, verify,",
                "    # record, see, substeps; or a decision: decide + options.",
            ]
        elif name in required:
            lines.append(f"{name}: {values[name]}")
        else:
            example = examples.get(name) or _flow(spec.get("examples", [None])[0])
            lines.append(f"# {name}: {example}  # {hint}")
    return "\n".join(lines) + "\n"


def _flow(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value  # dates stay text in sopgen's YAML 1.2: no quotes needed
    dumped: str = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000)
    return dumped.strip().removesuffix("...").strip()


@dataclass(frozen=True)
class NewProcedure:
    path: Path
    procedure_id: str
    owner: str
    schema_found: bool


def create_procedure(
    manual_dir: Path, title: str, category: str, owner: str | None = None
) -> NewProcedure:
    """Write the new procedure file; never overwrites."""
    facts = read_manual_facts(manual_dir)
    if category not in facts.categories:
        raise UnknownChoice(
            f"No category {category!r} in {MANUAL_FILE}. Categories: " + ", ".join(facts.categories)
        )
    if owner is not None and owner not in facts.roles:
        raise UnknownChoice(f"No role {owner!r} in {MANUAL_FILE}. Roles: " + ", ".join(facts.roles))
    if not title.strip():
        raise UnknownChoice("The title is empty: say what the procedure does.")
    known = existing_ids(manual_dir)
    procedure_id = next_id(facts.categories[category], [found[0] for found in known])
    owner = owner or default_owner(category, facts, known)
    slug = slugify(title)
    name = f"{procedure_id}-{slug}.yaml" if slug else f"{procedure_id}.yaml"
    path = manual_dir / category / name
    schema = find_schema(manual_dir)
    relative = Path(os.path.relpath(schema, path.parent.resolve())).as_posix() if schema else None
    approver = usual_approver(owner, facts, known)
    # The category's first procedure, usually its basic one, is the likeliest related one.
    neighbours = sorted(found[0] for found in known if found[1] == category)
    related = neighbours[0] if neighbours else None
    text = procedure_text(
        procedure_id, title.strip(), category, owner, relative, facts.roles, approver, related
    )
    _refuse_outside(manual_dir, path)
    if path.parent.exists() and not path.parent.is_dir():
        raise NewProcedureError(
            f"{path.parent} is a file, not the category's folder: rename or move it. "
            "Nothing was written."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise NewProcedureError(f"{path} already exists; nothing was written.") from None
    except OSError as error:  # the category's folder is a file, the disk is full, ...
        raise NewProcedureError(
            f"cannot write {path}: {error.strerror}; nothing was written."
        ) from None
    return NewProcedure(path, procedure_id, owner, schema is not None)


def _refuse_outside(manual_dir: Path, path: Path) -> None:
    """The new file goes into a folder of the manual, whatever manual.yaml names (a category
    id such as `../x` before validation catches it) or where a folder's link leads."""
    root = manual_dir.resolve()
    try:
        parent = path.parent.resolve()
    except (OSError, RuntimeError):
        parent = None
    if (
        parent is None
        or not parent.is_relative_to(root)
        or parent == root
        or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", path.parent.name)
    ):
        raise NewProcedureError(
            f"{path.parent} is not a category folder inside {manual_dir}; check the category's "
            "id in manual.yaml (`sopgen validate`). Nothing was written."
        )

"""Write a ManualDiff as text, Markdown (a pull-request comment) or JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from sopgen.manage.markdown_text import code_span, literal
from sopgen.manage.procedure_diff import FieldChange, ManualDiff, ProcedureChange, StepChange

MAX_TEXT = 160  # a step's text is cut here in the summary; the file has the rest
KIND_ORDER = ("added", "retired", "removed", "changed")
HEADINGS = {
    "added": "Added",
    "retired": "Retired",
    "removed": "Removed",
    "changed": "Changed",
}


def headline(diff: ManualDiff) -> str:
    """ "2 changed, 1 added" or "No procedure changed"."""
    parts = [f"{diff.count(kind)} {kind}" for kind in KIND_ORDER if diff.count(kind)]
    if diff.manual_fields:
        parts.append("manual.yaml changed")
    if not parts:
        return "No procedure changed."
    warnings = len(diff.warnings)
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) + "."


def _short(text: str | None) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= MAX_TEXT else flat[: MAX_TEXT - 1].rstrip() + "…"


def _step_name(number: str | None, step_id: str | None) -> str:
    return f"step {number}" + (f" ({step_id})" if step_id else "")


def _step_lines(change: StepChange, quote: Callable[[str], str]) -> str:
    if change.kind == "added":
        return (
            f"{_step_name(change.new_number, change.step_id)} added: {quote(change.new_text or '')}"
        )
    if change.kind == "removed":
        return (
            f"{_step_name(change.old_number, change.step_id)} removed: "
            f"{quote(change.old_text or '')}"
        )
    what = []
    if change.moved:
        what.append(f"moved from {change.old_number}")
    if change.reworded:
        what.append(
            f"reworded from {quote(change.old_text or '')} to {quote(change.new_text or '')}"
        )
    if change.fields:
        what.append("changed " + ", ".join(change.fields))
    return f"{_step_name(change.new_number, change.step_id)} " + "; ".join(what)


def _field_line(change: FieldChange, quote: Callable[[str], str]) -> str:
    if change.listed:
        parts = [f"+ {quote(item)}" for item in change.added]
        parts += [f"− {quote(item)}" for item in change.removed]
        return f"{change.field}: " + ("; ".join(parts) if parts else "reordered")
    before = quote(change.old[0]) if change.old else "(none)"
    after = quote(change.new[0]) if change.new else "(none)"
    return f"{change.field}: {before} → {after}"


# --- text ------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    return f"“{_short(text)}”"


def text_report(diff: ManualDiff) -> str:
    lines = [f"Procedures: {diff.base} → {diff.head}", headline(diff)]
    lines += [f"note: {note}" for note in diff.notes]
    if diff.manual_fields:
        lines += ["", "manual.yaml"]
        lines += [f"  {_field_line(change, _plain)}" for change in diff.manual_fields]
    for procedure in _ordered(diff):
        where = _where(procedure, diff.folder)
        lines += ["", f"{procedure.kind}: {procedure.id} {procedure.title}  [{where}]"]
        lines += [f"  warning: {warning}" for warning in procedure.warnings]
        lines += [f"  {_field_line(change, _plain)}" for change in procedure.fields]
        lines += [f"  {_step_lines(change, _plain)}" for change in procedure.steps]
        lines += [
            f"  new change entry: revision {c.revision}, {c.date.isoformat()}: {_short(c.summary)}"
            for c in procedure.new_changes
        ]
    return "\n".join(lines) + "\n"


def _where(procedure: ProcedureChange, folder: str) -> str:
    def shown(source: str) -> str:
        return f"{folder.rstrip('/')}/{source}" if folder else source

    if (
        procedure.old_source
        and procedure.new_source
        and procedure.old_source != procedure.new_source
    ):
        return f"{shown(procedure.old_source)} → {shown(procedure.new_source)}"
    return shown(procedure.new_source or procedure.old_source or "")


def _ordered(diff: ManualDiff) -> list[ProcedureChange]:
    rank = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return sorted(diff.procedures, key=lambda p: rank[p.kind])  # stable: ids stay in order


# --- Markdown --------------------------------------------------------------------------------


# Text from YAML is untrusted: in a comment it must stay text, not links, HTML or mentions.
def _md(text: str) -> str:
    return literal(_short(text))


def _md_quote(text: str) -> str:
    return f"“{_md(text)}”"


def markdown_report(diff: ManualDiff) -> str:
    """A pull-request comment: headline, warnings first, then a section per kind of change."""
    lines = [f"### Procedure changes: {_md(diff.base)} → {_md(diff.head)}", "", headline(diff)]
    if diff.notes:
        lines += [""] + [f"> {_md(note)}" for note in diff.notes]
    if diff.warnings:
        lines += ["", "**Document control** — every change to the steps needs a new revision:"]
        lines += [f"- ⚠️ **{_md(pid)}**: {_md(warning)}" for pid, warning in diff.warnings]
    if diff.manual_fields:
        lines += ["", "#### manual.yaml", ""]
        lines += [f"- {_field_line(change, _md_quote)}" for change in diff.manual_fields]
    for kind in KIND_ORDER:
        group = [p for p in diff.procedures if p.kind == kind]
        if not group:
            continue
        lines += ["", f"#### {HEADINGS[kind]}", ""]
        for procedure in group:
            lines.append(
                f"- **{_md(procedure.id)}** {_md(procedure.title)} — "
                f"{code_span(_where(procedure, diff.folder))}"
            )
            details = [_field_line(change, _md_quote) for change in procedure.fields]
            details += [_step_lines(change, _md_quote) for change in procedure.steps]
            details += [
                f"new change entry: revision {_md(c.revision)} ({c.date.isoformat()}): "
                f"{_md(c.summary)}"
                for c in procedure.new_changes
            ]
            lines += [f"  - {detail[0].upper()}{detail[1:]}" for detail in details]
    return "\n".join(lines) + "\n"


# --- JSON ------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def json_report(diff: ManualDiff) -> str:
    data = _jsonable(diff)
    data["warnings"] = [{"id": pid, "message": message} for pid, message in diff.warnings]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


DIFF_REPORTERS: dict[str, Callable[[ManualDiff], str]] = {
    "text": text_report,
    "markdown": markdown_report,
    "json": json_report,
}

"""Role pages: what each role does — the procedures and steps it performs or checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from sopgen.model import Manual, Procedure, Role, Step
from sopgen.render.links import ROLES_INDEX, link, procedure_path, role_path
from sopgen.render.lists import listed
from sopgen.render.options import RenderOptions
from sopgen.render.steps import walk_with_roles
from sopgen.render.strings import Strings
from sopgen.render.tables import table
from sopgen.render.text import inline, markdown, plain


@dataclass
class Involvement:
    """What one role does in one procedure."""

    procedure: Procedure
    performs: list[Step] = field(default_factory=list)
    checks: list[Step] = field(default_factory=list)


def involvement(procedure: Procedure, role_id: str) -> Involvement | None:
    """The steps the role performs (its own, inherited or the procedure's) and checks."""
    found = Involvement(procedure)
    for step, roles in walk_with_roles(procedure.steps, procedure.roles):
        if role_id in roles:
            found.performs.append(step)
        if step.verify and step.verify.by == role_id:
            found.checks.append(step)
    if found.performs or found.checks or role_id in procedure.roles:
        return found
    return None


def _step_line(step: Step, page: str, procedure: Procedure, t: Strings, extra: str = "") -> str:
    label = t("step", number=step.number)
    target = link(label, page, procedure_path(procedure), step.anchor)
    return f"- {target}: {inline(plain(step.text))}{extra}"


def render_role(role: Role, manual: Manual, options: RenderOptions) -> str:
    """roles/<role>.md: every current procedure and step this role performs or checks."""
    t = Strings(manual.language)
    page = role_path(role.id)
    parts = [f"# {t('role_title', role=inline(role.title))}"]
    if role.description:
        parts.append(markdown(role.description))
    procedures = [p for p in manual.procedures if listed(p, options)]
    found = [i for i in (involvement(p, role.id) for p in procedures) if i is not None]
    for item in found:
        procedure = item.procedure
        title = link(inline(f"{procedure.id} {procedure.title}"), page, procedure_path(procedure))
        lines = [f"## {title} {{#{procedure.id.lower()}}}", "", inline(procedure.summary), ""]
        if item.performs:
            lines += [f"**{t('role_performs')}:**", ""]
            lines += [_step_line(step, page, procedure, t) for step in item.performs]
            lines.append("")
        if item.checks:
            lines += [f"**{t('role_checks')}:**", ""]
            lines += [
                _step_line(step, page, procedure, t, f" — {inline(step.verify.check)}")
                for step in item.checks
                if step.verify
            ]
        parts.append("\n".join(lines).strip())
    owns = [p for p in procedures if p.owner == role.id]
    approves = [p for p in procedures if p.approved_by == role.id]
    for key, anchor, owned in (
        ("role_owns", "owns", owns),
        ("role_approves", "approves", approves),
    ):
        if owned:
            items = "\n".join(
                f"- {link(inline(f'{p.id} {p.title}'), page, procedure_path(p))}" for p in owned
            )
            parts.append(f"## {t(key)} {{#{anchor}}}\n\n{items}")
    if len(parts) == 1 + bool(role.description):
        parts.append(t("role_nothing"))
    return "\n\n".join(parts) + "\n"


def _involved(procedure: Procedure, role_id: str) -> bool:
    """The role performs, checks, owns or approves the procedure."""
    in_charge = role_id in (procedure.owner, procedure.approved_by)
    return in_charge or involvement(procedure, role_id) is not None


def render_roles_index(manual: Manual, options: RenderOptions) -> str:
    """roles/index.md: every role with what it is and how many procedures involve it."""
    t = Strings(manual.language)
    procedures = [p for p in manual.procedures if listed(p, options)]
    rows = []
    for role in manual.roles:
        count = sum(1 for p in procedures if _involved(p, role.id))
        rows.append(
            [
                link(inline(role.title), ROLES_INDEX, role_path(role.id)),
                inline(plain(role.description, limit=200)),
                str(count),
            ]
        )
    columns = [t("role"), t("description"), t("procedures")]
    return f"# {t('roles')}\n\n{t('roles_intro')}\n\n{table(columns, rows, 'roles')}\n"

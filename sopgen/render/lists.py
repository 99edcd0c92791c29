"""The all-procedures table and one page per category, in manual.yaml's order."""

from __future__ import annotations

from sopgen.model import Category, Manual, Procedure
from sopgen.render.links import (
    PROCEDURES_INDEX,
    category_path,
    is_published,
    link,
    procedure_path,
    role_title,
)
from sopgen.render.options import RenderOptions
from sopgen.render.strings import Strings
from sopgen.render.tables import date_cell, table
from sopgen.render.text import inline, markdown


def listed(procedure: Procedure, options: RenderOptions) -> bool:
    """Current procedures are listed; drafts and in-review ones only when drafts are built."""
    if procedure.status == "effective":
        return True
    return procedure.status in ("draft", "in-review") and options.include_drafts


def procedure_table(
    procedures: list[Procedure], manual: Manual, options: RenderOptions, page: str
) -> str:
    """ID, title, owner, status, revision and next review of each procedure, linked."""
    t = Strings(manual.language)
    columns = [t("id"), t("title"), t("owner"), t("status"), t("revision"), t("next_review")]
    rows = []
    for procedure in procedures:
        due = procedure.next_review
        overdue = procedure.status == "effective" and due is not None and due < options.today
        rows.append(
            [
                link(inline(procedure.id), page, procedure_path(procedure)),
                link(inline(procedure.title), page, procedure_path(procedure)),
                inline(role_title(manual, procedure.owner)),
                t("status_" + procedure.status),
                inline(procedure.revision),
                (_overdue(due.isoformat(), t) if overdue else date_cell(due.isoformat()))
                if due
                else "",
            ]
        )
    return table(columns, rows, "procedures")


def _overdue(date: str, t: Strings) -> str:
    """A review date that has passed: bold, with the word, not only a sign."""
    return f'<strong class="sop-date">{date}</strong> ⚠&nbsp;{t("overdue")}'


def _retired_list(procedures: list[Procedure], manual: Manual, page: str) -> str:
    t = Strings(manual.language)
    items = [f"- {link(inline(p.id + ' ' + p.title), page, procedure_path(p))}" for p in procedures]
    return f"## {t('retired_list')} {{#retired}}\n\n{t('retired_note')}\n\n" + "\n".join(items)


def render_all_procedures(manual: Manual, options: RenderOptions) -> str:
    """procedures/index.md: every current procedure, category by category."""
    t = Strings(manual.language)
    page = PROCEDURES_INDEX
    parts = [f"# {t('all_procedures')}"]
    for category in manual.categories:
        shown = [p for p in manual.in_category(category.id) if listed(p, options)]
        heading = link(inline(category.title), page, category_path(category.id))
        parts.append(f"## {heading} {{#{category.id}}}")
        parts.append(procedure_table(shown, manual, options, page) if shown else t("no_procedures"))
    return "\n\n".join(parts) + "\n"


def render_category(category: Category, manual: Manual, options: RenderOptions) -> str:
    """procedures/<category>/index.md: its description, its current procedures, retired ones."""
    t = Strings(manual.language)
    page = category_path(category.id)
    procedures = manual.in_category(category.id)
    shown = [p for p in procedures if listed(p, options)]
    retired = [p for p in procedures if p.status == "retired" and is_published(p, options)]
    parts = [f"# {inline(category.title)}"]
    if category.description:
        parts.append(markdown(category.description))
    parts.append(procedure_table(shown, manual, options, page) if shown else t("no_procedures"))
    if retired:
        parts.append(_retired_list(retired, manual, page))
    return "\n\n".join(parts) + "\n"

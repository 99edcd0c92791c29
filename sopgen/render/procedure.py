"""One procedure page: header card, banners, sections, steps, history and print furniture."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from sopgen.model import Manual, Procedure
from sopgen.render.links import (
    edit_url,
    external_link,
    link,
    procedure_link,
    procedure_path,
    report_url,
    role_link,
    role_title,
)
from sopgen.render.options import RenderOptions
from sopgen.render.steps import StepContext, format_minutes, render_steps
from sopgen.render.strings import Strings
from sopgen.render.tables import table
from sopgen.render.text import attribute, indent, inline, markdown, one_line, plain


def render_procedure(procedure: Procedure, manual: Manual, options: RenderOptions) -> str:
    """The Markdown page of one procedure; its size depends on this procedure only."""
    t = Strings(manual.language)
    page = procedure_path(procedure)
    sections = [
        _front_matter(procedure),
        _print_header(procedure, manual, t),
        f"# {inline(procedure.id)} · {inline(procedure.title)}",
        _card(procedure, manual, options, page, t),
        *_banners(procedure, manual, options, page, t),
        inline(procedure.summary) + "\n{.sop-summary}",
        *_introduction(procedure, manual, page, t),
        _steps_section(procedure, manual, options, page, t),
        _after(procedure, manual, options, page, t),
        _print_footer(procedure, t),
        _abbreviations(procedure, manual),
    ]
    return "\n\n".join(s for s in sections if s).rstrip() + "\n"


def _front_matter(procedure: Procedure) -> str:
    """Title (the print header comes before the h1), search description and Material tags;
    JSON strings are valid YAML scalars."""
    title = _yaml_string(f"{procedure.id} {procedure.title}")
    lines = ["---", f"title: {title}", f"description: {_yaml_string(procedure.summary)}"]
    # A retired procedure stays reachable but is not listed among current ones, and the tag
    # pages are such a list: someone following "phone" must not land on the old script.
    if procedure.tags and procedure.status != "retired":
        lines.append("tags:")
        lines += [
            f"  - {_yaml_string(tag)}"
            for tag in sorted(set(procedure.tags), key=lambda tag: (tag.casefold(), tag))
        ]
    lines.append("---")
    return "\n".join(lines)


def _yaml_string(text: str) -> str:
    return json.dumps(one_line(text), ensure_ascii=False)


def _print_header(procedure: Procedure, manual: Manual, t: Strings) -> str:
    effective = procedure.effective.isoformat() if procedure.effective else "—"
    items = [
        attribute(manual.title),
        attribute(procedure.id),
        f"{t('revision')} {attribute(procedure.revision)}",
        f"{t('effective')} {effective}",
    ]
    return f'<p class="sop-print-header">{" · ".join(items)}</p>'


def _print_footer(procedure: Procedure, t: Strings) -> str:
    return (
        f'<p class="sop-print-footer">{attribute(procedure.id)} · {t("revision")} '
        f"{attribute(procedure.revision)} — {t('print_uncontrolled')}</p>"
    )


def _card(
    procedure: Procedure, manual: Manual, options: RenderOptions, page: str, t: Strings
) -> str:
    rows: list[tuple[str, str]] = [
        (t("id"), f"**{inline(procedure.id)}**"),
        (t("revision"), inline(procedure.revision)),
        (
            t("status"),
            f'<span class="sop-status sop-status-{procedure.status}">'
            f"{t('status_' + procedure.status)}</span>",
        ),
        (t("owner"), role_link(manual, page, procedure.owner)),
    ]
    if procedure.approved_by:
        rows.append((t("approved_by"), role_link(manual, page, procedure.approved_by)))
    if procedure.effective:
        rows.append((t("effective"), procedure.effective.isoformat()))
    due = procedure.next_review
    if due and procedure.status != "retired":
        overdue = procedure.status == "effective" and due < options.today
        text = due.isoformat()
        rows.append((t("next_review"), f"**{text}** ⚠&nbsp;{t('overdue')}" if overdue else text))
    if procedure.total_minutes:
        rows.append(
            (t("time"), t("about_minutes", minutes=format_minutes(procedure.total_minutes, t)))
        )
    body = "\n\n".join(f"{label}\n:   {value}" for label, value in rows)
    return f'<div class="sop-card" markdown>\n\n{body}\n\n</div>'


def _banners(
    procedure: Procedure, manual: Manual, options: RenderOptions, page: str, t: Strings
) -> list[str]:
    banners = []
    if procedure.status == "retired":
        text = t("banner_retired_text")
        if procedure.superseded_by:
            replacement = procedure_link(manual, options, page, procedure.superseded_by)
            text += " " + t("banner_superseded", link=replacement)
        banners.append(f'!!! danger "{t("banner_retired")}"\n{indent(text)}')
    elif procedure.status == "draft":
        banners.append(f'!!! warning "{t("banner_draft")}"\n{indent(t("banner_draft_text"))}')
    elif procedure.status == "in-review":
        banners.append(
            f'!!! warning "{t("banner_in_review")}"\n{indent(t("banner_in_review_text"))}'
        )
    due = procedure.next_review
    if procedure.status == "effective" and due and due < options.today:
        text = t(
            "banner_overdue_text",
            date=due.isoformat(),
            owner=role_link(manual, page, procedure.owner),
        )
        banners.append(f'!!! warning "{t("banner_overdue")}"\n{indent(text)}')
    return banners


def _section(heading: str, anchor: str, body: str) -> str:
    return f"## {heading} {{#{anchor}}}\n\n{body}"


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join("- " + indent(markdown(item)).lstrip() for item in items)


def _introduction(procedure: Procedure, manual: Manual, page: str, t: Strings) -> list[str]:
    sections = []
    if procedure.trigger:
        sections.append(_section(t("when"), "when", markdown(procedure.trigger)))
    if procedure.purpose:
        sections.append(_section(t("purpose"), "purpose", markdown(procedure.purpose)))
    if procedure.scope:
        sections.append(_section(t("scope"), "scope", markdown(procedure.scope)))
    if procedure.roles:
        who = "\n".join(f"- {role_link(manual, page, role)}" for role in procedure.roles)
        sections.append(_section(t("who"), "who", who))
    if procedure.before_you_start:
        sections.append(_section(t("before"), "before", _bullets(procedure.before_you_start)))
    if procedure.materials:
        sections.append(_section(t("materials"), "materials", _bullets(procedure.materials)))
    if procedure.specs:
        # A note sits under its value (one column fewer: the table fits a phone); a blank
        # tolerance stays blank rather than a row of dashes.
        columns = [t("spec_item"), t("spec_value")]
        with_tolerance = any(spec.tolerance for spec in procedure.specs)
        columns += [t("spec_tolerance")] if with_tolerance else []
        rows = []
        for spec in procedure.specs:
            value = f"**{inline(spec.value)}**"
            if spec.note:
                value += f'<br><span class="sop-spec-note">{inline(spec.note)}</span>'
            row = [inline(spec.item), value]
            row += (
                [inline(spec.tolerance) if spec.tolerance else "&nbsp;"] if with_tolerance else []
            )
            rows.append(row)
        sections.append(_section(t("specs"), "specs", table(columns, rows, "specs")))
    return sections


def _steps_section(
    procedure: Procedure, manual: Manual, options: RenderOptions, page: str, t: Strings
) -> str:
    total = len(procedure.steps)
    count = t("steps_count_one") if total == 1 else t("steps_count", count=total)
    if procedure.total_minutes:
        minutes = format_minutes(procedure.total_minutes, t)
        intro = t("steps_intro", count=count, time=t("about_minutes", minutes=minutes))
    else:
        intro = t("steps_intro_untimed", count=count)
    context = StepContext(manual, procedure, options, page, t)
    body = f"{intro}\n{{.sop-steps-intro}}\n\n{render_steps(context)}"
    return _section(t("steps"), "steps", body)


def _after(
    procedure: Procedure, manual: Manual, options: RenderOptions, page: str, t: Strings
) -> str:
    """Everything after the steps, in one block that a printed checklist leaves out."""
    parts = [
        *_after_steps(procedure, manual, options, page, t),
        _actions(procedure, manual, options, t),
    ]
    body = "\n\n".join(part for part in parts if part)
    return f'<div class="sop-after" markdown>\n\n{body}\n\n</div>' if body else ""


def _after_steps(
    procedure: Procedure, manual: Manual, options: RenderOptions, page: str, t: Strings
) -> list[str]:
    sections = []
    if procedure.metrics:
        rows = [
            [inline(m.name), inline(m.target), inline(m.investigate_when), inline(m.how_measured)]
            for m in procedure.metrics
        ]
        columns = [t("metric"), t("target"), t("investigate_when"), t("how_measured")]
        metrics = table(columns, rows, "metrics", stack=True)
        sections.append(_section(t("metrics"), "metrics", metrics))
    if procedure.recurring_questions:
        sections.append(_section(t("questions"), "questions", _questions(procedure, page, t)))
    if procedure.records:
        records = "\n".join(f"- {inline(record)}" for record in procedure.records)
        sections.append(_section(t("records"), "records", records))
    related = []
    if procedure.supersedes:
        supersedes = procedure_link(manual, options, page, procedure.supersedes)
        related.append(t("supersedes", link=supersedes))
        related.append("")
    related += [f"- {procedure_link(manual, options, page, pid)}" for pid in procedure.related]
    if related:
        sections.append(_section(t("related"), "related", "\n".join(related).strip()))
    if procedure.references:
        sections.append(_section(t("references"), "references", _references(procedure, page)))
    if procedure.changes:
        rows = [
            [
                inline(change.revision),
                change.date.isoformat(),
                inline(change.summary),
                inline(role_title(manual, change.by)) if change.by else "",
            ]
            for change in procedure.changes
        ]
        columns = [t("revision"), t("change_date"), t("change_summary"), t("change_by")]
        changes = table(columns, rows, "changes", stack=True, name_first=True)
        sections.append(_section(t("changes"), "changes", changes))
    return sections


def _questions(procedure: Procedure, page: str, t: Strings) -> str:
    blocks = []
    for question in procedure.recurring_questions:
        lines = [f"### {inline(question.question)}", "", markdown(question.answer), ""]
        if question.root_cause:
            lines += [f"**{t('root_cause')}:** {inline(question.root_cause)}", ""]
        step = procedure.step_by_id(question.step) if question.step else None
        if step:
            # The step's own words, so the reader knows where it leads without following it.
            target = f"[{t('step', number=step.number)}](#{step.anchor})"
            lines.append(f"**{t('traces_to')}:** {target}: {inline(plain(step.text))}")
        blocks.append("\n".join(lines).strip())
    return "\n\n".join(blocks)


def _references(procedure: Procedure, page: str) -> str:
    lines = []
    for reference in procedure.references:
        title = inline(reference.title)
        if reference.url is None:
            lines.append(f"- {title}")
        elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", reference.url):
            lines.append(f"- {external_link(title, reference.url)}")
        else:  # a path relative to the site root: link it from this page
            path = quote(reference.url.lstrip("/"), safe="/#")
            lines.append(f"- {link(title, page, path)}" if path else f"- {title}")
    return "\n".join(lines)


def _actions(procedure: Procedure, manual: Manual, options: RenderOptions, t: Strings) -> str:
    links = []
    edit = edit_url(procedure, manual, options)
    if edit:
        links.append(f"[{t('edit')}]({edit}){{.md-button}}")
    report = report_url(procedure, manual, options)
    if report:
        links.append(f"[{t('report')}]({report}){{.md-button}}")
    if not links:
        return ""
    return '<div class="sop-actions" markdown>\n' + " ".join(links) + "\n</div>"


def _abbreviations(procedure: Procedure, manual: Manual) -> str:
    """Glossary terms used on this page, as abbr definitions (hover shows the meaning)."""
    text = " ".join(
        [
            procedure.title,
            procedure.summary,
            procedure.trigger or "",
            procedure.purpose or "",
            procedure.scope or "",
            *procedure.before_you_start,
            *procedure.materials,
        ]
        + [
            s.text
            + " "
            + (s.why or "")
            + " "
            + " ".join(a for _, a in s.admonitions)
            + " "
            + (s.record or "")
            for s in procedure.all_steps()
        ]
        + [q.question + " " + q.answer for q in procedure.recurring_questions]
    )
    lines = []
    for term in sorted(manual.glossary, key=lambda term: (term.term.casefold(), term.term)):
        if "]" in term.term or "\\" in term.term or not term.term.strip():
            continue  # the abbr syntax cannot hold these; the glossary page still lists them
        if re.search(rf"(?<!\w){re.escape(term.term)}(?!\w)", text):
            lines.append(f"*[{term.term}]: {plain(term.definition, limit=300)}")
    return "\n".join(lines)

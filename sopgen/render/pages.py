"""The manual-wide pages: review list, recurring questions, metrics, glossary, reference."""

from __future__ import annotations

import re

from sopgen.model import Manual, Procedure
from sopgen.reference_docs import fields_markdown, rules_markdown
from sopgen.render.links import (
    METRICS_PAGE,
    QUESTIONS_PAGE,
    REVIEW_PAGE,
    is_published,
    link,
    procedure_path,
    role_title,
)
from sopgen.render.lists import listed
from sopgen.render.options import RenderOptions
from sopgen.render.strings import Strings
from sopgen.render.tables import date_cell, table
from sopgen.render.text import indent, inline, markdown, plain
from sopgen.review import DUE_SOON_DAYS, by_owner, review_items


def _procedure_cell(procedure: Procedure, options: RenderOptions, page: str) -> str:
    text = inline(f"{procedure.id} {procedure.title}")
    return link(text, page, procedure_path(procedure)) if is_published(procedure, options) else text


def render_review(manual: Manual, options: RenderOptions) -> str:
    """review.md: overdue, due soon, drafts and in-review procedures, grouped by owner."""
    t = Strings(manual.language)
    parts = [
        f"# {t('review')}",
        t("review_intro", today=options.today.isoformat(), days=DUE_SOON_DAYS),
    ]
    groups = by_owner(review_items(manual, options.today))
    for owner, items in groups.items():
        rows = []
        for item in items:
            days = abs(item.days) if item.days is not None else 0
            rows.append(
                [
                    _procedure_cell(item.procedure, options, REVIEW_PAGE),
                    t.count(f"state_{item.state.value}", days, days=days),
                    date_cell(item.due.isoformat()) if item.due else "",
                ]
            )
        columns = [t("procedure"), t("review_state"), t("review_due")]
        heading = f"## {inline(role_title(manual, owner))} {{#{owner}}}"
        parts.append(f"{heading}\n\n{table(columns, rows, 'review')}")
    if not groups:
        parts.append(t("review_none"))
    return "\n\n".join(parts) + "\n"


def render_questions(manual: Manual, options: RenderOptions) -> str:
    """questions.md: every recurring question with its root cause and the step it traces to."""
    t = Strings(manual.language)
    page = QUESTIONS_PAGE
    parts = [f"# {t('questions')}", t("questions_intro")]
    for procedure in (p for p in manual.procedures if listed(p, options)):
        for question in procedure.recurring_questions:
            lines = [f"## {inline(question.question)}", "", markdown(question.answer), ""]
            if question.root_cause:
                lines += [f"**{t('root_cause')}:** {inline(question.root_cause)}", ""]
            step = procedure.step_by_id(question.step) if question.step else None
            where = link(
                inline(f"{procedure.id} {procedure.title}"), page, procedure_path(procedure)
            )
            if step:
                where += ", " + link(
                    t("step", number=step.number), page, procedure_path(procedure), step.anchor
                )
                where += ": " + inline(plain(step.text))
            lines.append(f"**{t('traces_to')}:** {where}")
            parts.append("\n".join(lines))
    if len(parts) == 2:
        parts.append(t("questions_none"))
    return "\n\n".join(parts) + "\n"


def render_metrics(manual: Manual, options: RenderOptions) -> str:
    """metrics.md: every metric with its target, when to investigate and how it is measured."""
    t = Strings(manual.language)
    page = METRICS_PAGE
    rows = [
        [
            inline(metric.name),
            inline(metric.target),
            inline(metric.investigate_when),
            inline(metric.how_measured),
            link(inline(procedure.id), page, procedure_path(procedure), "metrics"),
        ]
        for procedure in manual.procedures
        if listed(procedure, options)
        for metric in procedure.metrics
    ]
    columns = [t("metric"), t("target"), t("investigate_when"), t("how_measured"), t("procedure")]
    body = table(columns, rows, "metrics", stack=True) if rows else t("metrics_none")
    return f"# {t('metrics')}\n\n{t('metrics_intro')}\n\n{body}\n"


def render_glossary(manual: Manual) -> str:
    """glossary.md: the manual's terms, alphabetically, as a definition list."""
    t = Strings(manual.language)
    terms = sorted(manual.glossary, key=lambda term: (term.term.casefold(), term.term))
    if not terms:
        return f"# {t('glossary')}\n\n{t('glossary_none')}\n"
    entries = []
    anchors: set[str] = set()
    for term in terms:
        anchor = _term_anchor(term.term, anchors)
        definition = indent(markdown(term.definition)).lstrip()
        entries.append(f"{inline(term.term)} {{#{anchor}}}\n:   {definition}")
    body = '<div class="sop-glossary" markdown>\n\n' + "\n\n".join(entries) + "\n\n</div>"
    return f"# {t('glossary')}\n\n{t('glossary_intro')}\n\n{body}\n"


def _term_anchor(term: str, taken: set[str]) -> str:
    """A stable id per term (``term-dipper-well``) so a page can link to one; word characters
    only, so no field text reaches the attribute list."""
    slug = "-".join(re.findall(r"\w+", term.casefold())) or "term"
    anchor = f"term-{slug}"
    number = 2
    while anchor in taken:
        anchor = f"term-{slug}-{number}"
        number += 1
    taken.add(anchor)
    return anchor


def reference_pages() -> tuple[str, str]:
    """The field and rules reference (generated from the schemas and rule docstrings)."""
    return fields_markdown(), rules_markdown()

"""The manual-wide pages: review list, recurring questions, metrics, glossary, reference."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, partial

from sopgen.model import Category, Manual, Procedure
from sopgen.model.review import DUE_SOON_DAYS, by_owner, review_items
from sopgen.render.html import table, text
from sopgen.render.links import (
    METRICS_PAGE,
    QUESTIONS_PAGE,
    REVIEW_PAGE,
    category_path,
    is_published,
    procedure_path,
    role_title,
)
from sopgen.render.lists import (
    ITEMS_PER_PAGE,
    body_page,
    category_index,
    date_cell,
    html_page,
    link,
    listed,
    paragraph,
    per_category,
    section,
)
from sopgen.render.options import HtmlBody, Page, RenderOptions
from sopgen.render.reference import fields_markdown, rules_markdown
from sopgen.render.strings import Strings
from sopgen.render.text import indent, inline, markdown


def manual_pages(manual: Manual, options: RenderOptions) -> list[Page]:
    """review.md, questions.md and metrics.md; in a manual with more questions or metric rows
    than a page holds, procedures/<category>/questions.md and .../metrics.md (out of the nav)."""
    t = Strings(manual.language)
    procedures = [p for p in manual.procedures if listed(p, options)]
    pages = [body_page(REVIEW_PAGE, t("review"), partial(render_review, manual, options))]
    for path, key, count in (
        (QUESTIONS_PAGE, "questions", _question_count),
        (METRICS_PAGE, "metrics", _metric_count),
    ):
        groups = per_category(procedures, manual, count)
        split = sum(n for _, _, n in groups) > ITEMS_PER_PAGE
        body = partial(render_list, key, manual, options, split)
        pages.append(body_page(path, t(key), body))
        for category, chosen, n in groups if split else ():
            if n:
                title = f"{t(key)} · {category.title}"
                body = partial(render_list_part, key, category, manual, options, tuple(chosen))
                pages.append(body_page(_part_path(path, category), title, body, in_nav=False))
    return pages


def _part_path(path: str, category: Category) -> str:
    """questions.md -> procedures/<category>/questions.md: in the category's folder, so the
    links to its procedures are short."""
    return f"procedures/{category.id}/{path}"


def _question_count(procedure: Procedure) -> int:
    return len(procedure.recurring_questions)


def _metric_count(procedure: Procedure) -> int:
    return len(procedure.metrics)


def _procedure_cell(procedure: Procedure, options: RenderOptions, page: str) -> str:
    label = text(f"{procedure.id} {procedure.title}")
    if not is_published(procedure, options):
        return label
    return link(label, page, procedure_path(procedure), options)


def render_review(manual: Manual, options: RenderOptions) -> HtmlBody:
    """review.md: overdue, due soon, drafts and in-review procedures, grouped by owner."""
    t = Strings(manual.language)
    intro = t("review_intro", today=options.today.isoformat(), days=DUE_SOON_DAYS)
    blocks, sections = [paragraph(text(intro))], []
    groups = by_owner(review_items(manual, options.today))
    columns = [text(t("procedure")), text(t("review_state")), text(t("review_due"))]
    for owner, items in groups.items():
        rows = []
        for item in items:
            days = abs(item.days) if item.days is not None else 0
            rows.append(
                [
                    _procedure_cell(item.procedure, options, REVIEW_PAGE),
                    text(t.count(f"state_{item.state.value}", days, days=days)),
                    date_cell(item.due.isoformat()) if item.due else "",
                ]
            )
        title = role_title(manual, owner)
        h2, entry = section(text(title), title, owner)
        blocks += [h2, table(columns, rows, "review")]
        sections.append(entry)
    if not groups:
        blocks.append(paragraph(text(t("review_none"))))
    return html_page(t("review"), blocks, sections)


def render_list(key: str, manual: Manual, options: RenderOptions, split: bool) -> HtmlBody:
    """questions.md or metrics.md: the entries of every listed procedure, by category; when
    they are too many for one page, the categories with their counts, each a page."""
    t = Strings(manual.language)
    page = QUESTIONS_PAGE if key == "questions" else METRICS_PAGE
    render_one, count = (
        (_questions, _question_count) if key == "questions" else (_metrics, _metric_count)
    )
    procedures = [p for p in manual.procedures if listed(p, options)]
    groups = per_category(procedures, manual, count)
    blocks, sections = [paragraph(text(t(f"{key}_intro")))], []
    if split:
        index = [(c, _part_path(page, c), n) for c, _, n in groups]
        blocks.append(category_index(page, index, options))
    else:
        for category, chosen, n in groups:
            if n:
                target = link(text(category.title), page, category_path(category.id), options)
                h2, entry = section(target, category.title, category.id)
                blocks += [h2, render_one(chosen, manual, options, page)]
                sections.append(entry)
    if not any(n for _, _, n in groups):
        blocks.append(paragraph(text(t(f"{key}_none"))))
    return html_page(t(key), blocks, sections)


def render_list_part(
    key: str,
    category: Category,
    manual: Manual,
    options: RenderOptions,
    procedures: tuple[Procedure, ...],
) -> HtmlBody:
    """procedures/<category>/questions.md or metrics.md: one category's entries."""
    t = Strings(manual.language)
    whole = QUESTIONS_PAGE if key == "questions" else METRICS_PAGE
    page = _part_path(whole, category)
    render_one = _questions if key == "questions" else _metrics
    back = link(text(t(key)), page, whole, options)
    listing = render_one(list(procedures), manual, options, page)
    return html_page(f"{t(key)} · {category.title}", [paragraph(back), listing])


def _questions(
    procedures: Sequence[Procedure], manual: Manual, options: RenderOptions, page: str
) -> str:
    """Each recurring question with its root cause and where it traces to: the procedure's
    questions section (the answer is there) and the step."""
    items = "".join(
        options.memo.call(_procedure_questions, p, page, options, manual.language)
        for p in procedures
    )
    return f'<ul class="sop-questions">{items}</ul>'


def _procedure_questions(
    procedure: Procedure, page: str, options: RenderOptions, language: str
) -> str:
    t = Strings(language)
    root_cause, traces_to = text(t("root_cause")), text(t("traces_to"))
    target = procedure_path(procedure)
    where = link(text(f"{procedure.id} {procedure.title}"), page, target, options, "questions")
    items = []
    for question in procedure.recurring_questions:
        parts = [f"<p><strong>{text(question.question)}</strong></p>"]
        if question.root_cause:
            parts.append(f"<p><strong>{root_cause}:</strong> {text(question.root_cause)}</p>")
        step = procedure.step_by_id(question.step) if question.step else None
        traced = where
        if step:
            label = text(t("step", number=step.number))
            traced += ", " + link(label, page, target, options, step.anchor)
        parts.append(f"<p><strong>{traces_to}:</strong> {traced}</p>")
        items.append(f"<li>{''.join(parts)}</li>")
    return "".join(items)


def _metrics(
    procedures: Sequence[Procedure], manual: Manual, options: RenderOptions, page: str
) -> str:
    """A table of every metric with its target, when to investigate and how it is measured."""
    t = Strings(manual.language)
    rows = [
        row
        for procedure in procedures
        for row in options.memo.call(_metric_rows, procedure, page, options)
    ]
    columns = [t("metric"), t("target"), t("investigate_when"), t("how_measured"), t("procedure")]
    return table([text(c) for c in columns], rows, "metrics", stack=True)


def _metric_rows(
    procedure: Procedure, page: str, options: RenderOptions
) -> tuple[tuple[str, ...], ...]:
    where = link(text(procedure.id), page, procedure_path(procedure), options, "metrics")
    return tuple(
        (
            text(metric.name),
            text(metric.target),
            text(metric.investigate_when),
            text(metric.how_measured),
            where,
        )
        for metric in procedure.metrics
    )


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


@cache  # made from sopgen's own schemas and rules only: the same for every build
def reference_pages() -> tuple[str, str]:
    """The field and rules reference (generated from the schemas and rule docstrings)."""
    return fields_markdown(), rules_markdown()

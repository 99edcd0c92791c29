"""Render a validated Manual into the Markdown pages of the manual site (pure, deterministic)."""

from __future__ import annotations

import functools
from typing import Any

from sopgen.model import Manual, Procedure
from sopgen.reference_docs import FIELDS_PAGE, RULES_PAGE
from sopgen.render.links import (
    GLOSSARY_PAGE,
    METRICS_PAGE,
    PROCEDURES_INDEX,
    QUESTIONS_PAGE,
    REVIEW_PAGE,
    ROLES_INDEX,
    category_path,
    is_published,
    procedure_path,
    role_path,
)
from sopgen.render.lists import render_all_procedures, render_category
from sopgen.render.options import Page, RenderOptions
from sopgen.render.pages import (
    reference_pages,
    render_glossary,
    render_metrics,
    render_questions,
    render_review,
)
from sopgen.render.procedure import render_procedure_body, render_procedure_front_matter
from sopgen.render.roles import render_role, render_roles_index
from sopgen.render.strings import Strings

__all__ = [
    "Page",
    "RenderOptions",
    "nav",
    "render_procedure_body",
    "render_procedure_front_matter",
    "render_site",
]


def render_site(manual: Manual, options: RenderOptions) -> list[Page]:
    """Every generated page, sorted by path."""
    t = Strings(manual.language)
    pages = [
        Page(
            PROCEDURES_INDEX,
            render_all_procedures(manual, options),
            t("all_procedures"),
            None,
            True,
        ),
        Page(ROLES_INDEX, render_roles_index(manual, options), t("roles"), None, True),
        Page(REVIEW_PAGE, render_review(manual, options), t("review"), None, True),
        Page(QUESTIONS_PAGE, render_questions(manual, options), t("questions"), None, True),
        Page(METRICS_PAGE, render_metrics(manual, options), t("metrics"), None, True),
        Page(GLOSSARY_PAGE, render_glossary(manual), t("glossary"), None, True),
    ]
    fields, rules = reference_pages()
    pages += [
        Page(FIELDS_PAGE, fields, t("fields"), None, True),
        Page(RULES_PAGE, rules, t("rules"), None, True),
    ]
    for category in manual.categories:
        markdown = render_category(category, manual, options)
        pages.append(Page(category_path(category.id), markdown, category.title, None, True))
    for role in manual.roles:
        pages.append(
            Page(role_path(role.id), render_role(role, manual, options), role.title, None, True)
        )
    for procedure in manual.procedures:
        if is_published(procedure, options):
            pages.append(_procedure_page(procedure, manual, options))
    return sorted(pages, key=lambda page: page.path)


def _procedure_page(procedure: Procedure, manual: Manual, options: RenderOptions) -> Page:
    return Page(
        procedure_path(procedure),
        render_procedure_front_matter(procedure),
        f"{procedure.id} {procedure.title}",
        procedure.source,
        False,
        body=functools.partial(render_procedure_body, procedure, manual, options),
    )


def nav(manual: Manual, options: RenderOptions) -> list[dict[str, Any] | str]:
    """MkDocs nav entries for the generated pages: categories and roles, not every procedure."""
    t = Strings(manual.language)
    categories: list[dict[str, Any] | str] = [PROCEDURES_INDEX]
    categories += [{c.title: category_path(c.id)} for c in manual.categories]
    roles: list[dict[str, Any] | str] = [ROLES_INDEX]
    roles += [{r.title: role_path(r.id)} for r in manual.roles]
    return [
        {t("procedures"): categories},
        {t("roles"): roles},
        {t("review"): REVIEW_PAGE},
        {t("questions"): QUESTIONS_PAGE},
        {t("metrics"): METRICS_PAGE},
        {t("glossary"): GLOSSARY_PAGE},
        {t("reference"): [{t("fields"): FIELDS_PAGE}, {t("rules"): RULES_PAGE}]},
    ]

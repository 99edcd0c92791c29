"""Render a validated Manual into the Markdown pages of the manual site (pure, deterministic)."""

from __future__ import annotations

import functools
from typing import Any

from sopgen.model import Manual, Procedure
from sopgen.render.links import (
    GLOSSARY_PAGE,
    METRICS_PAGE,
    PROCEDURES_INDEX,
    QUESTIONS_PAGE,
    REVIEW_PAGE,
    ROLES_INDEX,
    TRAINING_PAGE,
    category_path,
    is_published,
    procedure_path,
    role_path,
    signoff_sheet_path,
)
from sopgen.render.lists import all_procedures_pages
from sopgen.render.options import Page, RenderOptions, StaticFile
from sopgen.render.pages import manual_pages, reference_pages, render_glossary
from sopgen.render.procedure import (
    procedure_meta,
    render_procedure_body,
    render_procedure_front_matter,
)
from sopgen.render.reference import FIELDS_PAGE, RULES_PAGE
from sopgen.render.roles import role_pages
from sopgen.render.shortlinks import short_address_files
from sopgen.render.signoff_sheet import render_signoff_sheet
from sopgen.render.strings import Strings
from sopgen.render.text import front_matter
from sopgen.render.training import shows_names, training_pages

__all__ = [
    "Page",
    "RenderOptions",
    "StaticFile",
    "nav",
    "render_files",
    "render_procedure_body",
    "render_procedure_front_matter",
    "render_site",
    "short_address_files",
]


def render_site(manual: Manual, options: RenderOptions) -> list[Page]:
    """Every generated page, sorted by path."""
    t = Strings(manual.language)
    # The pages that list procedures are made as HTML, straight from the model (see Page.body).
    pages = all_procedures_pages(manual, options) + role_pages(manual, options)
    pages += manual_pages(manual, options)
    pages += training_pages(manual, options)
    pages.append(Page(GLOSSARY_PAGE, render_glossary(manual), t("glossary"), None, True))
    fields, rules = reference_pages()
    pages += [
        Page(FIELDS_PAGE, fields, t("fields"), None, True),
        Page(RULES_PAGE, rules, t("rules"), None, True),
    ]
    for procedure in manual.procedures:
        if is_published(procedure, options):
            pages.append(_procedure_page(procedure, manual, options))
    return sorted(pages, key=lambda page: page.path)


def render_files(manual: Manual, options: RenderOptions) -> list[tuple[str, str]]:
    """Files of the site that are not pages, (path, content): each effective procedure's
    printable sign-off sheet."""
    return [
        (signoff_sheet_path(procedure), render_signoff_sheet(procedure, manual, options))
        for procedure in manual.procedures
        if procedure.is_current
    ]


def _procedure_page(procedure: Procedure, manual: Manual, options: RenderOptions) -> Page:
    meta = options.memo.call(procedure_meta, procedure)
    return Page(
        procedure_path(procedure),
        front_matter(meta),
        f"{procedure.id} {procedure.title}",
        procedure.source,
        False,
        body=functools.partial(render_procedure_body, procedure, manual, options),
        meta=meta,
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
        *([{t("training"): TRAINING_PAGE}] if shows_names(manual) else []),
        {t("questions"): QUESTIONS_PAGE},
        {t("metrics"): METRICS_PAGE},
        {t("glossary"): GLOSSARY_PAGE},
        {t("reference"): [{t("fields"): FIELDS_PAGE}, {t("rules"): RULES_PAGE}]},
    ]

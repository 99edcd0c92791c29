"""The all-procedures table and one page per category, in manual.yaml's order (as HTML)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from markdown.extensions.toc import slugify

from sopgen.model import Category, Manual, Procedure
from sopgen.render.fragments import fragment, on_page
from sopgen.render.html import heading, href, table, text, toc_entry
from sopgen.render.links import PROCEDURES_INDEX, category_path, is_published, procedure_path
from sopgen.render.options import HtmlBody, Page, RenderOptions, TocEntry
from sopgen.render.strings import Strings
from sopgen.render.text import front_matter, one_line

# A generated list page holds at most this many entries (procedures, questions, metric rows;
# 200-400 bytes each, so at most about 200 KB). Beyond that it lists the categories, and the
# entries are on pages per category: pages a phone can open, that do not grow with the manual.
ITEMS_PER_PAGE = 500


def listed(procedure: Procedure, options: RenderOptions) -> bool:
    """Current procedures are listed; drafts and in-review ones only when drafts are built."""
    if procedure.status == "effective":
        return True
    return procedure.status in ("draft", "in-review") and options.include_drafts


def body_page(path: str, title: str, body: Callable[[], HtmlBody], in_nav: bool = True) -> Page:
    """A generated page whose HTML comes from ``body`` (see Page.body); its front matter holds
    its title only."""
    meta = {"title": one_line(title)}
    return Page(path, front_matter(meta), title, None, in_nav, body, meta)


def html_page(title: str, blocks: Sequence[str], sections: Sequence[TocEntry] = ()) -> HtmlBody:
    """A page: an h1 (its id as the toc extension makes it), then ``blocks`` (HTML);
    ``sections`` are the h2 headings among them, for the table of contents."""
    anchor = slugify(one_line(title), "-") or "_1"  # the toc extension's id for an empty slug
    h1 = heading(1, text(title), anchor)
    return HtmlBody(h1 + "".join(blocks), (toc_entry(1, text(title), anchor, tuple(sections)),))


def section(title_html: str, title: str, anchor: str) -> tuple[str, TocEntry]:
    """An h2 heading and its table-of-contents entry."""
    return heading(2, title_html, anchor), toc_entry(2, text(title), anchor)


def paragraph(inner_html: str) -> str:
    return f"<p>{inner_html}</p>"


def link(
    inner_html: str, from_page: str, to_page: str, options: RenderOptions, anchor: str | None = None
) -> str:
    """An <a> from one generated page to another (``inner_html`` is HTML)."""
    return f'<a href="{href(from_page, to_page, anchor, options.directory_urls)}">{inner_html}</a>'


def markdown_html(field: str, page: str, options: RenderOptions) -> str:
    """A Markdown field (a description) as sanitised HTML on ``page``, its relative links the
    URLs MkDocs would have made (the procedure pages' fragments: one converter for both)."""
    return on_page(fragment(field), page, options.directory_urls)


def per_category(
    procedures: Sequence[Procedure], manual: Manual, count: Callable[[Procedure], int]
) -> list[tuple[Category, list[Procedure], int]]:
    """The categories in manual order with their procedures and how many entries they make."""
    by_category: dict[str, list[Procedure]] = {c.id: [] for c in manual.categories}
    for procedure in procedures:
        by_category.setdefault(procedure.category, []).append(procedure)
    found = []
    for category in manual.categories:
        chosen = by_category[category.id]
        found.append((category, chosen, sum(count(p) for p in chosen)))
    return found


def category_index(
    page: str, groups: Sequence[tuple[Category, str, int]], options: RenderOptions
) -> str:
    """A list of per-category pages: "Kitchen (63)", linked, for categories with entries."""
    items = [
        f"<li>{link(text(category.title), page, target, options)} ({count})</li>"
        for category, target, count in groups
        if count
    ]
    return f"<ul>{''.join(items)}</ul>"


def procedure_table(
    procedures: list[Procedure], manual: Manual, options: RenderOptions, page: str
) -> str:
    """ID, title, owner, status, revision and next review of each procedure, linked."""
    t = Strings(manual.language)
    columns = [t("id"), t("title"), t("owner"), t("status"), t("revision"), t("next_review")]
    urls = options.directory_urls
    owners = {role.id: text(role.title) for role in manual.roles}
    statuses: dict[str, str] = {}
    rows = []
    for procedure in procedures:
        due = procedure.next_review
        overdue = procedure.status == "effective" and due is not None and due < options.today
        target = href(page, procedure_path(procedure), None, urls)
        status = statuses.get(procedure.status) or text(t("status_" + procedure.status))
        statuses[procedure.status] = status
        rows.append(
            [
                f'<a href="{target}">{text(procedure.id)}</a>',
                f'<a href="{target}">{text(procedure.title)}</a>',
                owners.get(procedure.owner) or text(procedure.owner),
                status,
                text(procedure.revision),
                (_overdue(due.isoformat(), t) if overdue else date_cell(due.isoformat()))
                if due
                else "",
            ]
        )
    return table(columns, rows, "procedures")


def date_cell(date: str) -> str:
    """An ISO date kept on one line (browsers break "2027-05-04" at a hyphen in a narrow column)."""
    return f'<span class="sop-date">{date}</span>'


def _overdue(date: str, t: Strings) -> str:
    """A review date that has passed: bold, with the word, not only a sign."""
    return f'<strong class="sop-date">{date}</strong> ⚠&nbsp;{text(t("overdue"))}'


def all_procedures_pages(manual: Manual, options: RenderOptions) -> list[Page]:
    """procedures/index.md and procedures/<category>/index.md."""
    t = Strings(manual.language)
    pages = [
        body_page(
            PROCEDURES_INDEX, t("all_procedures"), partial(render_all_procedures, manual, options)
        )
    ]
    for category in manual.categories:
        body = partial(render_category, category, manual, options)
        pages.append(body_page(category_path(category.id), category.title, body))
    return pages


def render_all_procedures(manual: Manual, options: RenderOptions) -> HtmlBody:
    """procedures/index.md: every current procedure, category by category; in a manual too big
    for one page, the categories with their counts (their pages hold the tables)."""
    t = Strings(manual.language)
    page = PROCEDURES_INDEX
    shown = [p for p in manual.procedures if listed(p, options)]
    groups = per_category(shown, manual, lambda _: 1)
    if len(shown) > ITEMS_PER_PAGE:
        index = [(c, category_path(c.id), n) for c, _, n in groups]
        return html_page(t("all_procedures"), [category_index(page, index, options)])
    blocks, sections = [], []
    for category, procedures, _ in groups:
        target = link(text(category.title), page, category_path(category.id), options)
        h2, entry = section(target, category.title, category.id)
        sections.append(entry)
        blocks.append(h2)
        if procedures:
            blocks.append(procedure_table(procedures, manual, options, page))
        else:
            blocks.append(paragraph(text(t("no_procedures"))))
    return html_page(t("all_procedures"), blocks, sections)


def render_category(category: Category, manual: Manual, options: RenderOptions) -> HtmlBody:
    """procedures/<category>/index.md: its description, its current procedures, retired ones."""
    t = Strings(manual.language)
    page = category_path(category.id)
    procedures = manual.in_category(category.id)
    shown = [p for p in procedures if listed(p, options)]
    retired = [p for p in procedures if p.status == "retired" and is_published(p, options)]
    blocks = [markdown_html(category.description, page, options)] if category.description else []
    if shown:
        blocks.append(procedure_table(shown, manual, options, page))
    else:
        blocks.append(paragraph(text(t("no_procedures"))))
    sections = []
    if retired:
        h2, entry = section(text(t("retired_list")), t("retired_list"), "retired")
        sections.append(entry)
        items = "".join(
            f"<li>{link(text(f'{p.id} {p.title}'), page, procedure_path(p), options)}</li>"
            for p in retired
        )
        blocks += [h2, paragraph(text(t("retired_note"))), f"<ul>{items}</ul>"]
    return html_page(category.title, blocks, sections)

"""One procedure page, straight to HTML: header card, banners, sections, steps, history and
print furniture (the DOM Python-Markdown made of the page's Markdown before, compacted)."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import quote

from markdown.extensions.toc import slugify, strip_tags, unique

from sopgen.model import Manual, Procedure
from sopgen.render import html as h
from sopgen.render.abbreviations import apply_terms, page_terms
from sopgen.render.flowchart import NOTE_ID, flowchart_figure
from sopgen.render.fragments import fragment_of_markdown, inline_fragment, on_page
from sopgen.render.links import edit_url, procedure_path, report_url, role_title
from sopgen.render.options import HtmlBody, RenderOptions, TocEntry
from sopgen.render.qr import print_qr
from sopgen.render.run import run_data, runs_section
from sopgen.render.shortlinks import label_link
from sopgen.render.signoff_sheet import signoff_sheet_link
from sopgen.render.steps import (
    StepContext,
    attr,
    field,
    format_minutes,
    procedure_link,
    render_steps,
    role_link,
    text,
    translated,
)
from sopgen.render.strings import Strings, procedure_language
from sopgen.render.text import front_matter, indent, markdown, one_line, plain, safe_url


def render_procedure_front_matter(procedure: Procedure) -> str:
    """The page's Markdown: only its front matter (title, search description, Material tags)."""
    return front_matter(procedure_meta(procedure))


def procedure_meta(procedure: Procedure) -> dict[str, str | list[str]]:
    """The page's front matter as data (what MkDocs would read from it)."""
    meta: dict[str, str | list[str]] = {
        "title": one_line(f"{procedure.id} {procedure.title}"),
        "description": one_line(procedure.summary),
    }
    # A retired procedure stays reachable but is not listed among current ones, and the tag
    # pages are such a list: someone following "phone" must not land on the old script.
    if procedure.tags and procedure.status != "retired":
        tags = sorted(set(procedure.tags), key=lambda tag: (tag.casefold(), tag))
        meta["tags"] = [one_line(tag) for tag in tags]
    return meta


def render_procedure_body(procedure: Procedure, manual: Manual, options: RenderOptions) -> HtmlBody:
    """The page's HTML and table of contents; its size depends on this procedure only.

    Besides the procedure it reads exactly (``render.keys.shared_inputs_key`` covers it):
    every procedure's id, title, status and category, in order (links to other procedures:
    their text, whether they are published, their URL; the first of a repeated id wins);
    every role's id and title; the glossary's terms and definitions (abbreviations); the
    manual's title, language, edit_url and report_problem_url; and all of ``options``.

    The worker's path comes first: title, a one-line header, banners, the summary, what to
    have ready (one tap: a closed ``<details>``), the steps, the "done by" line for paper;
    then what owners and auditors read (metrics, questions, history, about). Each part is one
    function below; a new part is one more entry in ``parts`` or ``after``."""
    language = procedure_language(procedure, manual)
    t = Strings(language)
    page = procedure_path(procedure)
    ctx = StepContext(manual, procedure, options, page, t)
    title = f"{text(procedure.id)} · {text(procedure.title)}"
    prepare = _prepare(procedure, ctx)  # (anchor, heading HTML, body HTML)
    steps = _steps_section(ctx)
    after = _after_steps(procedure, ctx)
    runs = runs_section(procedure, manual, t)
    if runs is not None:
        after.insert(0, runs)  # what happened at work, before the background
    actions = _actions(procedure, manual, options, t)
    # Ids the toc extension saw before naming the headings that have none (h1, questions).
    used = {anchor for anchor, _, _ in [*prepare, steps, *after]}
    used.update(step.anchor for step in ctx.all_steps)
    used.update(("purpose", "scope", "who"))  # the About section's own headings
    used.add(NOTE_ID)
    h1_id = unique(slugify(_plain_text(title), "-"), used)
    toc_sections = [h.toc_entry(2, heading, anchor) for anchor, heading, _ in [*prepare, steps]]
    parts = [
        print_qr(procedure.id, options.site_url, t),
        h.heading(1, title, h1_id),
        _header_line(procedure, ctx),
        *_banners(procedure, ctx),
        f'<p class="sop-summary">{text(procedure.summary)}</p>',
        _prepare_block(prepare, ctx),
        h.heading(2, steps[1], steps[0]) + steps[2],
        _done_by(t),
    ]
    after_parts = []
    for anchor, heading, body in after:
        children: tuple[TocEntry, ...] = ()
        if anchor == "questions":
            body, children = _questions(procedure, ctx, used)
        after_parts.append(h.heading(2, heading, anchor) + body)
        toc_sections.append(h.toc_entry(2, heading, anchor, children))
    if after_parts or actions:
        parts.append(f'<div class="sop-after">{"".join(after_parts)}{actions}</div>')
    terms = page_terms(procedure, manual, ctx.all_steps)
    # The print style's strings are CSS, not text: no abbreviations in them. Run mode's data
    # goes in after the glossary terms are marked: it is JSON, not text.
    content = _print_style(procedure, t) + apply_terms("".join(parts), terms)
    content += run_data(procedure, t)
    if language != manual.language:
        # The page's own words are in the procedure's language, the site around it is not.
        direction = "rtl" if t.rtl else "ltr"
        content = f'<div lang="{attr(language)}" dir="{direction}">{content}</div>'
    toc = (h.toc_entry(1, title, h1_id, tuple(toc_sections)),)
    return HtmlBody(content=content, toc=toc)


def _plain_text(inner_html: str) -> str:
    """The text of an HTML fragment, as the toc extension slugifies it (with its own
    ``strip_tags``)."""
    return html.unescape(strip_tags(inner_html))


@lru_cache(maxsize=4096)  # the same labels on every printed page
def css_string(value: str) -> str:
    """Text as a CSS string: quotes, backslashes, angle brackets and controls as escapes, so
    YAML text can never end the string or the style element."""
    out = []
    for char in value:
        if char.isalnum() or char in " ·—-.,:;()/":
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'


def _print_style(procedure: Procedure, t: Strings) -> str:
    """Every printed page's margins: id, revision and title at the top, "uncontrolled" and
    page N of M at the foot (CSS page margin boxes, which Chromium prints), and the words of
    the signature lines, all in the page's language. The site's style sheet has the layout."""
    head = f"{procedure.id} · {t('revision')} {procedure.revision} · {procedure.title}"
    start, end = ("right", "left") if t.rtl else ("left", "right")
    signs = ";".join(
        f"--sop-sign-{name}:{css_string(t('sign_' + name))}"
        for name in ("checked", "signature", "date")
    )
    return (
        "<style>@media print{@page{"
        f"@top-{start}{{content:{css_string(head)}}}"
        f"@bottom-{start}{{content:{css_string(t('print_uncontrolled'))}}}"
        f'@bottom-{end}{{content:counter(page) " / " counter(pages)}}'
        f"}}.md-typeset{{{signs}}}}}</style>"
    )


def _done_by(t: Strings) -> str:
    """The last line on paper: who did it, on which day, at what time (print only)."""
    labels = "".join(
        f"<span>{text(t(key))}</span>" for key in ("done_by", "sign_date", "done_time")
    )
    return f'<p class="sop-done">{labels}</p>'


def _header_line(procedure: Procedure, ctx: StepContext) -> str:
    """One line under the title: id, revision, status and time (the rest is under About)."""
    t = ctx.t
    items = [
        f"<strong>{text(procedure.id)}</strong>",
        f"{text(t('revision'))} {text(procedure.revision)}",
    ]
    status = f'<span class="sop-status sop-status-{attr(procedure.status)}">{{}}</span>'
    if procedure.status == "effective" and procedure.effective:
        # "Effective 2025-08-18": the status and its date in one item.
        items.append(status.format(f"{text(t('effective'))} {procedure.effective.isoformat()}"))
    else:
        items.append(status.format(text(t("status_" + procedure.status))))
    if ctx.total_minutes:
        minutes = format_minutes(ctx.total_minutes, t)
        items.append(text(t("about_minutes", minutes=minutes)))
    more = f'<span> · <a href="#about">{text(t("about"))}</a></span>'  # not on paper
    return f'<p class="sop-meta">{" · ".join(items)}{more}</p>'


def _card(procedure: Procedure, ctx: StepContext) -> str:
    t, options = ctx.t, ctx.options
    rows: list[tuple[str, str]] = [
        (t("id"), f"<strong>{text(procedure.id)}</strong>"),
        (t("revision"), text(procedure.revision)),
        (
            t("status"),
            f'<span class="sop-status sop-status-{attr(procedure.status)}">'
            f"{text(t('status_' + procedure.status))}</span>",
        ),
        (t("owner"), role_link(ctx, procedure.owner)),
    ]
    if procedure.approved_by:
        rows.append((t("approved_by"), role_link(ctx, procedure.approved_by)))
    if procedure.effective:
        rows.append((t("effective"), procedure.effective.isoformat()))
    due = procedure.next_review
    if due and procedure.status != "retired":
        overdue = procedure.status == "effective" and due < options.today
        when = due.isoformat()
        if overdue:
            when = f"<strong>{when}</strong> ⚠&nbsp;{text(t('overdue'))}"
        rows.append((t("next_review"), when))
    if ctx.total_minutes:
        minutes = format_minutes(ctx.total_minutes, t)
        rows.append((t("time"), text(t("about_minutes", minutes=minutes))))
    body = "".join(f"<dt>{text(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<div class="sop-card"><dl>{body}</dl></div>'


def _admonition(kind: str, title: str, body_html: str) -> str:
    return (
        f'<div class="admonition {kind}"><p class="admonition-title">{text(title)}</p>'
        f"{body_html}</div>"
    )


def _banners(procedure: Procedure, ctx: StepContext) -> list[str]:
    t = ctx.t
    banners = []
    if procedure.status == "retired":
        retired = text(t("banner_retired_text"))
        if procedure.superseded_by:
            replacement = procedure_link(ctx, procedure.superseded_by)
            retired += " " + translated(t, "banner_superseded", link=replacement)
        banners.append(_admonition("danger", t("banner_retired"), f"<p>{retired}</p>"))
    elif procedure.status in ("draft", "in-review"):
        key = "banner_draft" if procedure.status == "draft" else "banner_in_review"
        body = f"<p>{text(t(key + '_text'))}</p>"
        banners.append(_admonition("warning", t(key), body))
    due = procedure.next_review
    if procedure.status == "effective" and due and due < ctx.options.today:
        overdue_text = translated(
            t, "banner_overdue_text", date=due.isoformat(), owner=role_link(ctx, procedure.owner)
        )
        banners.append(_admonition("warning", t("banner_overdue"), f"<p>{overdue_text}</p>"))
    return banners


def _bullets(items: tuple[str, ...], ctx: StepContext) -> str:
    """A list of Markdown items; an item of more than one line or paragraph is converted with
    the whole list, as the list's Markdown was before."""
    inner = [inline_fragment(item) if "\n" not in item.strip() else None for item in items]
    if all(made is not None for made in inner):
        made_list = "".join(f"<li>{made}</li>" for made in inner)
        return on_page(f"<ul>{made_list}</ul>", ctx.page, ctx.options.directory_urls)
    source = "\n".join("- " + indent(markdown(item)).lstrip() for item in items)
    return on_page(fragment_of_markdown(source), ctx.page, ctx.options.directory_urls)


def _prepare(procedure: Procedure, ctx: StepContext) -> list[tuple[str, str, str]]:
    """What the worker needs before step 1: when, before you start, materials, specs."""
    t = ctx.t
    sections = []
    if procedure.trigger:
        sections.append(("when", text(t("when")), field(procedure.trigger, ctx)))
    if procedure.before_you_start:
        before = _bullets(procedure.before_you_start, ctx)
        sections.append(("before", text(t("before")), before))
    if procedure.materials:
        materials = _bullets(procedure.materials, ctx)
        sections.append(("materials", text(t("materials")), materials))
    if procedure.specs:
        # A note sits under its value (one column fewer: the table fits a phone); a blank
        # tolerance stays blank rather than a row of dashes.
        columns = [text(t("spec_item")), text(t("spec_value"))]
        with_tolerance = any(spec.tolerance for spec in procedure.specs)
        columns += [text(t("spec_tolerance"))] if with_tolerance else []
        rows = []
        for spec in procedure.specs:
            value = f"<strong>{text(spec.value)}</strong>"
            if spec.note:
                value += f'<br><span class="sop-spec-note">{text(spec.note)}</span>'
            row = [text(spec.item), value]
            if with_tolerance:
                row.append(text(spec.tolerance) if spec.tolerance else "&nbsp;")
            rows.append(row)
        sections.append(("specs", text(t("specs")), h.table(columns, rows, "specs")))
    return sections


def _prepare_block(sections: list[tuple[str, str, str]], ctx: StepContext) -> str:
    """The sections before the steps, closed: one tap opens them, and the steps stay on the
    first screen (a link to one of their headings opens the block too)."""
    if not sections:
        return ""
    # Not text(): it trims the separator's trailing space ("When to use it,Before you start").
    separator = html.escape(ctx.t("list_separator"), quote=False)
    names = separator.join(heading for _, heading, _ in sections)
    body = "".join(h.heading(2, heading, anchor) + made for anchor, heading, made in sections)
    return f'<details class="sop-prepare"><summary>{names}</summary>{body}</details>'


def _about(procedure: Procedure, ctx: StepContext) -> str:
    """Owner and auditor data: the card (owner, approver, dates), purpose, scope and who."""
    t = ctx.t
    parts = [_card(procedure, ctx)]
    if procedure.purpose:
        parts.append(h.heading(3, text(t("purpose")), "purpose") + field(procedure.purpose, ctx))
    if procedure.scope:
        parts.append(h.heading(3, text(t("scope")), "scope") + field(procedure.scope, ctx))
    if procedure.roles:
        who = "".join(f"<li>{role_link(ctx, role)}</li>" for role in procedure.roles)
        parts.append(h.heading(3, text(t("who")), "who") + f"<ul>{who}</ul>")
    return "".join(parts)


def _steps_section(ctx: StepContext) -> tuple[str, str, str]:
    t, procedure = ctx.t, ctx.procedure
    total = len(procedure.steps)
    count = t("steps_count_one") if total == 1 else t("steps_count", count=total)
    if ctx.total_minutes:
        minutes = format_minutes(ctx.total_minutes, t)
        intro = t("steps_intro", count=count, time=t("about_minutes", minutes=minutes))
    else:
        intro = t("steps_intro_untimed", count=count)
    chart = flowchart_figure(procedure, ctx.manual, t)
    # One block, so a phone can show the chart after the steps (sopgen-pictures.css).
    body = (
        f'<p class="sop-steps-intro">{text(intro)}</p>'
        f'<div class="sop-steps">{chart}{render_steps(ctx)}</div>'
    )
    return ("steps", text(t("steps")), body)


def _after_steps(procedure: Procedure, ctx: StepContext) -> list[tuple[str, str, str]]:
    """Everything after the steps, in one block that a printed checklist leaves out."""
    t, manual = ctx.t, ctx.manual
    sections = []
    if procedure.metrics:
        rows = [
            [text(m.name), text(m.target), text(m.investigate_when), text(m.how_measured)]
            for m in procedure.metrics
        ]
        columns = [text(t(key)) for key in ("metric", "target", "investigate_when")]
        columns.append(text(t("how_measured")))
        metrics = h.table(columns, rows, "metrics", stack=True)
        sections.append(("metrics", text(t("metrics")), metrics))
    if procedure.recurring_questions:
        sections.append(("questions", text(t("questions")), ""))  # made with the page's ids
    if procedure.records:
        records = "".join(f"<li>{text(record)}</li>" for record in procedure.records)
        sections.append(("records", text(t("records")), f"<ul>{records}</ul>"))
    related = ""
    if procedure.supersedes:
        supersedes = procedure_link(ctx, procedure.supersedes)
        related += f"<p>{translated(t, 'supersedes', link=supersedes)}</p>"
    if procedure.related:
        items = "".join(f"<li>{procedure_link(ctx, pid)}</li>" for pid in procedure.related)
        related += f"<ul>{items}</ul>"
    if related:
        sections.append(("related", text(t("related")), related))
    if procedure.references:
        sections.append(("references", text(t("references")), _references(procedure, ctx)))
    if procedure.changes:
        rows = [
            [
                text(change.revision),
                change.date.isoformat(),
                text(change.summary),
                text(role_title(manual, change.by)) if change.by else "",
            ]
            for change in procedure.changes
        ]
        columns = [text(t(key)) for key in ("revision", "change_date", "change_summary")]
        columns.append(text(t("change_by")))
        changes = h.table(columns, rows, "changes", stack=True, name_first=True)
        sections.append(("changes", text(t("changes")), changes))
    sections.append(("about", text(t("about")), _about(procedure, ctx)))
    return sections


def _questions(
    procedure: Procedure, ctx: StepContext, used: set[str]
) -> tuple[str, tuple[TocEntry, ...]]:
    """The questions with their answers; each question a heading whose id the toc extension
    made from its text (unique on the page), and its toc entries."""
    t = ctx.t
    blocks = []
    entries = []
    for question in procedure.recurring_questions:
        heading = text(question.question)
        anchor = unique(slugify(_plain_text(heading), "-"), used)
        made = h.heading(3, heading, anchor)
        if anchor.startswith("__"):
            # Material's own controls have such ids (__search): the page sanitiser used to drop
            # the attribute, and the heading stays without one.
            made = made.replace(f' id="{attr(anchor)}"', "", 1)
        block = [made, field(question.answer, ctx)]
        if question.root_cause:
            block.append(
                f"<p><strong>{text(t('root_cause'))}:</strong> {text(question.root_cause)}</p>"
            )
        step = ctx.step_by_id(question.step) if question.step else None
        if step:
            # The step's own words, so the reader knows where it leads without following it.
            target = f'<a href="#{attr(step.anchor)}">{text(t("step", number=step.number))}</a>'
            block.append(
                f"<p><strong>{text(t('traces_to'))}:</strong> {target}: "
                f"{text(plain(step.text))}</p>"
            )
        blocks.append("".join(block))
        entries.append(h.toc_entry(3, heading, anchor))
    return "".join(blocks), tuple(entries)


def _references(procedure: Procedure, ctx: StepContext) -> str:
    items = []
    for reference in procedure.references:
        title = text(reference.title)
        if reference.url is None:
            items.append(title)
        elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", reference.url):
            url = safe_url(reference.url)
            items.append(f'<a href="{attr(url)}">{title}</a>' if url else title)
        else:  # a path relative to the site root: link it from this page
            path, _, anchor = reference.url.lstrip("/").partition("#")
            if path.endswith(".md"):
                du = ctx.options.directory_urls
                url = h.href(ctx.page, quote(path, safe="/"), anchor or None, directory_urls=du)
            elif path:
                url = h.file_href(ctx.page, path, ctx.options.directory_urls)
                url += f"#{attr(quote(anchor, safe=''))}" if anchor else ""
            else:
                url = f"#{attr(quote(anchor, safe=''))}" if anchor else ""
            items.append(f'<a href="{url}">{title}</a>' if url else title)
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _actions(procedure: Procedure, manual: Manual, options: RenderOptions, t: Strings) -> str:
    links = []
    label = label_link(procedure_path(procedure), procedure, options, t)
    if label:
        links.append(label)
    edit = edit_url(procedure, manual, options)
    if edit:
        links.append(f'<a class="md-button" href="{attr(edit)}">{text(t("edit"))}</a>')
    report = report_url(procedure, manual, options)
    if report:
        links.append(f'<a class="md-button" href="{attr(report)}">{text(t("report"))}</a>')
    sheet = signoff_sheet_link(procedure, options, t)  # training records (people, sign-offs)
    if sheet:
        links.append(sheet)
    if not links:
        return ""
    return f'<div class="sop-actions"><p>{" ".join(links)}</p></div>'

"""Role pages: what each role does — the procedures and steps it performs or checks (as HTML)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from sopgen.model import Category, Manual, Option, Procedure, Role, Step
from sopgen.render.html import attr, href, table, text
from sopgen.render.links import ROLES_INDEX, procedure_path, role_path
from sopgen.render.lists import (
    ITEMS_PER_PAGE,
    body_page,
    html_page,
    link,
    listed,
    markdown_html,
    paragraph,
    per_category,
    section,
)
from sopgen.render.options import HtmlBody, Page, RenderOptions, TocEntry
from sopgen.render.steps import step_roles
from sopgen.render.strings import Strings
from sopgen.render.text import plain


@dataclass
class Involvement:
    """What one role does in one procedure: the steps it performs, named as briefly as they
    can be (a step whose substeps and options the role does too stands for them all: "2", not
    "2, 2.1, 2.2"), and the steps it checks."""

    procedure: Procedure
    performs: list[Step] = field(default_factory=list)
    checks: list[Step] = field(default_factory=list)
    all_steps: bool = False  # performs every step of the procedure

    @property
    def lines(self) -> int:
        """The lines this procedure takes on a role page: its title and a line per step."""
        return 1 + len(self.performs) + len(self.checks)


def involvements(procedure: Procedure) -> dict[str, Involvement]:
    """Every role named in the procedure (for it, a step or a check) and what it does there;
    one pass over the steps for all roles (a page per role would walk them again)."""
    found = {role: Involvement(procedure) for role in procedure.roles}
    # Per step: the roles that do it and everything inside it, and the steps directly inside.
    whole: dict[int, frozenset[str]] = {}
    inside: dict[int, list[Step]] = {}

    def cover(step: Step, inherited: tuple[str, ...]) -> frozenset[str]:
        roles = step_roles(step, inherited)
        done = frozenset(roles)
        inside[id(step)] = inner_steps = _inside(step)
        for inner in inner_steps:
            done &= cover(inner, roles)
        whole[id(step)] = done
        return done

    def name(step: Step, inherited: tuple[str, ...], named: frozenset[str]) -> None:
        roles = step_roles(step, inherited)
        for role in dict.fromkeys(roles) if len(roles) > 1 else roles:  # named twice: once
            if role not in named:
                found.setdefault(role, Involvement(procedure)).performs.append(step)
        if step.verify:
            found.setdefault(step.verify.by, Involvement(procedure)).checks.append(step)
        inner_steps = inside[id(step)]
        if inner_steps:
            named = named | whole[id(step)]
            for inner in inner_steps:
                name(inner, roles, named)

    everything: frozenset[str] | None = None
    for step in procedure.steps:
        done = cover(step, procedure.roles)
        everything = done if everything is None else everything & done
    for step in procedure.steps:
        name(step, procedure.roles, frozenset())
    for role in everything or ():
        found[role].all_steps = True
    return found


def _inside(step: Step) -> list[Step]:
    """The steps directly inside a step: its substeps, then its options' steps."""
    if not step.options:
        return list(step.substeps)
    return [*step.substeps, *(inner for option in step.options for inner in option.steps)]


@dataclass(frozen=True)
class RoleWork:
    """What one role does across the listed procedures, in manual order."""

    items: tuple[Involvement, ...]
    owns: tuple[Procedure, ...]
    approves: tuple[Procedure, ...]

    def in_category(self, category_id: str) -> RoleWork:
        """The role's work in one category."""
        return RoleWork(
            tuple(i for i in self.items if i.procedure.category == category_id),
            tuple(p for p in self.owns if p.category == category_id),
            tuple(p for p in self.approves if p.category == category_id),
        )

    @property
    def entries(self) -> int:
        """The lines this work takes on a page (a procedure's steps each take one)."""
        return sum(item.lines for item in self.items) + len(self.owns) + len(self.approves)

    @property
    def count(self) -> int:
        """Procedures that involve the role: performed, checked, owned or approved."""
        ids = {i.procedure.id for i in self.items}
        ids |= {p.id for p in self.owns} | {p.id for p in self.approves}
        return len(ids)


def role_work(manual: Manual, options: RenderOptions) -> dict[str, RoleWork]:
    """Every role's work, worked out in one pass over the manual."""
    procedures = [p for p in manual.procedures if listed(p, options)]
    items: dict[str, list[Involvement]] = {role.id: [] for role in manual.roles}
    for procedure in procedures:
        for role_id, item in options.memo.call(involvements, procedure).items():
            items.setdefault(role_id, []).append(item)
    return {
        role.id: RoleWork(
            tuple(items[role.id]),
            tuple(p for p in procedures if p.owner == role.id),
            tuple(p for p in procedures if p.approved_by == role.id),
        )
        for role in manual.roles
    }


def role_part_path(role_id: str, category_id: str) -> str:
    """A part of a big role page, named after its first category; under procedures/ so its
    many links to procedures are short ("../../../kitchen/KT-001/#step-2")."""
    return f"procedures/roles/{role_id}/{category_id}.md"


def role_parts(work: RoleWork, manual: Manual) -> list[list[tuple[Category, RoleWork]]]:
    """The role's categories with its work there, in manual order, packed into parts of up to
    a page's worth of entries (a category bigger than that is a part of its own): whole
    categories per page, and few pages, each of which carries the theme's navigation."""
    parts: list[list[tuple[Category, RoleWork]]] = []
    size = 0
    for category in manual.categories:
        done = work.in_category(category.id)
        if not done.entries:
            continue
        if not parts or size + done.entries > ITEMS_PER_PAGE:
            parts.append([])
            size = 0
        parts[-1].append((category, done))
        size += done.entries
    return parts


def role_pages(manual: Manual, options: RenderOptions) -> list[Page]:
    """roles/index.md and roles/<role>.md; the page of a role in more procedures than a page
    holds lists its categories, and its work is on pages of a few categories each
    (procedures/roles/<role>/<first category>.md: linked from the role page, not the nav)."""
    t = Strings(manual.language)
    work = role_work(manual, options)
    counts = tuple(work[role.id].count for role in manual.roles)
    index = partial(render_roles_index, manual, options, counts)
    pages = [body_page(ROLES_INDEX, t("roles"), index)]
    for role in manual.roles:
        done = work[role.id]
        parts = role_parts(done, manual) if done.entries > ITEMS_PER_PAGE else []
        body = partial(render_role, role, manual, options, done, tuple(map(tuple, parts)))
        pages.append(body_page(role_path(role.id), role.title, body))
        for part in parts:
            path = role_part_path(role.id, part[0][0].id)
            names = part[0][0].title + (f" – {part[-1][0].title}" if len(part) > 1 else "")
            body = partial(render_role_part, role, manual, options, tuple(part))
            pages.append(body_page(path, f"{role.title} · {names}", body, in_nav=False))
    return pages


def _by_category(
    items: Sequence[Involvement], manual: Manual
) -> list[tuple[Category, list[Involvement]]]:
    found = per_category([i.procedure for i in items], manual, lambda _: 1)
    by_id = {id(i.procedure): i for i in items}
    return [(c, [by_id[id(p)] for p in chosen]) for c, chosen, n in found if n]


def with_decisions(procedure: Procedure) -> Iterator[tuple[Step, tuple[Step, Option] | None]]:
    """Every step in reading order with the nearest decision around it and the option it is
    in (None outside any option): the context a step needs to be understood alone."""

    def walk(
        step: Step, around: tuple[Step, Option] | None
    ) -> Iterator[tuple[Step, tuple[Step, Option] | None]]:
        yield step, around
        for substep in step.substeps:
            yield from walk(substep, around)
        for option in step.options:
            for inner in option.steps:
                yield from walk(inner, (step, option))

    for step in procedure.steps:
        yield from walk(step, None)


STEP_TEXT_LIMIT = 140  # characters of a step's text on a role page: about two lines on a phone


def _procedure_item(item: Involvement, page: str, options: RenderOptions, language: str) -> str:
    """One procedure on a role page: its title, then each step the role performs or checks
    with its number and text, linked to the step; a step inside a decision says the question
    and the option above it, as the procedure page does."""
    t = Strings(language)
    procedure = item.procedure
    url = href(page, procedure_path(procedure), None, options.directory_urls)
    # The role's few steps picked out in one walk of the procedure, in its reading order
    # (a step it performs before one it checks), each with its decision: one walk, where
    # sorting them by an index of every step and a map of the decisions took three.
    performs = {id(step) for step in item.performs}
    checks = {id(step) for step in item.checks}
    lines = []
    for step, around in with_decisions(procedure):
        if id(step) in performs:
            lines.append(_step_line(step, False, url, around, t))
        if id(step) in checks:
            lines.append(_step_line(step, True, url, around, t))
    title = f'<a href="{url}">{text(f"{procedure.id} {procedure.title}")}</a>'
    every = f'<p class="sop-role-all">{text(t("role_all_steps"))}</p>' if item.all_steps else ""
    steps = f'<ul class="sop-role-steps">{"".join(lines)}</ul>' if lines else ""
    return f'<li class="sop-role-procedure">{title}{every}{steps}</li>'


def _step_line(
    step: Step, checks: bool, url: str, around: tuple[Step, Option] | None, t: Strings
) -> str:
    """A step as a role sees it: number, what to do (or what to check), linked to the step."""
    context = ""
    if around is not None:
        decision, option = around
        question = plain(decision.text, limit=STEP_TEXT_LIMIT)
        when = plain(t("option_if", when=option.when), limit=STEP_TEXT_LIMIT)
        context = (
            f'<span class="sop-role-context" dir="auto">{text(decision.number)} '
            f"{text(question)} {text(when)}</span>"
        )
    words = plain(step.verify.check if checks and step.verify else step.text, STEP_TEXT_LIMIT)
    label = f'<strong class="sop-role-check">{text(t("role_checks"))}:</strong> ' if checks else ""
    # Step numbers and anchors are made by the model from schema-checked ids: escaped anyway.
    return (
        f'<li>{context}<a href="{url}#{attr(step.anchor)}">'
        f'<span class="sop-role-number">{text(step.number)}</span> {label}'
        f'<span dir="auto">{text(words)}</span></a></li>'
    )


def render_role(
    role: Role,
    manual: Manual,
    options: RenderOptions,
    work: RoleWork,
    parts: tuple[tuple[tuple[Category, RoleWork], ...], ...],
) -> HtmlBody:
    """roles/<role>.md: every current procedure this role performs or checks, by category,
    with the steps, then those it owns and approves; for a role with too much for one page,
    its categories with how many procedures each, linked to the pages that hold them."""
    t = Strings(manual.language)
    page = role_path(role.id)
    blocks = [markdown_html(role.description, page, options)] if role.description else []
    sections: list[TocEntry] = []
    if parts:
        items = []
        for part in parts:
            target = role_part_path(role.id, part[0][0].id)
            for category, done in part:
                # Where its work starts on that page: its heading, or the owned or approved.
                anchor = category.id if done.items else "owns" if done.owns else "approves"
                entry = link(text(category.title), page, target, options, anchor)
                items.append(f"<li>{entry} ({done.count})</li>")
        blocks.append(f"<ul>{''.join(items)}</ul>")
    else:
        _work_blocks(work, manual, page, options, t, blocks, sections)
    if not work.count:
        blocks.append(paragraph(text(t("role_nothing"))))
    return html_page(t("role_title", role=role.title), blocks, sections)


def render_role_part(
    role: Role, manual: Manual, options: RenderOptions, part: tuple[tuple[Category, RoleWork], ...]
) -> HtmlBody:
    """procedures/roles/<role>/<category>.md: the role's work in a few categories, as on a role
    page of a smaller manual."""
    t = Strings(manual.language)
    page = role_part_path(role.id, part[0][0].id)
    back = link(text(t("role_title", role=role.title)), page, role_path(role.id), options)
    blocks, sections = [paragraph(back)], list[TocEntry]()
    work = RoleWork(
        tuple(i for _, done in part for i in done.items),
        tuple(p for _, done in part for p in done.owns),
        tuple(p for _, done in part for p in done.approves),
    )
    _work_blocks(work, manual, page, options, t, blocks, sections)
    names = part[0][0].title + (f" – {part[-1][0].title}" if len(part) > 1 else "")
    return html_page(f"{t('role_title', role=role.title)} · {names}", blocks, sections)


def _work_blocks(
    work: RoleWork,
    manual: Manual,
    page: str,
    options: RenderOptions,
    t: Strings,
    blocks: list[str],
    sections: list[TocEntry],
) -> None:
    """The procedures under a heading per category, then those owned and approved."""
    for category, items in _by_category(work.items, manual):
        target = link(text(category.title), page, f"procedures/{category.id}/index.md", options)
        h2, entry = section(target, category.title, category.id)
        lines = "".join(
            options.memo.call(_procedure_item, item, page, options, t.language) for item in items
        )
        blocks += [h2, f"<ul>{lines}</ul>"]
        sections.append(entry)
    _in_charge(work, page, options, t, blocks, sections)


def _in_charge(
    work: RoleWork,
    page: str,
    options: RenderOptions,
    t: Strings,
    blocks: list[str],
    sections: list[TocEntry],
) -> None:
    """The procedures the role owns and approves, each list under its heading."""
    for key, anchor, chosen in (
        ("role_owns", "owns", work.owns),
        ("role_approves", "approves", work.approves),
    ):
        if chosen:
            h2, entry = section(text(t(key)), t(key), anchor)
            links = "".join(
                f"<li>{link(text(f'{p.id} {p.title}'), page, procedure_path(p), options)}</li>"
                for p in chosen
            )
            blocks += [h2, f"<ul>{links}</ul>"]
            sections.append(entry)


def render_roles_index(manual: Manual, options: RenderOptions, counts: tuple[int, ...]) -> HtmlBody:
    """roles/index.md: every role with what it is and how many procedures involve it."""
    t = Strings(manual.language)
    rows = [
        [
            link(text(role.title), ROLES_INDEX, role_path(role.id), options),
            text(plain(role.description, limit=200)),
            str(count),
        ]
        for role, count in zip(manual.roles, counts, strict=True)
    ]
    columns = [text(t("role")), text(t("description")), text(t("procedures"))]
    blocks = [paragraph(text(t("roles_intro"))), table(columns, rows, "roles")]
    return html_page(t("roles"), blocks)

"""The steps of a procedure page as HTML: numbered blocks with role, why, checks and decisions."""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from sopgen.model import Manual, Procedure, Step
from sopgen.render import html as h
from sopgen.render.fragments import fragment, on_page, paragraph_inner, with_lead
from sopgen.render.links import is_published, procedure_path, role_path
from sopgen.render.options import RenderOptions
from sopgen.render.strings import Strings

# The same labels, role titles and numbers are escaped on every page: once is enough.
text = lru_cache(maxsize=1 << 16)(h.text)
attr = lru_cache(maxsize=1 << 16)(h.attr)

# Where translated() puts a value in its sentence: a private-use mark around the value's name.
_VALUE_MARK = re.compile("\ue000(\\w+)\ue001")
# Material's admonition types for our four kinds: a warning is about danger to people.
ADMONITION_TYPES = {"warning": "danger", "caution": "warning", "note": "note", "tip": "tip"}


@dataclass(frozen=True)
class StepContext:
    """What every step on one page needs to render."""

    manual: Manual
    procedure: Procedure
    options: RenderOptions
    page: str
    t: Strings

    @cached_property
    def all_steps(self) -> tuple[Step, ...]:
        return tuple(self.procedure.all_steps())

    @cached_property
    def total_minutes(self) -> float:
        return sum(step.minutes or 0 for step in self.all_steps)

    @cached_property
    def folder(self) -> str:
        return posixpath.dirname(self.page)

    @cached_property
    def role_titles(self) -> dict[str, str]:
        return {role.id: role.title for role in reversed(self.manual.roles)}  # first id wins

    def step_by_id(self, step_id: str) -> Step | None:
        return next((step for step in self.all_steps if step.id == step_id), None)


def step_roles(step: Step, inherited: tuple[str, ...]) -> tuple[str, ...]:
    """Who performs a step: its own role, else its parent's, else the procedure's roles."""
    return (step.role,) if step.role else inherited


def walk_with_roles(
    steps: tuple[Step, ...], inherited: tuple[str, ...]
) -> Iterator[tuple[Step, tuple[str, ...]]]:
    """Every step in reading order with the roles that perform it."""
    for step in steps:
        roles = step_roles(step, inherited)
        yield step, roles
        yield from walk_with_roles(step.substeps, roles)
        for option in step.options:
            yield from walk_with_roles(option.steps, roles)


def format_minutes(minutes: float, t: Strings) -> str:
    """0.5 → "30 s"; 2.5 → "2.5 min"; 60 → "1 h"; 90 → "1 h 30 min" (in the page's language)."""
    return _format_minutes(minutes, t.language)


# The same few durations on every step of every page: each is worded once per language.
@lru_cache(maxsize=4096)
def _format_minutes(minutes: float, language: str) -> str:
    t = Strings(language)
    if minutes < 1:
        seconds = max(1, _half_up(minutes * 60))
        if seconds < 60:
            return t.count("seconds", seconds, n=seconds)
        minutes = 1
    if minutes < 10 and _half_up(minutes * 10) % 10:
        # Short steps keep a tenth ("2.5 min"); longer times are rounded to whole minutes.
        tenths = _half_up(minutes * 10)
        return t.count("minutes", tenths / 10, n=f"{tenths // 10}.{tenths % 10}")
    whole = _half_up(minutes)
    hours, rest = divmod(whole, 60)
    if not hours:
        return t.count("minutes", rest, n=rest)
    hours_text = t.count("hours", hours, n=hours)
    if not rest:
        return hours_text
    return t("hours_minutes", hours=hours_text, minutes=t.count("minutes", rest, n=rest))


def _half_up(value: float) -> int:
    """Round halves up (2.5 → 3), as people do, not to even as round() does; the 1e-9 absorbs
    float sums such as 0.1 + 0.2."""
    return math.floor(value + 0.5 + 1e-9)


def translated(t: Strings, key: str, **html_values: str) -> str:
    """A sentence of the renderer in the page's language as HTML: its words escaped, the
    values (HTML already: links, escaped text) put in their places."""
    marks = {name: f"\ue000{name}\ue001" for name in html_values}  # private-use marks
    sentence = text(t(key, **marks)) if marks else text(t(key))
    if not marks:
        return sentence
    if t.rtl:
        # A Latin name, a number or a link inside a right-to-left sentence keeps its own order
        # and does not pull the words around it into its direction.
        html_values = {name: f"<bdi>{value}</bdi>" for name, value in html_values.items()}
    return _VALUE_MARK.sub(lambda m: html_values[m.group(1)], sentence)


def role_link(ctx: StepContext, role_id: str, css_class: str = "") -> str:
    """The role's title linked to its page (the link of that class, when given)."""
    title = ctx.role_titles.get(role_id, role_id)  # as links.role_title: the id when unknown
    return _role_link(ctx.folder, role_id, title, ctx.options.directory_urls, css_class)


@lru_cache(maxsize=4096)
def _role_link(folder: str, role_id: str, title: str, directory_urls: bool, css_class: str) -> str:
    # Every procedure page of a folder (never an index page) links a role the same way.
    page = f"{folder}/_.md"
    url = h.href(page, role_path(role_id), directory_urls=directory_urls)
    classes = f'class="{css_class}" ' if css_class else ""
    return f'<a {classes}href="{url}">{text(title)}</a>'


def procedure_link(ctx: StepContext, procedure_id: str) -> str:
    """ "CS-002 Refund a payment" linked when its page exists, else plain text that says so."""
    procedure = ctx.manual.procedure(procedure_id)
    if procedure is None or not is_published(procedure, ctx.options):
        return translated(ctx.t, "not_published", id=text(procedure_id))
    url = h.href(ctx.page, procedure_path(procedure), directory_urls=ctx.options.directory_urls)
    return f'<a href="{url}">{text(f"{procedure.id} {procedure.title}")}</a>'


def render_steps(ctx: StepContext) -> str:
    """All steps of the procedure, each a block with its anchor."""
    procedure = ctx.procedure
    return "".join(_step(step, ctx, procedure.roles, shown=()) for step in procedure.steps)


def _step(step: Step, ctx: StepContext, inherited: tuple[str, ...], shown: tuple[str, ...]) -> str:
    t = ctx.t
    roles = step_roles(step, inherited)
    classes = "sop-step"
    if step.critical:
        classes += " sop-critical"
    if step.is_decision:
        classes += " sop-decision"
    anchor = attr(step.anchor)
    # The head paragraph, the instruction, then classed parts: the style sheet finds the first
    # two (and the number, the head's first link) by their place, and draws the print tick box
    # as the head's ::before. No class or element for them on every step of every page.
    head = [f'<a href="#{anchor}">{text(step.number)}</a>']
    if roles and roles != shown:
        head.append(_roles(roles, ctx))
    if step.is_decision:
        head.append(f'<span class="sop-kind">{text(t("decide"))}</span>')
    if step.critical:
        head.append(f'<strong class="sop-critical-flag">⚠ {text(t("critical"))}</strong>')
    if step.minutes:
        head.append(f'<span class="sop-minutes">{text(format_minutes(step.minutes, t))}</span>')
    parts = [
        f'<div class="{classes}" id="{anchor}">',
        f"<p>{' '.join(head)}</p>",
        _instruction(field(step.text, ctx)),
    ]
    if step.why:
        why = text(t("why"))
        lead = with_lead(f"<strong>{why}:</strong>", f"**{why}:**", step.why)
        parts.append(_classed("sop-why", _on_page(lead, ctx)))
    for kind, note in step.admonitions:
        parts.append(
            f'<div class="admonition {ADMONITION_TYPES[kind]}">'
            f'<p class="admonition-title">{text(t(kind))}</p>{field(note, ctx)}</div>'
        )
    if step.image:
        parts.append(_image(step, ctx))
    if step.see:
        see = translated(t, "see", link=procedure_link(ctx, step.see))
        parts.append(f'<p class="sop-see">{see}</p>')
    for option in step.options:
        parts.append(_option(option.when, option.goto, option.steps, ctx, roles))
    for substep in step.substeps:
        parts.append(_step(substep, ctx, roles, roles))
    # What to write down and the second person's check close the step, after its substeps.
    if step.record:
        record = f"<strong>{text(t('record'))}:</strong> {text(step.record)}"
        parts.append(f'<p class="sop-record">{record}</p>')
    if step.verify:
        parts.append(_verify(step, ctx))
    parts.append("</div>")
    return "".join(parts)


def _roles(roles: tuple[str, ...], ctx: StepContext) -> str:
    """Who performs the step: one role is its link; several, their links in one box."""
    if len(roles) == 1:
        return role_link(ctx, roles[0], "sop-role")
    return f'<span class="sop-role">{", ".join(role_link(ctx, role) for role in roles)}</span>'


def _instruction(made: str) -> str:
    """The step's text: one paragraph, or a div around several blocks."""
    return made if paragraph_inner(made) is not None else f"<div>{made}</div>"


def _classed(name: str, made: str) -> str:
    """A field's HTML with a class: its one paragraph gets it, else a div around its blocks."""
    inner = paragraph_inner(made)
    if inner is not None:
        return f'<p class="{name}">{inner}</p>'
    return f'<div class="{name}">{made}</div>'


def field(value: str, ctx: StepContext) -> str:
    """A Markdown field of the procedure as HTML on this page."""
    return on_page(fragment(value), ctx.page, ctx.options.directory_urls)


def _on_page(made: str, ctx: StepContext) -> str:
    return on_page(made, ctx.page, ctx.options.directory_urls)


def _image(step: Step, ctx: StepContext) -> str:
    assert step.image is not None
    target = posixpath.normpath(posixpath.join("procedures", step.image.src))
    src = h.file_href(ctx.page, target, ctx.options.directory_urls)
    # A tap opens the file itself, full size, from the site (offline like the page). The
    # class glightbox is that plugin's own selector: where mkdocs-glightbox is on, the same
    # link zooms in place (it leaves an image that is already inside a link alone).
    image = f'<img alt="{attr(step.image.alt)}" class="sop-image" src="{src}">'
    link = f'<a class="glightbox sop-image-link" href="{src}">'
    return f"<p>{link}{image}</a></p>"


def _verify(step: Step, ctx: StepContext) -> str:
    assert step.verify is not None
    t = ctx.t
    who = translated(t, "checked_by", role=role_link(ctx, step.verify.by))
    return (
        f'<div class="sop-verify"><p><strong>{who}:</strong> {text(step.verify.check)}</p>'
        # Where the checker signs on paper: the print style draws the labelled lines in it.
        '<p class="sop-sign"><span></span><span></span></p></div>'
    )


def _option(
    when: str, goto: str | None, steps: tuple[Step, ...], ctx: StepContext, roles: tuple[str, ...]
) -> str:
    t = ctx.t
    line = f"<strong>{translated(t, 'option_if', when=text(when))}</strong>"
    then = ""
    if goto:
        target = ctx.step_by_id(goto)
        number = target.number if target else goto
        link = f'<a href="#step-{attr(goto)}">{text(t("step", number=number))}</a>'
        # The option's own steps come first; the jump is what follows them.
        if steps:
            then = translated(t, "then_goto", link=link)
        else:
            line += " " + translated(t, "goto", link=link)
    parts = [f'<div class="sop-option"><p>{line}</p>']
    parts += [_step(step, ctx, roles, roles) for step in steps]
    if then:
        parts.append(f'<p class="sop-then">{then}</p>')
    parts.append("</div>")
    return "".join(parts)

"""The steps of a procedure page: numbered blocks with role, why, checks and decisions."""

from __future__ import annotations

import math
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from sopgen.model import Manual, Procedure, Step
from sopgen.render.links import procedure_link, role_link
from sopgen.render.options import RenderOptions
from sopgen.render.strings import Strings
from sopgen.render.text import indent, inline, markdown

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


def render_steps(context: StepContext) -> str:
    """All steps of the procedure, each a block with its anchor."""
    blocks = [
        _step(step, context, context.procedure.roles, shown=()) for step in context.procedure.steps
    ]
    return "\n\n".join(blocks)


def _step(step: Step, ctx: StepContext, inherited: tuple[str, ...], shown: tuple[str, ...]) -> str:
    t = ctx.t
    roles = step_roles(step, inherited)
    classes = ["sop-step", f"sop-depth-{step.depth}"]
    if step.critical:
        classes.append("sop-critical")
    if step.is_decision:
        classes.append("sop-decision")
    head = [
        '<span class="sop-tick" aria-hidden="true"></span>',
        f'[{step.number}](#{step.anchor}){{.sop-num title="{t("step", number=step.number)}"}}',
    ]
    if roles and roles != shown:
        links = ", ".join(role_link(ctx.manual, ctx.page, role) for role in roles)
        head.append(f'<span class="sop-role">{links}</span>')
    if step.is_decision:
        head.append(f'<span class="sop-kind">{t("decide")}</span>')
    if step.critical:
        head.append(f'<strong class="sop-critical-flag">⚠ {t("critical")}</strong>')
    if step.minutes:
        head.append(f'<span class="sop-minutes">{format_minutes(step.minutes, t)}</span>')
    parts = [
        f'<div class="{" ".join(classes)}" id="{step.anchor}" markdown>',
        '<div class="sop-step-head" markdown>',
        " ".join(head),
        "</div>",
        "",
        '<div class="sop-step-text" markdown>',
        markdown(step.text),
        "</div>",
        "",
    ]
    if step.why:
        parts += _block("sop-why", f"**{t('why')}:** {markdown(step.why)}")
    for kind, text in step.admonitions:
        parts += [f'!!! {ADMONITION_TYPES[kind]} "{t(kind)}"', indent(markdown(text)), ""]
    if step.image:
        parts += [_image(step, ctx), ""]
    if step.see:
        see = procedure_link(ctx.manual, ctx.options, ctx.page, step.see)
        parts += _block("sop-see", t("see", link=see))
    for option in step.options:
        parts += _option(option.when, option.goto, option.steps, ctx, roles)
    for substep in step.substeps:
        parts += [_step(substep, ctx, roles, roles), ""]
    # What to write down and the second person's check close the step, after its substeps.
    if step.record:
        parts += _block("sop-record", f"**{t('record')}:** {inline(step.record)}")
    if step.verify:
        parts += _verify(step, ctx)
    parts.append("</div>")
    return "\n".join(parts)


def _block(css_class: str, body: str) -> list[str]:
    return [f'<div class="{css_class}" markdown>', body, "</div>", ""]


def _image(step: Step, ctx: StepContext) -> str:
    assert step.image is not None
    target = posixpath.normpath(posixpath.join("procedures", step.image.src))
    src = posixpath.relpath(target, posixpath.dirname(ctx.page))
    return f"![{inline(step.image.alt)}]({quote(src, safe='/')}){{.sop-image}}"


def _verify(step: Step, ctx: StepContext) -> list[str]:
    assert step.verify is not None
    t = ctx.t
    who = role_link(ctx.manual, ctx.page, step.verify.by)
    sign = (
        f'{t("sign_checked")} <span class="sop-blank"></span> '
        f'{t("sign_signature")} <span class="sop-blank"></span> '
        f'{t("sign_date")} <span class="sop-blank"></span>'
    )
    return [
        '<div class="sop-verify" markdown>',
        f"**{t('checked_by', role=who)}:** {inline(step.verify.check)}",
        "",
        f'<p class="sop-sign">{sign}</p>',
        "</div>",
        "",
    ]


def _option(
    when: str, goto: str | None, steps: tuple[Step, ...], ctx: StepContext, roles: tuple[str, ...]
) -> list[str]:
    t = ctx.t
    line = f"**{t('option_if', when=inline(when))}**"
    then = ""
    if goto:
        target = ctx.procedure.step_by_id(goto)
        number = target.number if target else goto
        link = f"[{t('step', number=number)}](#step-{goto})"
        # The option's own steps come first; the jump is what follows them.
        if steps:
            then = t("then_goto", link=link)
        else:
            line += " " + t("goto", link=link)
    parts = ['<div class="sop-option" markdown>', line, ""]
    for step in steps:
        parts += [_step(step, ctx, roles, roles), ""]
    if then:
        parts += [f"{then}\n{{.sop-then}}", ""]
    parts += ["</div>", ""]
    return parts

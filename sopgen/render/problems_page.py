"""The live preview's problem page: what stands where a procedure's page would, while its
file has errors (as HTML; every message escaped)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import partial

from sopgen.problems import Problem
from sopgen.render.lists import body_page, html_page, paragraph
from sopgen.render.options import HtmlBody, Page

# `name` in a message is code; the rest is text. Applied after escaping: it adds tags only.
_CODE = re.compile(r"`([^`]+)`")


def problem_page(path: str, shown: str, problems: Sequence[Problem], others: int) -> Page:
    """A page at ``path`` (a procedure page's docs path) listing the problems of the file
    ``shown`` (its path as problems name it); ``others``: problems in other files."""
    title = f"Problems in {shown}"
    return body_page(path, title, partial(render_problems, title, tuple(problems), others), False)


def render_problems(title: str, problems: tuple[Problem, ...], others: int) -> HtmlBody:
    """Each problem as `file:line:col`, its severity, the message with its fix, and its rule."""
    intro = (
        "This page stands in for the procedure while its file has errors. Fix each problem "
        "below and save: the preview rebuilds and shows the procedure again by itself."
    )
    items = "".join(_item(problem) for problem in problems)
    blocks = [paragraph(html.escape(intro)), f'<ul class="sop-problems">{items}</ul>']
    if others:
        noun = "problem" if others == 1 else "problems"
        blocks.append(
            paragraph(
                f"{others} more {noun} in other files: see the terminal that runs the "
                "preview, or run <code>sopgen validate</code>."
            )
        )
    return html_page(title, blocks)


def _item(problem: Problem) -> str:
    where = html.escape(f"{problem.path}:{problem.line}:{problem.col}")
    severity = html.escape(problem.severity.value)
    message = _CODE.sub(r"<code>\1</code>", html.escape(problem.message, quote=False))
    rule = html.escape(problem.rule)
    return (
        f'<li class="sop-problem sop-problem-{severity}"><code>{where}</code> '
        f"<strong>{severity}</strong>: {message} <code>[{rule}]</code></li>"
    )

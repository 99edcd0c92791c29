"""The build's own lines: what is about to be rendered, notes, and the manual's problems."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from sopgen.problems import Problem
from sopgen.terminal import printable
from sopgen.validate.pipeline import counts_as_strict

if TYPE_CHECKING:
    from sopgen.model import Manual
    from sopgen.render import RenderOptions

log = logging.getLogger("mkdocs.plugins.sopgen")

NO_SITE_URL = (
    "No site_url in mkdocs.yml: printed procedures and labels get no QR code "
    "(set it to the manual's published address)."
)


def rendering_message(manual: Manual, options: RenderOptions) -> str:
    """What is about to be rendered, and what is left out (so the count after the build agrees)."""
    from sopgen.render.links import is_published

    shown = sum(is_published(procedure, options) for procedure in manual.procedures)
    left_out = len(manual.procedures) - shown
    unpublished = f" ({left_out} drafts or in review left out; --drafts includes them)"
    noun = "procedure" if shown == 1 else "procedures"
    return f"Rendering {shown} {noun}" + (unpublished if left_out else "")


def note(message: str, progress: Callable[[str], None] | None) -> None:
    """One line of the build's output: sopgen build's progress, else MkDocs' INFO log."""
    if progress:
        progress(message)
    else:
        log.info(message)


def log_problem(problem: Problem) -> None:
    """A problem of the manual in MkDocs' log."""
    # Warnings, not errors, so `mkdocs serve` keeps serving; `--strict` fails on them. An overdue
    # review is logged as information: it is the manual's state on the day (the Review page
    # shows it), and `--strict` must not fail on it (see pipeline.counts_as_strict).
    message = (
        f"{printable(problem.path)}:{problem.line}:{problem.col}: {problem.severity}: "
        f"{printable(problem.message)} [{problem.rule}]"
    )
    if problem.is_error or counts_as_strict(problem):
        log.warning(message)
    else:
        log.info(message)

"""Digests of what a procedure page is made from, so live preview re-renders only the pages
a save changed.

A procedure page shows its own procedure, plus a few things from the rest of the manual: the
manual's settings, categories, roles and glossary, other procedures' ids, titles, categories
and statuses (links, "superseded by", related procedures), and the run records (its Runs
section). ``shared_inputs_key`` digests those; ``own_key`` the procedure itself. Two renders
with equal keys give the same page (tests/test_render_keys.py checks the renderer reads
nothing else).
"""

from __future__ import annotations

import hashlib

from sopgen.model import Manual, Procedure
from sopgen.render.options import RenderOptions


def shared_inputs_key(manual: Manual, options: RenderOptions) -> str:
    """What every procedure page may read besides its own procedure."""
    digest = hashlib.blake2b(digest_size=20)
    settings = (
        manual.title,
        manual.organization,
        manual.language,
        manual.review_every_months,
        manual.report_problem_url,
        manual.edit_url,
        manual.categories,
        manual.roles,
        manual.glossary,
        options,
    )
    digest.update(repr(settings).encode())
    for procedure in manual.procedures:
        summary = (procedure.id, procedure.title, procedure.category, procedure.status)
        digest.update(repr(summary).encode())
    digest.update(repr(manual.runs).encode())  # a page's Runs section
    return digest.hexdigest()


def own_key(procedure: Procedure) -> str:
    """The procedure itself (every field; the page shows most of them)."""
    return hashlib.blake2b(repr(procedure).encode(), digest_size=20).hexdigest()

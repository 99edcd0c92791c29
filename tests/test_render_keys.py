"""The digests live preview keys procedure pages by cover everything the renderer reads."""

from __future__ import annotations

import dataclasses

from render_support import TODAY, load

from sopgen.model import Manual
from sopgen.render import RenderOptions, render_procedure_body
from sopgen.render.keys import shared_inputs_key
from sopgen.render.links import is_published

OPTIONS = RenderOptions(today=TODAY, include_drafts=True)


def test_shared_inputs_key_covers_what_a_page_reads_of_the_others() -> None:
    manual = load("full")
    key = shared_inputs_key(manual, OPTIONS)
    fh001, other = manual.procedure("FH-001"), manual.procedure("FH-002")
    assert fh001 is not None and other is not None and "FH-002" in fh001.related

    def with_other(**change: object) -> Manual:
        changed = dataclasses.replace(other, **change)  # type: ignore[arg-type]
        procedures = tuple(changed if p is other else p for p in manual.procedures)
        return dataclasses.replace(manual, procedures=procedures)

    # Another procedure's own content: no page but its own shows it.
    steps_changed = with_other(steps=other.steps[:1], summary="x")
    assert shared_inputs_key(steps_changed, OPTIONS) == key
    # What links to it show: its title, status (published or not), category (its URL).
    for change in ({"title": "Renamed"}, {"status": "draft"}, {"category": "kitchen"}):
        assert shared_inputs_key(with_other(**change), OPTIONS) != key, change
    assert shared_inputs_key(manual, dataclasses.replace(OPTIONS, directory_urls=False)) != key
    roles = tuple(dataclasses.replace(r, title=r.title + "!") for r in manual.roles)
    assert shared_inputs_key(dataclasses.replace(manual, roles=roles), OPTIONS) != key
    # And the page itself agrees: another procedure's steps leave it as it was, its title not.
    page = render_procedure_body(fh001, manual, OPTIONS)
    assert render_procedure_body(fh001, steps_changed, OPTIONS) == page
    assert render_procedure_body(fh001, with_other(title="Renamed"), OPTIONS) != page


def test_a_procedure_shows_nothing_of_another_beyond_the_shared_inputs() -> None:
    manual = load("full")
    pages = {p.id: render_procedure_body(p, manual, OPTIONS) for p in manual.procedures}
    for other in manual.procedures:
        # Everything of it but what the shared key covers (id, title, category, status).
        rewritten = dataclasses.replace(
            other,
            summary="Other words",
            purpose="Other *purpose*",
            owner="barista",
            steps=other.steps[:1],
            related=(),
            recurring_questions=(),
            references=(),
            changes=(),
            tags=("new",),
        )
        procedures = tuple(rewritten if p is other else p for p in manual.procedures)
        changed = dataclasses.replace(manual, procedures=procedures)
        assert shared_inputs_key(changed, OPTIONS) == shared_inputs_key(manual, OPTIONS)
        for procedure in manual.procedures:
            if procedure is not other and is_published(procedure, OPTIONS):
                again = render_procedure_body(procedure, changed, OPTIONS)
                assert again == pages[procedure.id], (other.id, procedure.id)

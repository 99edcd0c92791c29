"""Role pages in Chromium on the example manual: each step with its words, and a link that lands
on the step with its decision's question in view, on a phone and a desktop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import test_browser as shared
from axe_check import serious_violations

from sopgen.model import Manual

pytestmark = [pytest.mark.browser, pytest.mark.slow]

Sites = dict[str, tuple[str, Manual]]
screenshot = shared.screenshot
# The browser, the served sites and the recording page of the shared browser tests.
axe, browser, page, served = shared.axe, shared.browser, shared.page, shared.served

# Where a link landed: the header's bottom, the step's number line and text, and (for a step
# inside a decision) the decision's question, each as [top, bottom] in the viewport.
LANDED = """id => {
  const step = document.getElementById(id);
  const box = e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; };
  const decision = step.parentElement.closest('.sop-decision');
  const line = step.children[0], words = step.children[1];
  const middle = box(line);
  const x = line.getBoundingClientRect().left + 4, y = (middle[0] + middle[1]) / 2;
  return {
    header: document.querySelector('.md-header').getBoundingClientRect().bottom,
    number: box(line), words: box(words), height: innerHeight,
    question: decision ? box(decision.children[1]) : null,
    questionText: decision ? decision.children[1].textContent : null,
    onTop: step.contains(document.elementFromPoint(x, y)),
  };
}"""


def _role_links(page: Any) -> list[dict[str, str]]:
    return list(
        page.eval_on_selector_all(
            ".sop-role-steps a",
            """links => links.map(a => ({
                href: a.href,
                context: (a.parentElement.querySelector('.sop-role-context') || {}).textContent
                    || '',
                number: a.querySelector('.sop-role-number').textContent,
            }))""",
        )
    )


def _seen(key: str, seen: set[str]) -> bool:
    found = key in seen
    seen.add(key)
    return found


def test_each_role_page_lists_its_steps_with_their_words(served: Sites, page: Any) -> None:
    base, manual = served["example"]
    page.set_viewport_size({"width": 390, "height": 844})
    total = 0
    for role in manual.roles:
        page.goto(f"{base}roles/{role.id}/")
        for line in page.locator(".sop-role-steps > li").all():
            words = line.locator("a > [dir=auto]").inner_text()
            assert len(words) > 3, (role.id, line.inner_html())
            total += 1
    assert total > 40  # every role's part, not just step numbers
    page.goto(f"{base}roles/support-agent/")
    screenshot(page, "role-page-phone", full_page=True)


def test_a_link_lands_on_the_step_with_its_question_in_view(served: Sites, page: Any) -> None:
    base, manual = served["example"]
    in_decisions = 0
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        links = []
        for role in manual.roles:
            page.goto(f"{base}roles/{role.id}/")
            links += _role_links(page)
        assert links
        # Every link inside a decision; of the others, the first to each procedure on the
        # phone (a page load each: the rest land the same way).
        seen: set[str] = set()
        links = [
            link
            for link in links
            if link["context"]
            or (width == 390 and not _seen(link["href"].split("#")[0], seen))
        ]
        for link in links:
            page.goto(link["href"])
            page.wait_for_load_state("load")
            anchor = link["href"].rsplit("#", 1)[1]
            place = page.wait_for_function(f"({LANDED})({anchor!r})").json_value()
            # The step's number and words are on the screen, below the header, not covered.
            assert place["number"][0] >= place["header"] - 1, (width, link, place)
            assert place["words"][1] <= place["height"], (width, link, place)
            assert place["onTop"], (width, link, place)
            if link["context"]:
                in_decisions += 1
                question = place["question"]
                # The question is on the screen, above the step.
                assert question is not None, link
                assert place["header"] - 1 <= question[0] < question[1] <= place["number"][0]
                assert place["questionText"].strip() in link["context"]
                if anchor == "step-faulty" and width == 390:
                    screenshot(page, "role-link-landing-phone")
    assert in_decisions >= 2  # CS-004's step 2c.1, at both sizes


def test_role_page_has_no_serious_accessibility_violation(
    served: Sites, axe: Path, page: Any
) -> None:
    base, _ = served["example"]
    for width, scheme in ((390, "light"), (1280, "dark")):
        page.set_viewport_size({"width": width, "height": 900})
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{base}roles/support-agent/")
        if scheme == "dark":  # Material's palette toggle: the slate scheme
            page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        serious = serious_violations(page, axe)
        assert serious == [], "\n".join(serious)

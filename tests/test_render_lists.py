"""The pages that list procedures stay small as the manual grows: past a page's worth of
entries they become an index of per-category pages, and every link on them reaches a page."""

from __future__ import annotations

import dataclasses
import posixpath
import re

from render_support import TODAY, Elements, load

from sopgen.model import Manual
from sopgen.render import RenderOptions, render_site
from sopgen.render.html import href, url_of
from sopgen.render.lists import ITEMS_PER_PAGE

OPTIONS = RenderOptions(today=TODAY)


def _grown(copies: int) -> Manual:
    """The fixture manual with ``copies`` more copies of a procedure with steps, metrics and
    questions (front of house; the barista and the shift lead work in it)."""
    manual = load("full")
    template = manual.procedure("FH-001")
    assert template is not None
    extra = tuple(
        dataclasses.replace(template, id=f"FH-{n:03d}", title=f"Extra {n}")
        for n in range(100, 100 + copies)
    )
    return dataclasses.replace(manual, procedures=manual.procedures + extra)


def _html(manual: Manual, options: RenderOptions = OPTIONS) -> dict[str, str]:
    return {
        page.path: page.body().content
        for page in render_site(manual, options)
        if page.body is not None
    }


def test_small_manual_lists_everything_on_one_page() -> None:
    pages = _html(load("full"))
    assert not any("/roles/" in path or path.endswith("/questions.md") for path in pages)
    assert '<ul class="sop-questions">' in pages["questions.md"]
    assert "<table>" in pages["procedures/index.md"]


def test_big_manual_gets_a_page_per_category() -> None:
    pages = _html(_grown(ITEMS_PER_PAGE + 10))
    # Front of house holds more than a page: the lists point to its own pages instead.
    for whole, part, anchor in (
        ("roles/barista.md", "procedures/roles/barista/front-of-house.md", "front-of-house"),
        ("questions.md", "procedures/front-of-house/questions.md", None),
        ("metrics.md", "procedures/front-of-house/metrics.md", None),
    ):
        assert part in pages, part
        assert f'<a href="{href(whole, part, anchor)}">Front of house</a> (' in pages[whole]
        assert "Extra 100" not in pages[whole]
    assert "Extra 100" not in pages["procedures/index.md"]
    assert '<a href="front-of-house/">Front of house</a> (' in pages["procedures/index.md"]
    # The barista's page lists its categories; its work is on pages of a few categories each,
    # as a role page of a small manual shows it.
    part = pages["procedures/roles/barista/front-of-house.md"]
    fh100 = "../../../front-of-house/FH-100/"
    assert f'<li class="sop-role-procedure"><a href="{fh100}">FH-100 Extra 100</a>' in part
    assert f'<a href="{fh100}#step-calibrate"><span class="sop-role-number">2</span>' in part
    assert '<h2 id="front-of-house">' in part
    # A role in few procedures keeps one page with the steps.
    assert not any(path.startswith("procedures/roles/cook/") for path in pages)
    assert "Read each fridge thermometer and log it.</span></a>" in pages["roles/cook.md"]
    # The owner of many has a page per category too, with what it owns there.
    assert "FH-100" not in pages["roles/shift-lead.md"]
    part = pages["procedures/roles/shift-lead/front-of-house.md"]
    owns = part.partition('id="owns"')[2]
    assert f'<li><a href="{fh100}">FH-100 Extra 100</a></li>' in owns
    questions = pages["procedures/front-of-house/questions.md"]
    assert '<a href="../FH-100/#questions">FH-100 Extra 100</a>' in questions


def test_list_pages_stay_small_as_the_manual_grows() -> None:
    small = _html(_grown(ITEMS_PER_PAGE + 10))
    big = _html(_grown(2 * ITEMS_PER_PAGE))
    # A page holds at most a page's worth per category (one category grows here, so its own
    # pages grow with it: the bound is per category); the others stay as they are.
    for path, html in big.items():
        # The review list grows with the procedures overdue (left as it is: a list to clear).
        grows = ("procedures/front-of-house/", "procedures/roles/", "review.md")
        if not path.startswith(grows):
            assert len(html) <= len(small[path]) + 200, path


def test_every_link_on_a_list_page_reaches_a_page_and_its_anchor() -> None:
    manual = _grown(ITEMS_PER_PAGE + 10)
    for directory_urls in (True, False):
        options = dataclasses.replace(OPTIONS, directory_urls=directory_urls)
        site = render_site(manual, options)
        by_url = {url_of(page.path, directory_urls): page for page in site}
        anchors = {}
        for page in site:
            text = page.body().content if page.body is not None else page.markdown
            ids = set(re.findall(r'id="([^"]+)"', text)) | set(re.findall(r"\{#([\w-]+)", text))
            anchors[page.path] = ids
        for page in site:
            if page.body is None or page.source is not None:  # list pages only
                continue
            base = url_of(page.path, directory_urls)
            for found_href in Elements(page.body().content).hrefs():
                target, _, anchor = found_href.partition("#")
                if target:
                    folder = base if base.endswith("/") else posixpath.dirname(base)
                    url = posixpath.normpath(posixpath.join(folder, target))
                    url = url + "/" if target.endswith("/") and url != "." else url
                    found = by_url.get("./" if url == "." else url)
                    assert found is not None, (page.path, found_href)
                else:
                    found = page
                if anchor:
                    assert anchor in anchors[found.path], (page.path, found_href)


def test_links_in_descriptions_go_where_mkdocs_sent_them() -> None:
    manual = load("full")
    role = dataclasses.replace(manual.roles[0], description="See the [review list](../review.md).")
    pages = _html(dataclasses.replace(manual, roles=(role, *manual.roles[1:])))
    assert '<p>See the <a href="../../review/">review list</a>.</p>' in pages[f"roles/{role.id}.md"]

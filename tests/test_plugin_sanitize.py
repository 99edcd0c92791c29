"""The adapter's second wall: generated page HTML reduced to the allowlist (nh3)."""

from __future__ import annotations

import dataclasses

import pytest
from render_support import (
    TODAY,
    Elements,
    load,
    without_drawings,
    without_print_style,
    without_run_data,
)

from sopgen.model import Image, Manual, Question, Reference, Term
from sopgen.render import RenderOptions, render_procedure_body, render_site
from sopgen.render.sanitize import sanitize_html

KEPT = [
    '<div class="sop-step" id="step-listen"><p><a href="#step-listen">1</a></p><p>Do it.</p></div>',
    '<a class="sop-role" href="../../../roles/support-lead/">Support lead</a>',
    '<a href="../../../roles/support-lead/">Support lead</a>',
    '<a href="https://example.com/m.pdf">Manual</a>',
    '<a href="mailto:ops@example.org">Mail</a>',
    '<a href="tel:+441234">Call</a>',
    '<img alt="The pairing button" src="../images/reader.png">',
    '<abbr class="sop-term" tabindex="0" data-sop-definition="Return number.">RMA</abbr>',
    '<details class="note" open=""><summary>Note</summary><p>x</p></details>',
    '<div class="admonition warning"><p class="admonition-title">Warning</p></div>',
    '<h2 id="steps">Steps<a class="headerlink" href="#steps" title="Permanent link">¶</a></h2>',
    '<input type="checkbox" disabled="">',
    "<table><thead><tr><th>ID</th></tr></thead><tbody><tr><td>CS-001</td></tr></tbody></table>",
    '<p class="sop-sign"><span></span><span></span></p>',
]


@pytest.mark.parametrize("html", KEPT)
def test_what_the_renderer_emits_survives(html: str) -> None:
    assert sanitize_html(html) == html


DROPPED = {
    "<p>a<script>alert(1)</script>b</p>": "<p>ab</p>",
    '<a href="javascript:alert(1)">x</a>': "<a>x</a>",
    '<a href=" JaVaScRiPt:alert(1)">x</a>': "<a>x</a>",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>': "<a>x</a>",
    '<img src="x" onerror="alert(1)">': '<img src="x">',
    '<p onclick="alert(1)" class="sop-x">t</p>': '<p class="sop-x">t</p>',
    "<p>a<!-- material/tags -->b</p>": "<p>ab</p>",
    '<iframe src="https://evil.example/"></iframe>': "",
    '<div class="mermaid">graph TD</div>': "<div>graph TD</div>",
    '<div id="__search">x</div>': "<div>x</div>",
    '<input type="text" value="x">': "<input>",
    "<style>body{display:none}</style><p>t</p>": "<p>t</p>",
    '<p style="background:url(https://evil.example/t.png)">t</p>': "<p>t</p>",
    '<form action="https://evil.example/"><button>Go</button></form>': "Go",
    # The theme's tooltips show a title as HTML: only the permalink's own title is kept.
    '<a href="x" title="&lt;img src=x onerror=alert(1)&gt;">x</a>': '<a href="x">x</a>',
    '<img src="x" alt="a" title="t">': '<img src="x" alt="a">',
    '<abbr title="&lt;b&gt;">RMA</abbr>': "<abbr>RMA</abbr>",
    '<abbr tabindex="-1" data-x="1">RMA</abbr>': "<abbr>RMA</abbr>",
}


@pytest.mark.parametrize(("html", "expected"), DROPPED.items())
def test_script_links_and_network_hooks_are_dropped(html: str, expected: str) -> None:
    assert sanitize_html(html) == expected


# Procedure pages are rendered straight to HTML and not sanitised by the adapter: the renderer
# escapes every YAML string and sanitises Markdown fields itself. Proved here on the hostile
# fixture, and on the places that path writes YAML into (attributes, hrefs, ids, abbr titles).
def _procedure_pages(manual: Manual, options: RenderOptions) -> dict[str, str]:
    return {
        page.path: page.body().content
        for page in render_site(manual, options)
        if page.body is not None
    }


def _tags(html: str) -> list[tuple[str, dict[str, str]]]:
    return Elements(html).tags


@pytest.mark.parametrize("fixture", ["hostile", "full", "arabic"])
def test_procedure_html_is_already_what_the_sanitiser_keeps(fixture: str) -> None:
    options = RenderOptions(today=TODAY, include_drafts=True)
    pages = _procedure_pages(load(fixture), options)
    assert pages
    for path, page in pages.items():
        # Run mode's data (JSON) and the print style (CSS) are each checked there.
        html = without_drawings(without_print_style(without_run_data(page)))
        assert _tags(sanitize_html(html)) == _tags(html), path
        assert not Elements(html).comments, path


def test_new_doors_of_the_html_path_stay_shut() -> None:
    manual = load("hostile")
    procedure = manual.procedures[0]
    attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    step = dataclasses.replace(
        procedure.steps[0],
        do=f'FIFO [t](https://e.org "FIFO {attack}") and [r](x.md "a><b") FIFO',
        image=Image(src=f"javascript:alert(1)/{attack}", alt=attack),
        record=attack,
        minutes=2,
    )
    question = Question(question="__search", answer=f"FIFO {attack}", step=None)
    hostile = dataclasses.replace(
        procedure,
        steps=(step, *procedure.steps[1:]),
        recurring_questions=(question,),
        references=(Reference(title=attack, url=f"a.md#{attack}"), Reference(attack, "b.pdf")),
    )
    glossary = (Term("FIFO", f"First in {attack}"),)
    manual = dataclasses.replace(
        manual,
        procedures=(hostile,),
        glossary=glossary,
        report_problem_url=f"https://e.org/{attack}",
    )
    page = render_procedure_body(hostile, manual, RenderOptions(today=TODAY)).content
    assert "alert(1)" in page.split('id="sop-run-data">')[1]  # as JSON text, "<" escaped
    drawn = without_run_data(page)
    for tag, attrs in Elements(drawn).tags:  # the flowchart's SVG too
        assert tag not in ("script", "iframe", "foreignobject"), tag
        assert not any(name.startswith("on") or name == "style" for name in attrs), (tag, attrs)
    html = without_print_style(without_drawings(drawn))
    elements = Elements(html)
    assert _tags(sanitize_html(html)) == _tags(html)
    for tag, attrs in elements.tags:
        assert tag not in ("script", "iframe", "svg"), tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src"):
            value = attrs.get(name, "").lower()
            assert not value.replace(" ", "").startswith(("javascript:", "data:")), value
        assert not attrs.get("id", "").startswith("__"), attrs  # Material's own ids
    assert (
        'data-sop-definition="First in &quot;&gt;&lt;script&gt;' in html
    )  # the definition is text
    # No YAML text in a title: the theme's tooltips show one as HTML.
    assert {attrs.get("title") for _, attrs in elements.tags} <= {None, "Permanent link"}
    assert html.count("<abbr") == 3  # the step's two uses and the answer's; not in titles

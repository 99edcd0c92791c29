"""The renderer's behaviour: safe text, drafts and retired pages, language, scale, determinism."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from html import unescape

import markdown as markdown_module
import pytest
from render_support import (
    TODAY,
    Elements,
    load,
    page_text,
    to_html,
    without_drawings,
    without_print_style,
    without_run_data,
)

from sopgen.model import Manual, Procedure, Question
from sopgen.render import (
    RenderOptions,
    nav,
    render_procedure_body,
    render_procedure_front_matter,
    render_site,
)
from sopgen.render.steps import format_minutes
from sopgen.render.strings import AR, EN, PLURALS, TABLES, Strings
from sopgen.render.text import inline, is_safe_destination, markdown

OPTIONS = RenderOptions(today=TODAY)
# What the renderer may emit; anything else in the HTML came from YAML.
ALLOWED_TAGS = {
    "h1", "h2", "h3", "p", "div", "dl", "dt", "dd", "span", "a", "strong", "em", "code",
    "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "img", "abbr", "hr",
    "br", "pre", "blockquote", "details", "summary", "bdi", "figure", "figcaption",
}  # fmt: skip
ALLOWED_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def _pages(name: str, options: RenderOptions = OPTIONS) -> dict[str, str]:
    return {page.path: page_text(page) for page in render_site(load(name), options)}


def render_procedure(procedure: Procedure, manual: Manual, options: RenderOptions) -> str:
    """A procedure page as MkDocs gets it: front matter, then its HTML."""
    body = render_procedure_body(procedure, manual, options).content
    return render_procedure_front_matter(procedure) + body


def _assert_no_live_html(html: str, where: str) -> None:
    html = without_run_data(html)
    elements = Elements(without_drawings(without_print_style(html)))
    assert not elements.comments, f"{where}: HTML comment {elements.comments}"
    for tag, attrs in elements.tags:
        assert tag in ALLOWED_TAGS, f"{where}: <{tag}> from YAML"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{where}: event handler {name}={value!r}"
            assert name not in ("style", "srcdoc", "formaction"), f"{where}: {name}"
            if name in ("href", "src"):
                squeezed = re.sub(r"\s", "", value).lower()
                scheme = re.match(r"^[a-z][a-z0-9+.\-]*:", squeezed)
                assert scheme is None or scheme.group(0) in ALLOWED_SCHEMES, f"{where}: {value}"
        if tag == "img":
            # The page's URL is procedures/<category>/<id>/: images sit in procedures/images/.
            assert attrs["src"].startswith("../../images/"), f"{where}: image from {attrs['src']}"


def test_hostile_manual_renders_no_live_html() -> None:
    pages = _pages("hostile", dataclasses.replace(OPTIONS, include_drafts=True))
    for path, text in pages.items():
        html, _meta = to_html(text)
        _assert_no_live_html(html, path)
        assert "alert(" not in re.sub(r"&lt;|&gt;|<[^>]*>", "", html) or "&lt;" in html
    page, _ = to_html(pages["procedures/evil/EV-001.md"])
    # The text is shown, not dropped: a reader sees exactly what the owner wrote.
    assert "&lt;script&gt;alert('do')&lt;/script&gt;" in page
    assert "&lt;!-- an HTML comment --&gt;" in page
    assert '<a href="https://example.org/ok">ok link</a>' in page
    assert "<code>&lt;b&gt;code stays code&lt;/b&gt;</code>" in page


def test_hostile_fields_cannot_add_structure() -> None:
    html, meta = to_html(_pages("hostile")["procedures/evil/EV-001.md"])
    headings = re.findall(r"<h([1-3])[^>]*>", html)
    # One h1, the fixed sections as h2, one h3 per recurring question and per part of About
    # (purpose, scope, who); no heading from a field.
    h3_ids = re.findall(r'<h3 id="([^"]*)"', html)
    assert headings.count("1") == 1 and h3_ids[1:] == ["purpose", "scope", "who"]
    assert "<h1" in html and "A heading in a field</h" not in html
    assert "<td>pipe | in | cell</td>" in html  # pipes stay inside their cell
    assert meta["description"].startswith("Summary </p><script>")  # front matter: plain YAML text
    assert meta["tags"] == ["<script>alert('tag')</script>", 'a"quote']


@pytest.mark.parametrize(
    ("destination", "safe"),
    [
        ("https://example.org", True),
        ("mailto:a@example.org", True),
        ("tel:+441234", True),
        ("../handbook.md#x", True),
        ("#step-1", True),
        ("javascript:alert(1)", False),
        ("  JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("vbscript:x", False),
        ("<javascript:alert(1)>", False),
    ],
)
def test_link_destinations(destination: str, safe: bool) -> None:
    assert is_safe_destination(destination) is safe


def test_markdown_fields_keep_formatting_but_lose_unsafe_links() -> None:
    html, _ = to_html(markdown("**Bold**, [site](https://example.org) and [bad](javascript:x)"))
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://example.org">site</a>' in html
    assert "[bad](javascript:x)" in html and 'href="javascript' not in html


def test_one_line_text_is_literal() -> None:
    for text in ["*not emphasis*", "# not a heading", "1. not a list", "[x](y)", "a | b", "0.1"]:
        html, _ = to_html(inline(text))
        assert html.startswith("<p>") and unescape(html) == f"<p>{text}</p>", text


def test_rendering_is_deterministic() -> None:
    manual = load("full")
    first = render_site(manual, OPTIONS)
    again = render_site(load("full"), OPTIONS)
    assert [(p.path, page_text(p)) for p in first] == [(p.path, page_text(p)) for p in again]
    assert [p.path for p in first] == sorted(p.path for p in first)
    for page in first:
        if page.source:
            procedure = manual.procedure(page.path.rsplit("/", 1)[1].removesuffix(".md"))
            assert procedure is not None
            assert render_procedure(procedure, manual, OPTIONS) == page_text(page)


def test_procedure_page_does_not_grow_with_other_procedures() -> None:
    manual = load("full")
    before = render_procedure(manual.procedure("FH-001"), manual, OPTIONS)  # type: ignore[arg-type]
    template = manual.procedure("KT-001")
    assert template is not None
    extra = tuple(
        dataclasses.replace(template, id=f"KT-{n:03d}", title=f"Extra {n}") for n in range(100, 400)
    )
    bigger = dataclasses.replace(manual, procedures=manual.procedures + extra)
    after = render_procedure(bigger.procedure("FH-001"), bigger, OPTIONS)  # type: ignore[arg-type]
    assert after == before


def test_drafts_only_with_include_drafts() -> None:
    published = _pages("full")
    assert "procedures/front-of-house/FH-003.md" not in published
    assert "procedures/kitchen/KT-002.md" not in published
    assert "FH-003" not in published["procedures/index.md"]
    assert "KT-002 (not published)" in published["procedures/front-of-house/FH-001.md"]
    with_drafts = _pages("full", dataclasses.replace(OPTIONS, include_drafts=True))
    draft = '<div class="admonition warning"><p class="admonition-title">Draft</p>'
    in_review = '<div class="admonition warning"><p class="admonition-title">In review</p>'
    assert draft in with_drafts["procedures/front-of-house/FH-003.md"]
    assert in_review in with_drafts["procedures/kitchen/KT-002.md"]
    assert '<a href="front-of-house/FH-003/">FH-003</a>' in with_drafts["procedures/index.md"]


def test_retired_is_reachable_but_not_listed_as_current() -> None:
    pages = _pages("full")
    retired = pages["procedures/front-of-house/FH-000.md"]
    assert '<div class="admonition danger"><p class="admonition-title">Retired</p>' in retired
    assert 'Use <a href="../FH-001/">FH-001 Open the espresso bar</a> instead.' in retired
    assert "FH-000" not in pages["procedures/index.md"]
    category = pages["procedures/front-of-house/index.md"]
    current, _, retired_list = category.partition('<h2 id="retired">Retired procedures')
    assert "FH-000" not in current
    assert '<a href="FH-000/">FH-000 Open the café (old)</a>' in retired_list


def test_a_retired_procedure_is_left_off_the_tag_pages() -> None:
    manual = load("full")
    old, new = manual.procedure("FH-000"), manual.procedure("FH-001")
    assert old is not None and new is not None
    tagged_old = dataclasses.replace(old, tags=("opening",))
    tagged_new = dataclasses.replace(new, tags=("opening",))
    assert "tags:" not in render_procedure(tagged_old, manual, OPTIONS).partition("\n---\n")[0]
    assert '\ntags:\n  - "opening"\n' in render_procedure(tagged_new, manual, OPTIONS)


def test_overdue_banner_follows_today() -> None:
    manual = load("full")
    procedure = manual.procedure("FH-002")
    assert procedure is not None
    assert "Review overdue" in render_procedure(procedure, manual, OPTIONS)
    early = RenderOptions(today=date(2026, 2, 1))
    assert "Review overdue" not in render_procedure(procedure, manual, early)


def test_links_inside_a_procedure_page_reach_their_anchors() -> None:
    pages = _pages("full")
    html, _ = to_html(pages["procedures/front-of-house/FH-001.md"])
    elements = Elements(html)
    local = [href[1:] for href in elements.hrefs() if href.startswith("#")]
    assert {"step-open", "step-calibrate", "step-2-1-1", "step-3b-1"} <= set(local)
    assert set(local) <= elements.ids()


def _role_steps(page: str, procedure_url: str) -> list[tuple[str, str, str]]:
    """(context, link, text) of each step line a role page lists for one procedure."""
    item = page.split(f'<li class="sop-role-procedure"><a href="{procedure_url}">', 1)[1]
    steps = item.split("</ul></li>", 1)[0]
    return [
        (unescape(context), anchor, unescape(words))
        for context, anchor, words in re.findall(
            r'<li>(?:<span class="sop-role-context" dir="auto">(.*?)</span>)?'
            r'<a href="[^"#]*#([^"]+)"><span class="sop-role-number">[^<]*</span> '
            r'(?:<strong class="sop-role-check">Checks:</strong> )?<span dir="auto">(.*?)</span>',
            steps,
        )
    ]


def test_role_pages_list_each_step_the_role_performs_or_checks_with_its_text() -> None:
    pages = _pages("full")
    fh001 = "../../procedures/front-of-house/FH-001/"
    lead = pages["roles/shift-lead.md"]
    # In reading order: the check of step 2 (its check's words), then step 3, whose 3b.1 the
    # lead does too ("3" says both), and step 4. Not the barista's step 1.
    assert _role_steps(lead, fh001) == [
        ("", "step-calibrate", "The shot runs 25–30 s for 36 g."),
        ("", "step-milk-ok", "Is the milk within its use-by date?"),
        ("", "step-open", "Turn the sign to Open."),
    ]
    assert '<strong class="sop-role-check">Checks:</strong> <span dir="auto">The shot' in lead
    assert "KT-001 Check fridge temperatures" in lead.partition('<h2 id="owns">')[2]
    barista = pages["roles/barista.md"]
    assert [anchor for _, anchor, _ in _role_steps(barista, fh001)] == [
        "step-power-on",
        "step-calibrate",
        "step-milk-ok",
        "step-open",
    ]
    # All of FH-002: said, and each top-level step listed with its words.
    fh002 = "../../procedures/front-of-house/FH-002/"
    every = '">FH-002 Take a card payment</a><p class="sop-role-all">All steps</p>'
    assert f"{fh002}{every}" in barista
    assert _role_steps(barista, fh002) == [
        ("", "step-1", "Enter the order on the till and press Card."),
        ("", "step-2", "Hand the reader to the guest."),
    ]


def test_a_step_inside_a_decision_says_its_question_and_option_on_the_role_page() -> None:
    from sitekit import REPO

    from sopgen.validate.pipeline import validate

    manual = validate(REPO / "procedures", today=TODAY).manual
    assert manual is not None
    pages = {page.path: page_text(page) for page in render_site(manual, OPTIONS)}
    cs004 = "../../procedures/customer-service/CS-004/"
    assert _role_steps(pages["roles/support-agent.md"], cs004) == [
        (
            "2 What are they returning? If an appliance that is faulty:",
            "step-faulty",
            "Run the fault through CS-002 with the customer before anything else.",
        )
    ]
    # A long step is cut at a word, with an ellipsis; the procedure page has the rest.
    cs002 = "../../procedures/customer-service/CS-002/"
    lines = _role_steps(pages["roles/support-agent.md"], cs002)
    long = next(words for _, anchor, words in lines if anchor == "step-listen")
    assert long.endswith("…") and len(long) <= 140


def test_arabic_manual_speaks_arabic() -> None:
    pages = _pages("arabic")
    page = pages["procedures/service/SV-001.md"]
    for english in ("Steps", "Why", "Checked by", "Uncontrolled when printed", "Revision"):
        assert english not in page
    assert '<h2 id="steps">الخطوات<a class="headerlink"' in page
    assert "نسخة غير مضبوطة عند الطباعة" in page
    assert nav(load("arabic"), OPTIONS)[0] == {
        "الإجراءات": ["procedures/index.md", {"خدمة الزبائن": "procedures/service/index.md"}]
    }


def test_glossary_terms_become_abbreviations_where_used() -> None:
    page = _pages("full")["procedures/front-of-house/FH-001.md"]
    html, _ = to_html(page)
    term = (
        '<abbr class="sop-term" tabindex="0" '
        'data-sop-definition="First in, first out — use the oldest stock first.">FIFO</abbr>'
    )
    assert term in html
    assert "<abbr" not in html.replace(term, "")  # not RMA: unused
    # As the abbr extension placed them: never in code or the raw print furniture.
    manual = load("full")
    procedure = manual.procedure("FH-001")
    assert procedure is not None
    step = dataclasses.replace(procedure.steps[0], do="FIFO and `FIFO`, FIFOS")
    used = dataclasses.replace(procedure, steps=(step,), revision="FIFO")
    made = render_procedure(used, manual, OPTIONS)
    assert "FIFO</abbr> and <code>FIFO</code>, FIFOS" in made
    assert '@top-left{content:"FH-001 · Revision FIFO · Open the espresso bar"}' in made


def test_print_furniture() -> None:
    html, _ = to_html(_pages("full")["procedures/front-of-house/FH-001.md"])
    elements = Elements(html)
    steps = [a for t, a in elements.tags if "sop-step" in a.get("class", "").split()]
    assert len(steps) == 8
    # The style sheet draws each step's tick box before its head, the paragraph that starts
    # the step with the number's link, and styles the instruction that follows the head.
    for step in steps:
        anchor = step["id"]
        assert re.search(f'<div [^>]*id="{anchor}"><p><a href="#{anchor}">[^<]+</a>', html), anchor
    assert re.search(r'id="step-power-on"><p>(?:(?!</p>).)*</p><p>Switch the machine on', html)
    assert html.count('class="sop-sign"') == 1  # one verify, one signature line
    # The labelled lines are the print style's (generated boxes of the paragraph and its
    # two children, labels by the page's language).
    assert '<div class="sop-verify"><p><strong>Checked by ' in html
    assert '</p><p class="sop-sign"><span></span><span></span></p></div>' in html
    # Every printed page's margins: id, revision and title at the top, the warning and page
    # N of M at the foot; the last line, who did it and when.
    assert '@top-left{content:"FH-001 · Revision 4 · Open the espresso bar"}' in html
    assert '@bottom-left{content:"Uncontrolled when printed — check the manual' in html
    assert '@bottom-right{content:counter(page) " / " counter(pages)}' in html
    assert '<p class="sop-done"><span>Done by</span><span>Date</span><span>Time</span></p>' in html


def test_the_print_style_labels_the_signature_lines_in_each_language() -> None:
    """The labels of a check's signature lines come with each page, in its language; the
    style sheet's English ones are the fallback of any other page."""
    from pathlib import Path

    css = (Path(__file__).parents[1] / "sopgen" / "assets" / "sopgen.css").read_text("utf-8")
    for key in ("sign_checked", "sign_signature", "sign_date"):
        name = "--sop-" + key.replace("_", "-")
        assert f'  {name}: "{EN[key]}";' in css, key
    arabic = _pages("arabic")["procedures/service/SV-001.md"]
    assert '.md-typeset{--sop-sign-checked:"تحقق منها";' in arabic
    assert '--sop-sign-signature:"التوقيع";--sop-sign-date:"التاريخ"}' in arabic
    # Right to left: the running head at the top right, the page number at the bottom left.
    assert "@top-right{" in arabic and "@bottom-left{content:counter(page)" in arabic


def test_a_step_is_its_head_then_its_instruction_then_classed_parts() -> None:
    manual = load("full")
    procedure = manual.procedure("FH-001")
    assert procedure is not None
    # A field of one paragraph is that paragraph; of several blocks, a div around them.
    first = dataclasses.replace(
        procedure.steps[0], do="Check:\n\n- the gauge\n- the wand", why="One.\n\nTwo."
    )
    second = dataclasses.replace(procedure.steps[1], why="Beans *change*.")
    steps = (first, second, *procedure.steps[2:])
    made = render_procedure(dataclasses.replace(procedure, steps=steps), manual, OPTIONS)
    assert (
        '<div class="sop-step" id="step-power-on"><p><a href="#step-power-on">1</a> '
        '<a class="sop-role" href="../../../roles/barista/">Barista</a> '
        '<span class="sop-minutes">20 min</span></p>'
        "<div><p>Check:</p><ul><li>the gauge</li><li>the wand</li></ul></div>"
        '<div class="sop-why"><p><strong>Why:</strong> One.</p><p>Two.</p></div>'
    ) in made
    assert (
        '<p>Calibrate the grinder.</p><p class="sop-why"><strong>Why:</strong> Beans '
        "<em>change</em>.</p>"
    ) in made
    # Several roles share one box.
    assert (
        '<p><a href="#step-open">4</a> <span class="sop-role"><a href="../../../roles/barista/">'
        'Barista</a>, <a href="../../../roles/shift-lead/">Shift lead</a></span></p>'
        "<p>Turn the sign to <em>Open</em>.</p>"
    ) in made


def test_edit_and_report_links() -> None:
    page = _pages("arabic", RenderOptions(today=TODAY, edit_url="https://ignored/{path}"))[
        "procedures/service/SV-001.md"
    ]
    # manual.yaml's edit_url wins over the option; {path} is the file from the repo root.
    assert (
        'href="https://git.example.org/cafe/manual/-/edit/main/procedures/service/SV-001-greet.yaml"'
        in page
    )
    assert 'href="mailto:manager@example.org?subject=SV-001%202"' in page


def test_string_tables_say_the_same_things() -> None:
    assert set(AR) == set(EN)
    for key, english in EN.items():
        if key not in AR:
            continue
        assert set(re.findall(r"\{(\w+)\}", AR[key])) == set(re.findall(r"\{(\w+)\}", english)), key
    for language, forms in PLURALS.items():
        for key, variants in forms.items():
            assert key in TABLES[language], key
            placeholders = set(re.findall(r"\{(\w+)\}", TABLES[language][key]))
            for category, template in variants.items():
                assert category in ("zero", "one", "two", "few", "many", "other"), category
                # A form may spell the number out ("one day") but names no other value.
                assert set(re.findall(r"\{(\w+)\}", template)) <= placeholders, (key, category)


@pytest.mark.parametrize(
    ("minutes", "english", "arabic"),
    [
        (0.01, "1 s", "ثانية واحدة"),
        (0.5, "30 s", "30 ثانية"),
        (0.999, "1 min", "دقيقة واحدة"),
        (1, "1 min", "دقيقة واحدة"),
        (2, "2 min", "دقيقتين"),
        (2.25, "2.3 min", "2.3 دقيقة"),
        (0.1 + 0.2 + 3, "3.3 min", "3.3 دقيقة"),
        (5, "5 min", "5 دقائق"),
        (9.96, "10 min", "10 دقائق"),
        (12.5, "13 min", "13 دقيقة"),
        (59.6, "1 h", "ساعة"),
        (60, "1 h", "ساعة"),
        (61, "1 h 1 min", "ساعة ودقيقة واحدة"),
        (90, "1 h 30 min", "ساعة و30 دقيقة"),
        (120, "2 h", "ساعتين"),
        (150, "2 h 30 min", "ساعتين و30 دقيقة"),
        (300, "5 h", "5 ساعات"),
        (1440, "24 h", "24 ساعة"),
    ],
)
def test_durations_read_naturally(minutes: float, english: str, arabic: str) -> None:
    assert format_minutes(minutes, Strings("en")) == english
    assert format_minutes(minutes, Strings("ar")) == arabic


def test_a_procedure_of_one_hour_says_about_1_h() -> None:
    manual = load("full")
    procedure = manual.procedure("KT-001")
    assert procedure is not None
    timed = [step for step in procedure.steps if step.minutes]
    assert timed, "KT-001 needs a timed step"
    steps = tuple(
        dataclasses.replace(step, minutes=60 if step is timed[0] else None)
        for step in procedure.steps
    )
    page = render_procedure(dataclasses.replace(procedure, steps=steps), manual, OPTIONS)
    assert "<dt>Time</dt><dd>about 1 h</dd>" in page
    assert ", about 1 h.</p>" in page and '<p class="sop-steps-intro">' in page
    assert "0 min" not in page


@pytest.mark.parametrize(
    ("language", "key", "number", "text"),
    [
        ("en", "state_overdue", 1, "Overdue by 1 day"),
        ("en", "state_overdue", 40, "Overdue by 40 days"),
        ("en", "state_due-soon", 0, "Due today"),
        ("en", "state_due-soon", 1, "Due tomorrow"),
        ("en", "state_due-soon", 12, "Due in 12 days"),
        ("ar", "state_overdue", 2, "متأخرة يومين"),
        ("ar", "state_overdue", 7, "متأخرة 7 أيام"),
        ("ar", "state_overdue", 40, "متأخرة 40 يومًا"),
        ("ar", "state_overdue", 100, "متأخرة 100 يوم"),
        ("ar", "state_due-soon", 0, "مستحقة اليوم"),
        ("de", "state_overdue", 1, "Seit 1 Tag überfällig"),
        ("es", "state_overdue", 3, "Vencida hace 3 días"),
        ("fr", "state_due-soon", 1, "À revoir demain"),
        ("zh", "state_due-soon", 0, "今天到期"),
        ("hi", "hours", 1, "1 घंटा"),
        ("ja", "state_overdue", 1, "Overdue by 1 day"),  # no Japanese table: English words
    ],
)
def test_counted_words_agree_with_their_number(
    language: str, key: str, number: int, text: str
) -> None:
    assert Strings(language).count(key, number, days=number, n=number) == text


def test_an_option_with_steps_and_goto_jumps_after_its_steps() -> None:
    for fixture, path, then in [
        ("full", "procedures/front-of-house/FH-001.md", 'Then go to <a href="#step-open">'),
        ("arabic", "procedures/service/SV-001.md", 'ثم انتقل إلى <bdi><a href="#step-pay">'),
    ]:
        page = _pages(fixture)[path]
        option = page.split('<div class="sop-option">')
        with_steps = next(block for block in option if then in block)
        # The option's heading, then its steps, then the jump: never the jump first.
        assert with_steps.index('class="sop-step') < with_steps.index(then)
        heading = with_steps.split("</p>", 1)[0]
        assert heading.startswith("<p><strong>") and "<a " not in heading
        assert f'<p class="sop-then">{then}' in with_steps
    # An option with only a goto keeps it on its own line.
    assert (
        '<p><strong>If Yes:</strong> go to <a href="#step-open">Step 4</a>.</p>'
        in _pages("full")["procedures/front-of-house/FH-001.md"]
    )


def test_language_fallback_and_direction() -> None:
    assert Strings("ar-EG")("steps") == "الخطوات" and Strings("ar").rtl
    assert Strings("ar")("tags") == "الوسوم"  # the site's tags page is titled from here
    assert Strings("de")("steps") == "Schritte" and not Strings("de").rtl
    assert Strings("pt-BR")("review") == "Revisão"
    assert Strings("ja")("steps") == "Steps"  # a language without a table: English


def test_procedure_titles_keep_the_id_as_written() -> None:
    # Browser tabs and search results show the front matter title: "FH-001 Open ...", never
    # the title MkDocs would make from the file name ("FH 001").
    pages = {page.path: page for page in render_site(load("full"), OPTIONS)}
    page = pages["procedures/front-of-house/FH-001.md"]
    _, meta = to_html(page.markdown)
    assert page.title == meta["title"] == "FH-001 Open the espresso bar"
    assert page.markdown.startswith('---\ntitle: "FH-001 Open the espresso bar"\n')


def test_tables_fit_a_phone() -> None:
    pages = _pages("full")
    html, _ = to_html(pages["procedures/front-of-house/FH-001.md"])
    # Specs: a note sits under its value, so the table has three columns, not four.
    specs = html.split('<div class="sop-table sop-table-specs">')[1].split("</table>")[0]
    assert re.findall(r"<th>([^<]*)</th>", specs) == ["Item", "Value", "Tolerance"]
    assert (
        '<td><strong>18 g</strong><br><span class="sop-spec-note">Double basket</span></td>'
        in specs
    )
    # Tables of prose carry their column names in each cell, for a phone that stacks the rows.
    metrics = html.split('<div class="sop-table sop-table-metrics sop-table-stack">')[1]
    metrics = metrics.split("</table>")[0]
    assert "<td>Remade drinks per day</td>" in metrics
    assert '<td><span class="sop-label">Target:</span> Under 3</td>' in metrics
    changes = html.split('<div class="sop-table sop-table-changes sop-table-stack">')[1]
    assert '<td><span class="sop-label">Revision:</span> 4</td>' in changes.split("</table>")[0]
    # Lists keep dates whole and say "overdue" in words, not only with a sign.
    listing, _ = to_html(pages["procedures/index.md"])
    assert '<td><span class="sop-date">2026-08-01</span></td>' in listing
    assert '<td><strong class="sop-date">2026-03-01</strong> ⚠&nbsp;overdue</td>' in listing
    arabic, _ = to_html(_pages("arabic")["procedures/service/SV-001.md"])
    assert '<span class="sop-label">ما الذي تغيّر:</span>' in arabic


def test_glossary_terms_stand_out_and_can_be_linked() -> None:
    html, _ = to_html(_pages("full")["glossary.md"])
    assert '<div class="sop-glossary">' in html
    assert '<dt id="term-z-report">Z report</dt>' in html
    hostile, _ = to_html(_pages("hostile")["glossary.md"])
    assert '<dt id="term-xss">XSS</dt>' in hostile


def test_table_of_contents_is_the_one_the_toc_extension_made() -> None:
    manual = load("full")
    procedure = manual.procedure("FH-001")
    assert procedure is not None
    toc = render_procedure_body(procedure, manual, OPTIONS).toc
    assert [(e.level, e.id, e.title) for e in toc] == [
        (1, "fh-001-open-the-espresso-bar", "FH-001 · Open the espresso bar")
    ]
    sections = toc[0].children
    assert [e.id for e in sections] == [
        "when", "before", "materials", "specs", "steps",
        "metrics", "questions", "records", "related", "references", "changes", "about",
    ]  # fmt: skip
    questions = next(e for e in sections if e.id == "questions").children
    assert [(e.level, e.id) for e in questions] == [(3, "why-are-the-first-coffees-sour")]
    # A question whose words make an id the page has already gets the next free one.
    again = dataclasses.replace(
        procedure,
        recurring_questions=(
            Question("Who?", "A."),
            Question("Who", "B."),
            Question("step 1", "C."),
        ),
    )
    body = render_procedure_body(again, manual, OPTIONS)
    questions = next(e for e in body.toc[0].children if e.id == "questions").children
    assert [e.id for e in questions] == ["who_1", "who_2", "step-1"]
    assert '<h3 id="who_1">Who?<a class="headerlink" href="#who_1"' in body.content


@pytest.mark.parametrize(
    "text",
    [
        "Wipe the counter with the blue cloth.",
        'Pour 2.5 l of water; it\'s 60 °C — "hot".',
        "1. not a list?",
        "A *word* and `code` & <b>",
        "Two\n\nparagraphs\n- and a list",
        "a | b\n--- | ---\n1 | 2",
        "Term\n:   definition",
        "!!! note\n    admonition",
    ],
)
def test_fragment_is_what_python_markdown_makes_of_the_field(text: str) -> None:
    from sopgen.render.fragments import fragment

    expected = markdown_module.markdown(
        markdown(text), extensions=["admonition", "pymdownx.details", "attr_list", "tables",
                                    "def_list"]
    )  # fmt: skip
    assert Elements(fragment(text)).tags == Elements(expected).tags
    assert unescape(re.sub(r"<[^>]*>|\s", "", fragment(text))) == unescape(
        re.sub(r"<[^>]*>|\s", "", expected)
    )
    assert "\n<" not in fragment(text) and ">\n" not in fragment(text)  # compact

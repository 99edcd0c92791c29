"""The generated field and rules references cover every field and every rule."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, unavailable
from sitekit import build, make_project

from sopgen.render.reference import fields_markdown, rules_markdown
from sopgen.validate.catalog import every_rule
from sopgen.validate.loader import READING_RULES
from sopgen.validate.rules import all_rules
from sopgen.validate.schema import load_schema

CSS = Path(__file__).parents[1] / "sopgen" / "assets" / "sopgen.css"


def test_field_reference_lists_every_property_of_both_schemas() -> None:
    page = fields_markdown()
    for name in ("manual", "procedure"):
        schema = load_schema(name)
        nodes = [schema, *schema["$defs"].values()]
        for node in nodes:
            for field, spec in node.get("properties", {}).items():
                assert f"| `{field}` |" in page, field
                if "description" in spec:
                    assert spec["description"].split(".")[0] in page


def test_field_reference_shows_examples_as_owners_write_them() -> None:
    page = fields_markdown()
    assert '<span class="sop-label">example:</span> `effective: 2026-03-01` |' in page
    assert "`revision: '3'`" in page
    assert (
        '| `id` | <span class="sop-label">required:</span> yes | '
        '<span class="sop-label">holds:</span> procedure id |'
    ) in page


def _example_cells(page: str) -> list[str]:
    return [
        line.rsplit('<span class="sop-label">example:</span> ', 1)[1].removesuffix(" |")
        for line in page.splitlines()
        if line.startswith("| `") and '<span class="sop-label">example:</span> ' in line
    ]


def test_field_examples_break_only_between_key_and_value_or_at_spaces() -> None:
    # Code in a narrow table cell broke anywhere ("review_ev" / "ery_months: 12"). A short
    # example is one span kept whole; a long one is a key span and a value span; a long value
    # is marked to wrap at its spaces, one with a word too long for the column (a URL) to
    # break inside it too; the stylesheet has the rules those names stand for.
    page = fields_markdown()
    cells = _example_cells(page)
    assert "`review_every_months: 12`" in cells
    assert "`approved_by:` `operations-manager`" in cells
    assert "`last_reviewed:` `2026-03-01`" in cells
    assert "`roles:` `[support-agent, support-lead]`{: .sop-wraps}" in cells
    assert any(c.startswith("`url:` `https://") and c.endswith("{: .sop-breaks}") for c in cells)
    for cell in (cell for cell in cells if cell != "—"):  # a field without an example
        spans = re.findall(r"`([^`]+)`(\{: \.sop-(?:wraps|breaks)\})?", cell)
        assert 1 <= len(spans) <= 2, cell
        for text, wrapping in spans:
            longest_word = max(len(word) for word in text.split())
            if longest_word > 24:
                assert wrapping == "{: .sop-breaks}", cell
            elif len(text) > 24:
                assert wrapping == "{: .sop-wraps}", cell
            else:
                assert wrapping == "", cell
    assert page.count('<div class="sop-table sop-table-fields sop-table-stack" markdown>') == 16
    css = CSS.read_text(encoding="utf-8")
    for selector in (".sop-table-fields td", "code.sop-wraps", ".sop-breaks"):
        assert selector in css


def test_rules_reference_has_a_section_per_rule_with_its_docstring() -> None:
    page = rules_markdown()
    for module in all_rules():
        assert f"## `{module.ID}` {{#{module.ID}}}" in page
        first_line = (module.check.__doc__ or "").strip().splitlines()[0]
        assert first_line in page
    ids = [rule.id for rule in every_rule()]
    assert len(ids) == len(set(ids))
    assert {"duplicate-key", "schema", "yaml-syntax", "encoding"} <= set(ids)


def test_rules_table_says_what_each_rule_checks() -> None:
    # The reading rules once all said "Reading the file"; each says what it checks now.
    page = rules_markdown()
    rows = {
        match.group(1): match.group(2)
        for match in re.finditer(r"^\| \[`([a-z-]+)`\]\(#\1\) \| \w+ \| (.+) \|$", page, re.M)
    }
    assert set(rows) == {rule.id for rule in every_rule()}
    assert len(set(rows.values())) == len(rows)
    assert not any(
        checks.startswith(("Reading", "Checking", "Finding")) for checks in rows.values()
    )
    for rule_id, (checks, explanation) in READING_RULES.items():
        assert rows[rule_id] == checks
        assert f"*error* — {checks}\n\n{explanation}\n" in page
    assert rows["duplicate-key"] == "No key appears twice in one mapping."
    assert "one document per file" in rows["yaml-syntax"]
    assert "UTF-8" in rows["encoding"]
    assert "100,000" in rows["yaml-aliases"]


def test_warning_rules_are_marked_as_warnings() -> None:
    severities = {rule.id: rule.severity for rule in every_rule()}
    assert severities["four-eyes"] == "warning"
    assert severities["review-overdue"] == "warning"
    assert severities["unique-id"] == "error"
    assert re.search(r"\| \[`id-prefix`\]\(#id-prefix\) \| warning \|", rules_markdown())


@pytest.mark.browser
@pytest.mark.slow
def test_field_examples_never_break_inside_a_word_in_chromium(tmp_path: Path) -> None:
    """On a phone and beside the navigation, no example breaks inside a word but a URL."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    project = make_project(tmp_path / "project")
    done = build(project)
    assert done.returncode == 0, done.stderr
    fields = (project / "site" / "reference" / "fields" / "index.html").as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in (360, 800, 1280, 1600):
                tab = browser.new_page(viewport={"width": width, "height": 900})
                tab.goto(fields)
                assert _breaks_inside_words(tab) == [], width
                overflowing = tab.evaluate(
                    "() => [...document.querySelectorAll('.md-typeset__scrollwrap')]"
                    ".filter(w => w.scrollWidth > w.clientWidth).length"
                )
                assert overflowing == 0, width
                tab.close()
        finally:
            browser.close()


def _breaks_inside_words(tab: Any) -> list[str]:
    """Example code that breaks where it should not ("review_ev" / "ery_months", "2026-03-" /
    "01"): a span kept whole on two lines, a long value (`.sop-wraps`) anywhere but after a
    space or a hyphen. A URL (`.sop-breaks`) may break anywhere."""
    found: list[str] = tab.evaluate(
        """() => {
        const broken = [];
        for (const code of document.querySelectorAll('table td:last-child code')) {
          const text = code.firstChild;
          if (!text || text.nodeType !== Node.TEXT_NODE || code.matches('.sop-breaks')) continue;
          const range = document.createRange();
          let top = null;
          for (let i = 0; i < text.length; i++) {
            range.setStart(text, i);
            range.setEnd(text, i + 1);
            const here = range.getBoundingClientRect().top;
            const wraps = code.matches('.sop-wraps') && ' -'.includes(text.data[i - 1]);
            if (top !== null && here > top + 2 && !wraps) {
              broken.push(text.data.slice(0, i) + ' / ' + text.data.slice(i));
              break;
            }
            top = here;
          }
        }
        return broken;
      }"""
    )
    return found


def test_every_rule_the_code_reports_is_in_the_one_list_of_rules() -> None:
    """validate/catalog.py lists every rule: each id the code can report (a problem's rule,
    a site warning's ``[rule]`` tag) is there, so the rules reference explains it."""
    sopgen = Path(__file__).parents[1] / "sopgen"
    reported: set[str] = set()
    for path in sopgen.rglob("*.py"):
        source = path.read_text("utf-8")
        reported |= set(re.findall(r'^ID = "([a-z-]+)"$', source, re.M))
        reported |= set(re.findall(r'Severity\.[A-Z]+,\s*"([a-z-]+)"', source))
        reported |= set(re.findall(r'_problem\(\s*\w+,\s*"([a-z-]+)"', source))
    from sopgen.validate.catalog import LANGUAGE_RULE, LINK_RULE
    from sopgen.validate.pipeline import MANUAL_MISSING_RULE
    from sopgen.validate.schema import SCHEMA_RULE

    reported |= {LANGUAGE_RULE, LINK_RULE, MANUAL_MISSING_RULE, SCHEMA_RULE, *READING_RULES}
    listed = {rule.id for rule in every_rule()}
    assert len(reported) >= 30
    assert reported == listed
    # The site's warnings name their rule from the list, not a string of their own.
    plugin = (sopgen / "site" / "plugin.py").read_text("utf-8")
    assert not re.search(r'\[[a-z-]+\]"', plugin)

"""The flowchart of a procedure's decisions: golden SVG files, links, escaping, determinism.

Regenerate the golden files after an intended change with
``SOPGEN_UPDATE_GOLDEN=1 pytest tests/test_flowchart.py`` and look at each diff (and at the
charts: open the .svg files in a browser) before committing.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from render_support import load

from sopgen.render.flowchart import flowchart_svg, layout, wrap
from sopgen.render.strings import Strings
from sopgen.validate.pipeline import validate

GOLDEN = Path(__file__).parent / "golden" / "flowchart"
UPDATE = os.environ.get("SOPGEN_UPDATE_GOLDEN") == "1"
FLOWCHART_DATA = Path(__file__).parent / "data" / "flowchart"
SVG = "{http://www.w3.org/2000/svg}"

# (fixture manual, procedure): what each golden file shows
CASES = {
    "one-decision": ("flowchart", "KT-002"),
    "nested-decisions": ("flowchart", "KT-003"),
    "loop-back": ("flowchart", "KT-004"),
    "rtl": ("arabic", "SV-001"),
}


def _manual(name: str):  # type: ignore[no-untyped-def]
    if name == "flowchart":
        result = validate(FLOWCHART_DATA)
        assert not result.problems, result.problems
        assert result.manual is not None
        return result.manual
    return load(name)


def _chart(fixture: str, procedure_id: str) -> str:
    manual = _manual(fixture)
    procedure = manual.procedure(procedure_id)
    assert procedure is not None
    return flowchart_svg(procedure, manual, Strings(manual.language), "steps-note")


@pytest.mark.parametrize("case", sorted(CASES))
def test_chart_matches_golden(case: str) -> None:
    svg = _chart(*CASES[case]) + "\n"
    golden = GOLDEN / f"{case}.svg"
    if UPDATE:
        golden.write_text(svg, encoding="utf-8", newline="\n")
    assert svg == golden.read_text(encoding="utf-8"), f"{case}.svg differs from its golden file"


def test_a_linear_procedure_has_no_chart() -> None:
    assert _chart("flowchart", "KT-001") == ""


def _links(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [a.attrib["href"] for a in root.iter(f"{SVG}a")]


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_shape_links_to_a_step_of_the_procedure(case: str) -> None:
    fixture, procedure_id = CASES[case]
    manual = _manual(fixture)
    procedure = manual.procedure(procedure_id)
    assert procedure is not None
    anchors = {f"#{step.anchor}" for step in procedure.all_steps()}
    links = _links(_chart(fixture, procedure_id))
    assert set(links) <= anchors
    # every top-level step, every decision and every step of an option is a shape
    shown = {f"#{step.anchor}" for step in procedure.steps}
    for step in procedure.all_steps():
        if step.is_decision:
            shown.add(f"#{step.anchor}")
            shown.update(f"#{inner.anchor}" for o in step.options for inner in o.steps)
    assert shown <= set(links)


def test_the_loop_goes_back_up_and_the_end_is_marked() -> None:
    manual = _manual("flowchart")
    procedure = manual.procedure("KT-004")
    assert procedure is not None
    chart = layout(procedure, manual, Strings("en"))
    rows = {node.key: index for index, node in enumerate(chart.nodes)}
    back = [e for e in chart.edges if e.target < e.source]
    assert [(chart.nodes[e.source].number, chart.nodes[e.target].key) for e in back] == [
        ("3a.1", "step-simmer")
    ]
    assert chart.nodes[-1].kind == "end"
    assert any(e.target == rows["end"] for e in chart.edges)


def test_options_are_labelled_and_decisions_are_diamonds() -> None:
    svg = _chart("flowchart", "KT-002")
    root = ET.fromstring(svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Yes" in texts and "No" in texts
    assert len(list(root.iter(f"{SVG}polygon"))) > 0
    assert root.attrib["aria-label"] == "Flowchart of KT-002: each shape links to its step"
    assert root.attrib["aria-describedby"] == "steps-note"
    # the role in words next to its colour, so black-and-white paper still says who does it
    assert "⚠ Critical step · Head chef" in texts


def test_right_to_left_mirrors_the_chart() -> None:
    svg = _chart("arabic", "SV-001")
    root = ET.fromstring(svg)
    assert root.attrib["direction"] == "rtl"
    width = float(root.attrib["width"])
    step_text = next(t for t in root.iter(f"{SVG}text") if "text-anchor" not in t.attrib)
    assert float(step_text.attrib["x"]) > width / 2  # steps read from the right edge


def test_yaml_text_stays_text() -> None:
    manual = load("hostile")
    procedure = manual.procedures[0]
    svg = flowchart_svg(procedure, manual, Strings(manual.language))
    root = ET.fromstring(svg)  # well-formed: every text escaped
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    for element in root.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")]
        assert "title" not in element.attrib
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "<script>" in texts  # shown as the words it is


def test_same_input_same_bytes() -> None:
    assert _chart("flowchart", "KT-003") == _chart("flowchart", "KT-003")


def test_wrap_cuts_long_text_with_an_ellipsis() -> None:
    assert wrap("one two three four", 9, 2) == ("one two", "three…")
    assert wrap("a" * 12, 5, 3) == ("aaaa-", "aaaa-", "aaaa")
    assert wrap("", 5, 2) == ("",)

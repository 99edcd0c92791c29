"""Short addresses, labels and QR codes, as the renderer writes them (the site tests build them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import zxingcpp
from render_support import TODAY, Elements, load

from sopgen.render import RenderOptions, short_address_files
from sopgen.render.qr import qr_svg, remember, short_url
from sopgen.render.shortlinks import label_points
from sopgen.validate.pipeline import validate

SITE_URL = "https://manual.example.org/cafe/"
FLOWCHART_DATA = Path(__file__).parent / "data" / "flowchart"


def _files(name: str, **options: object) -> dict[str, str]:
    manual = load(name)
    made = short_address_files(manual, RenderOptions(today=TODAY, **options))  # type: ignore[arg-type]
    return {file.path: file.content for file in made}


def test_a_short_address_for_every_published_procedure_and_a_label_for_every_current_one() -> None:
    files = _files("full")
    assert sorted(files) == [
        "p/FH-000/index.html",  # retired: a notice, no label
        "p/FH-001/index.html",
        "p/FH-001/label.html",
        "p/FH-002/index.html",
        "p/FH-002/label.html",
        "p/KT-001/index.html",
        "p/KT-001/label.html",
        "p/KT-003/index.html",
        "p/KT-003/label.html",
    ]
    with_drafts = _files("full", include_drafts=True)
    assert "p/FH-003/label.html" in with_drafts and "p/KT-002/index.html" in with_drafts


def test_the_short_address_opens_the_current_page() -> None:
    page = _files("full")["p/FH-001/index.html"]
    assert (
        '<meta http-equiv="refresh" content="0; url=../../procedures/front-of-house/FH-001/">'
        in page
    )
    assert Elements(page).hrefs() == ["../../procedures/front-of-house/FH-001/"]
    flat = _files("full", directory_urls=False)["p/FH-001/index.html"]
    assert "url=../../procedures/front-of-house/FH-001.html" in flat


def test_a_retired_procedure_leads_to_its_successor_with_a_notice() -> None:
    page = _files("full")["p/FH-000/index.html"]
    assert "http-equiv" not in page  # whoever scanned an old card must read the notice
    assert "FH-000 is retired: do not work from it." in page
    assert Elements(page).hrefs() == [
        "../../procedures/front-of-house/FH-001/",  # the successor first
        "../../procedures/front-of-house/FH-000/",
    ]


def test_a_label_has_no_code_without_the_published_address() -> None:
    label = _files("full")["p/FH-001/label.html"]
    assert "<svg" not in label
    with_code = _files("full", site_url=SITE_URL)["p/FH-001/label.html"]
    assert with_code.count('<svg class="sop-qr"') == 1
    assert f'aria-label="QR code for {SITE_URL}p/FH-001/"' in with_code
    assert "@page{size:105mm 148mm" in with_code


def test_the_owner_chooses_what_the_label_shows() -> None:
    result = validate(FLOWCHART_DATA)
    assert result.manual is not None and not result.problems
    procedure = result.manual.procedure("KT-002")
    assert procedure is not None
    assert label_points(procedure) == [
        ("1", "Read the fridge thermometer."),
        ("", "Above 5 °C: move the food <now>"),
        ("3", "Write the reading in the log."),
    ]
    files = short_address_files(result.manual, RenderOptions(today=TODAY))
    label = next(f.content for f in files if f.path == "p/KT-002/label.html")
    assert "move the food &lt;now&gt;" in label


def test_without_a_choice_the_label_shows_critical_steps_then_specs() -> None:
    manual = load("full")
    procedure = manual.procedure("FH-001")
    assert procedure is not None
    points = label_points(procedure)
    critical = [(s.number, s.text) for s in procedure.all_steps() if s.critical]
    assert 3 <= len(points) <= 6
    assert [number for number, _ in points[: len(critical)]] == [n for n, _ in critical][:5]
    if procedure.specs:
        assert points[len(critical)][1].startswith(procedure.specs[0].item)


def test_yaml_text_on_short_pages_and_labels_stays_text() -> None:
    for content in _files("hostile", site_url=SITE_URL).values():
        elements = Elements(content)
        assert "script" not in [tag for tag, _ in elements.tags]
        assert not [a for _, attrs in elements.tags for a in attrs if a.startswith("on")]


def _bitmap(svg: str, scale: int = 4) -> tuple[bytes, int]:
    """The code's drawing as grey pixels (our path is dark runs, each a horizontal line one
    module thick: M x y.5 h w, then m dx dy h w from the end of the last run)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))  # type: ignore[union-attr]
    data = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    dark = set()
    x = y = 0.0
    for move, dx, dy, width in re.findall(r"([Mm])(-?[\d.]+) (-?[\d.]+)h(\d+)", data):
        x, y = (float(dx), float(dy)) if move == "M" else (x + float(dx), y + float(dy))
        dark.update((column, int(y)) for column in range(int(x), int(x) + int(width)))
        x += int(width)
    side = size * scale
    pixels = bytearray(
        0 if (px // scale, py // scale) in dark else 255 for py in range(side) for px in range(side)
    )
    return bytes(pixels), side


@pytest.mark.parametrize("procedure_id", ["FH-001", "KT-003"])
def test_the_code_decodes_to_the_short_address(procedure_id: str) -> None:
    url = short_url(SITE_URL, procedure_id)
    svg = qr_svg(url, "code")
    pixels, side = _bitmap(svg)
    image = memoryview(pixels).cast("B", (side, side))
    found = zxingcpp.read_barcodes(image)
    assert [code.text for code in found] == [url]


def test_codes_read_back_from_a_cache_cannot_carry_markup() -> None:
    url = "https://cache.example.org/p/X-1/"
    remember({url: '25 M4 4h7v1h-7z"/><script>alert(1)</script>'})
    assert "<script>" not in qr_svg(url, "code")  # the bad drawing was ignored and made anew


def test_codes_read_back_from_a_cache_are_used() -> None:
    url = "https://cache.example.org/p/X-2/"
    remember({url: "25 M4 4.5h7m2 0h1"})
    assert '<path stroke="#000" d="M4 4.5h7m2 0h1"/>' in qr_svg(url, "code")

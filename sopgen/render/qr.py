"""QR codes as inline SVG (segno: pure Python, no network), pointing at short addresses."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from itertools import groupby

from sopgen.render.strings import Strings

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
# The data mask. segno tries all eight and keeps the one with the fewest patterns that could
# confuse a reader: 4.5 ms a code, four fifths of it for that choice. Any mask is valid and
# readers decode every one; 7 is the one segno chooses most often for short addresses.
MASK = 7
# A code's drawing: "<size> <path data>". Only these characters: a drawing read back from a
# cache file cannot carry markup into a page.
_DRAWING = re.compile(r"\d{2,3} M[0-9mh. -]+")
# Every code made or given in this process, by URL. Making one takes a millisecond of pure
# Python; a page and its label need the same code, a live preview makes it again on each
# rebuild, and the site layer keeps them between builds.
_drawings: dict[str, str] = {}


def short_url(site_url: str, procedure_id: str) -> str:
    """The published short address of a procedure: ``<site_url>p/<ID>/``."""
    return f"{site_url.rstrip('/')}/p/{procedure_id}/"


def drawings() -> Mapping[str, str]:
    """The codes made so far, by URL (to keep them between builds)."""
    return _drawings


def remember(known: Mapping[str, str]) -> None:
    """Codes made before (read back from a cache): a drawing that is not one is ignored."""
    for url, drawing in known.items():
        if isinstance(url, str) and isinstance(drawing, str) and _DRAWING.fullmatch(drawing):
            _drawings.setdefault(url, drawing)


def make_drawing(url: str) -> str:
    """The code of ``url`` drawn as "<size> <path data>": each run of dark modules a
    horizontal line one module thick, each move relative to the end of the last line (half
    the bytes of a rectangle per run, and an inline code is in every procedure page)."""
    import segno  # only a build that prints codes pays for the import

    rows = segno.make_qr(url, error="m", mask=MASK).matrix
    path: list[str] = []
    end_x, end_y = 0, 0
    for y, row in enumerate(rows, start=QUIET_ZONE):
        x = QUIET_ZONE
        for dark, run in groupby(row):
            length = len(tuple(run))
            if dark:
                if path:
                    path.append(f"m{x - end_x} {y - end_y}h{length}")
                else:  # the line's middle: y + 0.5 draws module row y with stroke-width 1
                    path.append(f"M{x} {y}.5h{length}")
                end_x, end_y = x + length, y
            x += length
    return f"{len(rows) + 2 * QUIET_ZONE} {''.join(path)}"


def _drawing(url: str) -> str:
    made = _drawings.get(url)
    if made is None:
        made = _drawings[url] = make_drawing(url)
    return made


def qr_svg(url: str, label: str) -> str:
    """The QR code of ``url`` as an ``<svg>`` (one stroked path, dark on white, crisp edges),
    named ``label`` for screen readers."""
    size, path = _drawing(url).split(" ", 1)
    name = html.escape(label, quote=True)
    return (
        f'<svg class="sop-qr" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" '
        f'viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" d="{path}"/></svg>'
    )


def procedure_qr(procedure_id: str, site_url: str | None, t: Strings) -> str:
    """The code of a procedure's short address; "" when the manual has no published URL."""
    if not site_url:
        return ""
    url = short_url(site_url, procedure_id)
    return qr_svg(url, t("qr_label", url=url))


def print_qr(procedure_id: str, site_url: str | None, t: Strings) -> str:
    """The code for a printed copy (shown only on paper, by the style sheet), with the address
    in words for whoever cannot scan; "" without a published URL."""
    if not site_url:
        return ""
    url = short_url(site_url, procedure_id)
    code = qr_svg(url, t("qr_label", url=url))
    words = html.escape(t("label_scan"), quote=False)
    return (
        f'<div class="sop-print-qr">{code}<p>{words}<br>'
        f"<span>{html.escape(url, quote=False)}</span></p></div>"
    )

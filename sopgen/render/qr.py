"""QR codes as inline SVG (segno: pure Python, no network), pointing at short addresses."""

from __future__ import annotations

import html
from functools import lru_cache

from sopgen.render.strings import Strings

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def short_url(site_url: str, procedure_id: str) -> str:
    """The published short address of a procedure: ``<site_url>p/<ID>/``."""
    return f"{site_url.rstrip('/')}/p/{procedure_id}/"


@lru_cache(maxsize=8192)
def qr_svg(url: str, label: str) -> str:
    """The QR code of ``url`` as an ``<svg>`` (one path, dark on white, crisp edges), named
    ``label`` for screen readers. Generating one takes a few milliseconds of pure Python: a
    live preview keeps them for its rebuilds."""
    import segno  # only pages that print a code pay for the import

    code = segno.make_qr(url, error="m")
    rows = [list(row) for row in code.matrix]
    size = len(rows) + 2 * QUIET_ZONE
    path = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                path.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h{start - x}z")
            else:
                x += 1
    name = html.escape(label, quote=True)
    return (
        f'<svg class="sop-qr" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" '
        f'viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(path)}"/></svg>'
    )


def procedure_qr(procedure_id: str, site_url: str | None, t: Strings) -> str:
    """The code of a procedure's short address; "" when the manual has no published URL."""
    if not site_url:
        return ""
    url = short_url(site_url, procedure_id)
    return qr_svg(url, t("qr_label", url=url))

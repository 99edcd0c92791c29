"""Short addresses (``p/<ID>/``) that always reach a procedure's current page, and its label.

They are whole small HTML documents, not theme pages: thousands of them would otherwise cost
a themed page each, and they belong in neither the navigation nor the search. A published
procedure's short address opens its page; a retired one's says so and leads to its successor
(following a chain of replacements), so a QR code on an old laminated card still helps.
"""

from __future__ import annotations

from sopgen.model import Manual, Procedure, Spec, Step
from sopgen.render import html as h
from sopgen.render.links import is_published, procedure_path
from sopgen.render.options import RenderOptions, StaticFile
from sopgen.render.qr import procedure_qr
from sopgen.render.strings import Strings, procedure_language
from sopgen.render.text import plain

LABEL_POINTS = (3, 6)  # the fewest and the most things a label shows


def short_page(procedure_id: str) -> str:
    """The docs path whose URL is the short address (``p/<ID>/``)."""
    return f"p/{procedure_id}/index.md"


def label_file(procedure_id: str) -> str:
    """The label's file, beside the short address (its links are made as from there)."""
    return f"p/{procedure_id}/label.html"


def short_address_files(manual: Manual, options: RenderOptions) -> list[StaticFile]:
    """A short address for every published procedure and a label for every current one."""
    t = Strings(manual.language)
    files = []
    for procedure in manual.procedures:
        if not is_published(procedure, options):
            continue
        page = short_page(procedure.id)
        files.append(StaticFile(_file(page), _short(procedure, manual, options, t)))
        if procedure.status != "retired":
            label = render_label(procedure, manual, options)
            files.append(StaticFile(label_file(procedure.id), label))
    return files


def _file(page: str) -> str:
    return page.removesuffix(".md") + ".html"


def _link(from_page: str, procedure: Procedure, options: RenderOptions) -> tuple[str, str]:
    url = h.href(from_page, procedure_path(procedure), directory_urls=options.directory_urls)
    return url, f'<a href="{url}">{h.text(f"{procedure.id} {procedure.title}")}</a>'


def successor(procedure: Procedure, manual: Manual, options: RenderOptions) -> Procedure | None:
    """The published procedure that replaces a retired one in the end (None: nothing does)."""
    seen = {procedure.id}
    current = procedure
    while current.status == "retired" and current.superseded_by:
        following = manual.procedure(current.superseded_by)
        if following is None or following.id in seen or not is_published(following, options):
            return None
        seen.add(following.id)
        current = following
    return current if current is not procedure and current.status != "retired" else None


def _document(
    manual: Manual, title: str, head: str, body: str, style: str = "", language: str = ""
) -> str:
    language = language or manual.language
    direction = "rtl" if Strings(language).rtl else "ltr"
    return (
        f'<!doctype html><html lang="{h.attr(language)}" dir="{direction}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, '
        'initial-scale=1"><meta name="robots" content="noindex">'
        f"{head}<title>{h.text(title)}</title>{f'<style>{style}</style>' if style else ''}"
        f"</head><body>{body}</body></html>\n"
    )


_SHORT_STYLE = (
    "body{font:1.1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}"
    "a{color:#1a5a96}.retired{border-inline-start:4px solid #b71c1c;padding-inline-start:1rem}"
)


def _short(procedure: Procedure, manual: Manual, options: RenderOptions, t: Strings) -> str:
    page = short_page(procedure.id)
    title = f"{procedure.id} {procedure.title}"
    if procedure.status != "retired":
        url, link = _link(page, procedure, options)
        opening = _sentence(t, "short_opening", link=link)
        head = f'<meta http-equiv="refresh" content="0; url={url}">'
        return _document(manual, title, head, f"<p>{opening}</p>", _SHORT_STYLE)
    # No automatic redirect: whoever scanned an old card must see that it is out of date.
    notice = [f"<p><strong>{h.text(t('short_retired', id=procedure.id))}</strong></p>"]
    replacement = successor(procedure, manual, options)
    if replacement is not None:
        _, link = _link(page, replacement, options)
        notice.append(f"<p>{_sentence(t, 'short_superseded', link=link)}</p>")
    _, old = _link(page, procedure, options)
    notice.append(f"<p>{_sentence(t, 'short_retired_page', link=old)}</p>")
    body = f'<div class="retired">{"".join(notice)}</div>'
    return _document(manual, title, "", body, _SHORT_STYLE)


def _sentence(t: Strings, key: str, **links: str) -> str:
    """A translated sentence with links (HTML) in its places; its own words escaped."""
    marks = {name: f"\ue000{name}\ue001" for name in links}
    sentence = h.text(t(key, **marks))
    for name, made in links.items():
        sentence = sentence.replace(marks[name], made)
    return sentence


def label_points(procedure: Procedure) -> list[tuple[str, str]]:
    """What matters most, as (step number or "", text): the owner's ``label`` list (a step id
    stands for that step), else the critical steps, then the specs, then the first steps,
    three to six of them."""
    fewest, most = LABEL_POINTS
    if procedure.label:
        chosen = []
        for item in procedure.label[:most]:
            step = procedure.step_by_id(item)
            chosen.append(_step_point(step) if step else ("", plain(item, 120)))
        return chosen
    points = [_step_point(s) for s in procedure.all_steps() if s.critical][: most - 1]
    points += [("", _spec_text(spec)) for spec in procedure.specs][: most - len(points)]
    for step in procedure.steps:
        if len(points) >= fewest:
            break
        if not step.critical:
            points.append(_step_point(step))
    return points


def _step_point(step: Step) -> tuple[str, str]:
    return step.number, plain(step.text, 120)


def _spec_text(spec: Spec) -> str:
    value = f"{spec.item}: {spec.value}"
    return plain(f"{value} ({spec.tolerance})" if spec.tolerance else value, 120)


_LABEL_STYLE = (
    "@page{size:105mm 148mm;margin:6mm}"  # A6 (this Chromium ignores the name)
    "*{box-sizing:border-box}"
    "body{font:10pt/1.35 system-ui,sans-serif;color:#000;background:#eee;margin:0;padding:1rem}"
    ".card{background:#fff;width:105mm;min-height:148mm;margin:0 auto;padding:6mm;"
    "border:1px solid #999;display:flex;flex-direction:column;gap:3mm}"
    ".meta{margin:0;font-size:8.5pt;font-weight:700;letter-spacing:.02em}"
    "h1{margin:0;font-size:14pt;line-height:1.2}"
    "ol{margin:0;padding-inline-start:0;list-style:none;display:grid;gap:2mm;flex:1;"
    "align-content:start}"
    "li{border-inline-start:3px solid #000;padding-inline-start:2.5mm}"
    "li b{margin-inline-end:1.5mm}"
    "footer{display:flex;align-items:center;gap:3mm;border-top:1px solid #000;padding-top:2mm}"
    ".sop-qr{width:26mm;height:26mm;flex:none}"
    "footer p{margin:0;font-size:8pt}"
    ".hint{max-width:105mm;margin:1rem auto;font-size:.9rem}"
    "@media print{body{background:none;padding:0}.card{border:0;padding:0;width:auto;"
    "min-height:calc(148mm - 12mm)}.hint{display:none}}"
)


def render_label(procedure: Procedure, manual: Manual, options: RenderOptions) -> str:
    """The A6 card of a procedure: title, what matters most, QR code, id and revision (in the
    procedure's language)."""
    language = procedure_language(procedure, manual)
    t = Strings(language)
    page = short_page(procedure.id)  # the same folder
    items = []
    for number, point in label_points(procedure):
        lead = f"<b>{h.text(number)}</b>" if number else ""
        items.append(f"<li>{lead}{h.text(point)}</li>")
    qr = procedure_qr(procedure.id, options.site_url, t)
    effective = (
        f" · {h.text(t('effective'))} {procedure.effective.isoformat()}"
        if (procedure.effective)
        else ""
    )
    meta = (
        f'<p class="meta">{h.text(procedure.id)} · {h.text(t("revision"))} '
        f"{h.text(procedure.revision)}{effective}</p>"
    )
    scan = f"<p><strong>{h.text(t('label_scan'))}</strong></p>" if qr else ""
    footer = (
        f"<footer>{qr}<div>{scan}<p>{h.text(manual.title)}</p>"
        f"<p>{h.text(t('print_uncontrolled'))}</p></div></footer>"
    )
    _, back = _link(page, procedure, options)
    body = (
        f'<main class="card">{meta}<h1>{h.text(procedure.title)}</h1>'
        f"<ol>{''.join(items)}</ol>{footer}</main>"
        f'<p class="hint">{h.text(t("label_hint"))} {back}</p>'
    )
    title = f"{procedure.id} {procedure.title}"
    return _document(manual, title, "", body, _LABEL_STYLE, language)


def label_link(from_page: str, procedure: Procedure, options: RenderOptions, t: Strings) -> str:
    """A link from the procedure's page to its printable label (none for a retired one)."""
    if procedure.status == "retired":
        return ""
    url = h.file_href(from_page, label_file(procedure.id), options.directory_urls)
    return f'<a class="md-button" href="{url}">{h.text(t("label_link"))}</a>'

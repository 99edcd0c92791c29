"""A procedure's printable sign-off sheet: a small HTML document of its own, made for paper.

It is not a themed site page: it has nothing to navigate, prints on one sheet, and costs a
fraction of a themed page to make (a manual of thousands of procedures has one per procedure).
It works on screen too (a phone, light or dark, right to left), with no script and nothing
loaded from anywhere.
"""

from __future__ import annotations

import posixpath

from sopgen.model import Change, Manual, Procedure
from sopgen.model.training import TrainingState, requirement, sheet_changes, signers
from sopgen.render.html import attr, file_href, text, url_of
from sopgen.render.links import procedure_path, role_title, signoff_sheet_path
from sopgen.render.options import RenderOptions
from sopgen.render.qr import procedure_qr
from sopgen.render.strings import Strings, procedure_language

BLANK_ROWS = 4  # for whoever is not listed: a new starter, a temp, a visiting trainer
BLANK_ROWS_WITHOUT_NAMES = 10

# Black on white on paper; the reader's own scheme on screen (system colours follow it).
_STYLE = """
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
line-height:1.4}
body{margin:0 auto;max-width:60rem;padding:1rem;background:Canvas;color:CanvasText}
h1{font-size:1.5rem;margin:.25rem 0 .5rem}h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
.sheet-manual{margin:0;font-size:.95rem}
.sheet-facts{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0;padding:0}
.sheet-facts div{display:flex;gap:.4rem}.sheet-facts dt{font-weight:700}.sheet-facts dd{margin:0}
.sheet-code:empty{display:none}
.sheet-code .sop-qr{width:2.4cm;height:2.4cm;display:block}
.sheet-scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;min-width:36rem}
th,td{border:1px solid CanvasText;padding:.4rem .5rem;text-align:start;vertical-align:top}
tbody td{height:2.2rem}
.sheet-changes li{margin:.2rem 0}
.sheet-note{font-size:.95rem}
a{color:LinkText}
code{font-size:.95em;overflow-wrap:anywhere}
@media print{
 :root{color-scheme:light}
 body{max-width:none;padding:0;font-size:11pt;background:#fff;color:#000}
 th,td{border-color:#000}
 tbody td{height:1.1cm}
 .sheet-screen{display:none}
 .sheet-scroll{overflow:visible}
 table{min-width:0}
 tr{break-inside:avoid}
 @page{margin:1.5cm}
}
"""


def sheet_href(from_page: str, procedure: Procedure, options: RenderOptions) -> str:
    """The link from a site page to the procedure's sheet (safe inside double quotes)."""
    return file_href(from_page, signoff_sheet_path(procedure), options.directory_urls)


def signoff_sheet_link(procedure: Procedure, options: RenderOptions, t: Strings) -> str:
    """The procedure page's button to its sheet; nothing for a procedure nobody signs."""
    if not procedure.is_current:
        return ""
    href = sheet_href(procedure_path(procedure), procedure, options)
    return f'<a class="md-button" href="{href}">{text(t("training_sheet"))}</a>'


def sheet_code(procedure: Procedure, manual: Manual, options: RenderOptions) -> str:
    """The QR code of the procedure's short address (render/qr.py), beside the sheet's title,
    so the signed paper leads to the live procedure; empty without the manual's site_url."""
    t = Strings(procedure_language(procedure, manual))
    return procedure_qr(procedure.id, options.site_url, t)


def render_signoff_sheet(procedure: Procedure, manual: Manual, options: RenderOptions) -> str:
    """The whole HTML document of the sheet: what changed since the previous material
    revision, one row per person due to sign (when names may be shown), then blank rows."""
    language = procedure_language(procedure, manual)  # the sheet is read with the procedure
    t = Strings(language)
    names = manual.has_people and manual.publish_names
    title = t("sheet_title", id=procedure.id, title=procedure.title)
    effective = procedure.effective.isoformat() if procedure.effective else "—"
    facts = [
        (t("id"), text(procedure.id)),
        (t("revision"), text(procedure.revision)),
        (t("effective"), effective),
        (t("owner"), text(role_title(manual, procedure.owner))),
    ]
    facts_html = "".join(
        f"<div><dt>{text(label)}</dt><dd>{value}</dd></div>" for label, value in facts
    )
    rows = _signer_rows(procedure, manual) if names else []
    blank = "<tr>" + "<td></td>" * 5 + "</tr>"
    blanks = blank * (BLANK_ROWS if names else BLANK_ROWS_WITHOUT_NAMES)
    columns = (t("sheet_name"), t("role"), t("sheet_trainer"), t("sign_signature"), t("sign_date"))
    head = "".join(f'<th scope="col">{text(column)}</th>' for column in columns)
    back = _relative_url(signoff_sheet_path(procedure), procedure_path(procedure), options)
    command = f"sopgen sign PERSON {procedure.id} --date YYYY-MM-DD"
    document = [
        "<!doctype html>",
        f'<html lang="{attr(language)}" dir="{"rtl" if t.rtl else "ltr"}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex">',
        f"<title>{text(title)}</title><style>{_STYLE}</style></head>",
        "<body><main>",
        f'<p class="sheet-manual">{text(manual.title)}</p>',
        f"<h1>{text(title)}</h1>",
        f'<dl class="sheet-facts">{facts_html}</dl>',
        f'<div class="sheet-code">{sheet_code(procedure, manual, options)}</div>',
        f'<h2 id="changes">{text(t("sheet_changes"))}</h2>',
        _changes(sheet_changes(procedure), t),
        f'<h2 id="signatures">{text(t("sheet_signatures"))}</h2>',
        f"<p>{text(t('sheet_statement', revision=procedure.revision))}</p>",
        f'<div class="sheet-scroll" role="region" aria-labelledby="signatures" tabindex="0">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}{blanks}</tbody>"
        "</table></div>",
        f'<p class="sheet-note">{text(t("sheet_print", command=command))}</p>',
        f'<p class="sheet-screen"><a href="{back}">{text(t("sheet_back"))}</a></p>',
        "</main></body></html>",
    ]
    return "\n".join(document) + "\n"


def _signer_rows(procedure: Procedure, manual: Manual) -> list[str]:
    """A row per active person due to sign this revision (name and their roles it names)."""
    rows = []
    for person, roles in signers(manual, procedure):
        if requirement(person, procedure, manual.signoffs).state is not TrainingState.DUE:
            continue
        role_names = ", ".join(role_title(manual, role) for role in roles)
        rows.append(
            f"<tr><td>{text(person.name)}</td><td>{text(role_names)}</td>"
            "<td></td><td></td><td></td></tr>"
        )
    return rows


def _changes(changes: tuple[Change, ...], t: Strings) -> str:
    if not changes:
        return f"<p>{text(t('sheet_no_changes'))}</p>"
    items = []
    for change in changes:
        editorial = f" ({text(t('sheet_editorial'))})" if change.editorial else ""
        items.append(
            f"<li><strong>{text(t('revision'))} {text(change.revision)}</strong> "
            f"({change.date.isoformat()}){editorial}: {text(change.summary)}</li>"
        )
    return f'<ul class="sheet-changes">{"".join(items)}</ul>'


def _relative_url(from_file: str, to_page: str, options: RenderOptions) -> str:
    """From the sheet (a file at its own path) to a page's URL."""
    target = url_of(to_page, options.directory_urls)
    relative = posixpath.relpath(target, posixpath.dirname(from_file))
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return attr(relative)

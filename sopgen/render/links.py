"""Where each generated page lives, and the links between them."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import quote

from sopgen.model import Manual, Procedure
from sopgen.render.options import RenderOptions
from sopgen.render.strings import Strings
from sopgen.render.text import inline, safe_url

PROCEDURES_INDEX = "procedures/index.md"
ROLES_INDEX = "roles/index.md"
REVIEW_PAGE = "review.md"
QUESTIONS_PAGE = "questions.md"
METRICS_PAGE = "metrics.md"
GLOSSARY_PAGE = "glossary.md"
TRAINING_PAGE = "training.md"


def procedure_path(procedure: Procedure) -> str:
    return f"procedures/{procedure.category}/{procedure.id}.md"


def signoff_sheet_path(procedure: Procedure) -> str:
    """The printable sign-off sheet of a procedure: a file of its own beside the page's folder."""
    return f"procedures/{procedure.category}/{procedure.id}/sign-off.html"


def category_path(category_id: str) -> str:
    return f"procedures/{category_id}/index.md"


def role_path(role_id: str) -> str:
    return f"roles/{role_id}.md"


def is_published(procedure: Procedure, options: RenderOptions) -> bool:
    """Effective and retired procedures always have a page; drafts only when asked for."""
    return procedure.status in ("effective", "retired") or options.include_drafts


def relative(from_page: str, to_page: str) -> str:
    """The link from one docs page to another, as MkDocs resolves it."""
    if from_page == to_page:
        return ""
    to_dir, name = posixpath.split(to_page)
    prefix = _folder_link(posixpath.dirname(from_page), to_dir)
    return name if prefix == "." else f"{prefix}/{name}"


@lru_cache(maxsize=4096)
def _folder_link(from_dir: str, to_dir: str) -> str:
    # posixpath.relpath asks the OS for the working directory on every call: a third of
    # rendering a big manual. Pages sit in a few dozen folders, so each pair is worked out once.
    return posixpath.relpath(to_dir or ".", from_dir or ".")


def link(text: str, from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A Markdown link; ``text`` is already Markdown."""
    target = relative(from_page, to_page) + (f"#{anchor}" if anchor else "")
    return f"[{text}]({target})"


def procedure_link(
    manual: Manual,
    options: RenderOptions,
    from_page: str,
    procedure_id: str,
    *,
    anchor: str | None = None,
    with_title: bool = True,
) -> str:
    """ "CS-002 Refund a payment" linked when its page exists, else plain text that says so."""
    procedure = manual.procedure(procedure_id)
    if procedure is None or not is_published(procedure, options):
        return Strings(manual.language)("not_published", id=inline(procedure_id))
    text = inline(f"{procedure.id} {procedure.title}" if with_title else procedure.id)
    return link(text, from_page, procedure_path(procedure), anchor)


def role_title(manual: Manual, role_id: str) -> str:
    role = manual.role(role_id)
    return role.title if role else role_id


def role_link(manual: Manual, from_page: str, role_id: str) -> str:
    return link(inline(role_title(manual, role_id)), from_page, role_path(role_id))


def source_path(procedure: Procedure, options: RenderOptions) -> str:
    """The procedure's YAML file from the repository root."""
    folder = options.procedures_path.strip("/")
    return f"{folder}/{procedure.source}" if folder else procedure.source


def edit_url(procedure: Procedure, manual: Manual, options: RenderOptions) -> str | None:
    template = manual.edit_url or options.edit_url
    if not template:
        return None
    return safe_url(template.replace("{path}", quote(source_path(procedure, options), safe="/")))


def report_url(procedure: Procedure, manual: Manual, options: RenderOptions) -> str | None:
    if not manual.report_problem_url:
        return None
    url = manual.report_problem_url
    values = {
        "id": procedure.id,
        "title": procedure.title,
        "revision": procedure.revision,
        "path": source_path(procedure, options),
    }
    for name, value in values.items():
        placeholder = "{" + name + "}"
        if placeholder in url:  # quoting is the cost, and a template names one or two
            url = url.replace(placeholder, quote(value, safe=""))
    return safe_url(url)


# What a web address cannot hold as written: the theme prints site_url into every page as it
# is (its canonical link), and QR codes encode it. Spaces, quotes, angle brackets, backslashes,
# control, invisible and bidi characters must be percent-encoded (%20) or removed.
_URL_UNSAFE = re.compile(
    r"[\s\"<>\\^`{|}\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def site_url_problem(site_url: str) -> str | None:
    """Why ``site_url`` cannot be the manual's published address (None: it can)."""
    scheme = site_url.split(":", 1)[0].lower() if ":" in site_url else ""
    if scheme not in ("http", "https"):
        return "it must start with https:// or http:// (the address staff open and scan)"
    if "?" in site_url or "#" in site_url:
        return "it must be the site's folder address, without ? or # (p/<ID>/ goes after it)"
    bad = _URL_UNSAFE.search(site_url)
    if bad is not None:
        from sopgen.validate.characters import character_name

        return (
            f"it holds {character_name(bad.group(0))}, which a web address cannot hold as "
            "written: percent-encode it (a space is %20) or remove it"
        )
    return None


def setting_position(config_text: str, key: str) -> tuple[int, int]:
    """Line and column of a top-level setting's value in mkdocs.yml's text (1, 1 if absent)."""
    for number, line in enumerate(config_text.splitlines(), 1):
        found = re.match(rf"{re.escape(key)}\s*:\s*", line)
        if found:
            return number, found.end() + 1
    return 1, 1

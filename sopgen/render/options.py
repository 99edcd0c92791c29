"""What a render needs besides the manual: the date, drafts, and where sources are edited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RenderOptions:
    """Settings of one render; ``today`` decides overdue banners and the review page."""

    today: date
    include_drafts: bool = False  # drafts and in-review procedures get pages and list entries
    edit_url: str | None = None  # "https://host/o/r/edit/main/{path}"; {path} from the repo root
    procedures_path: str = "procedures"  # the manual folder's path from the repository root


@dataclass(frozen=True)
class Page:
    """One generated Markdown page, by its docs-relative path."""

    path: str
    markdown: str
    title: str
    source: str | None  # the procedure's YAML file relative to the manual folder, else None
    in_nav: bool  # procedure pages stay out of the nav so a page's size does not grow with the site

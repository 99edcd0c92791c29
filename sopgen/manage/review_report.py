"""Write the review list (sopgen.model.review) as text, Markdown or JSON, grouped by owner."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date

from sopgen.manage import UnknownOption
from sopgen.manage.markdown_text import literal
from sopgen.model import Manual
from sopgen.model.review import ReviewItem, ReviewState, by_owner, review_items

STATE_LABELS = {
    ReviewState.OVERDUE: "overdue",
    ReviewState.DUE_SOON: "due soon",
    ReviewState.IN_REVIEW: "in review",
    ReviewState.DRAFT: "draft",
}


def _when(item: ReviewItem) -> str:
    if item.due is None or item.days is None:
        return ""
    if item.days == 0:
        return f"due {item.due.isoformat()} (today)"
    days = f"{abs(item.days)} day{'s' if abs(item.days) != 1 else ''}"
    return (
        f"due {item.due.isoformat()} ({days} ago)"
        if item.days < 0
        else (f"due {item.due.isoformat()} (in {days})")
    )


def _owner_title(manual: Manual, role_id: str) -> str:
    role = manual.role(role_id)
    return role.title if role else role_id


def _nothing(within: int) -> str:
    return (
        f"Nothing to review: no procedure is overdue, due within {within} days, "
        "a draft or in review."
    )


def text_report(manual: Manual, items: Sequence[ReviewItem], today: date, within: int) -> str:
    if not items:
        return _nothing(within) + "\n"
    lines = [f"Reviews as of {today.isoformat()} (due within {within} days), by owner:"]
    for owner, group in by_owner(items).items():
        lines += ["", f"{_owner_title(manual, owner)} ({owner})"]
        width = max(len(item.procedure.id) for item in group)
        for item in group:
            label = STATE_LABELS[item.state]
            lines.append(
                f"  {label:<9}  {item.procedure.id:<{width}}  {item.procedure.title}"
                + (f" — {_when(item)}" if _when(item) else "")
            )
    overdue = sum(1 for item in items if item.state is ReviewState.OVERDUE)
    lines += ["", f"{len(items)} to review, {overdue} overdue."]
    return "\n".join(lines) + "\n"


def markdown_report(manual: Manual, items: Sequence[ReviewItem], today: date, within: int) -> str:
    if not items:
        return _nothing(within) + "\n"
    lines = [f"## Reviews as of {today.isoformat()}"]
    for owner, group in by_owner(items).items():
        lines += ["", f"### {literal(_owner_title(manual, owner))}", ""]
        lines += ["| State | Procedure | Title | Due |", "| --- | --- | --- | --- |"]
        for item in group:
            lines.append(
                f"| {STATE_LABELS[item.state]} | {literal(item.procedure.id)} | "
                f"{literal(item.procedure.title)} | {_when(item).removeprefix('due ')} |"
            )
    return "\n".join(lines) + "\n"


def json_report(manual: Manual, items: Sequence[ReviewItem], today: date, within: int) -> str:
    rows = [
        {
            "owner": item.procedure.owner,
            "owner_title": _owner_title(manual, item.procedure.owner),
            "id": item.procedure.id,
            "title": item.procedure.title,
            "state": item.state.value,
            "due": item.due.isoformat() if item.due else None,
            "days": item.days,
            "path": item.procedure.source,
        }
        for item in items
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


REVIEW_REPORTERS: dict[str, Callable[[Manual, Sequence[ReviewItem], date, int], str]] = {
    "text": text_report,
    "markdown": markdown_report,
    "json": json_report,
}


def review_report(
    manual: Manual, today: date, within: int, owners: Sequence[str], output_format: str
) -> tuple[str, bool]:
    """The review list of ``owners`` (all when none) as ``output_format``, and whether any
    review is overdue; UnknownOption for an owner that is no role of the manual."""
    known = {role.id for role in manual.roles}
    unknown = [owner for owner in owners if owner not in known]
    if unknown:
        message = f"no role {unknown[0]!r} in manual.yaml; roles: {', '.join(sorted(known))}"
        raise UnknownOption(message, "--owner")
    items = review_items(manual, today, within, owners or None)
    report = REVIEW_REPORTERS[output_format](manual, items, today, within)
    return report, any(item.state is ReviewState.OVERDUE for item in items)

"""What needs a review: overdue, due soon, drafts and in-review procedures, grouped by owner."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sopgen.model import Manual, Procedure

DUE_SOON_DAYS = 30


class ReviewState(StrEnum):
    """Why a procedure is on the review list, most urgent first."""

    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    IN_REVIEW = "in-review"
    DRAFT = "draft"


@dataclass(frozen=True)
class ReviewItem:
    procedure: Procedure
    state: ReviewState
    due: date | None  # next review date (None for drafts without dates)
    days: int | None  # days until due (negative when overdue)


def review_state(procedure: Procedure, today: date, within_days: int) -> ReviewState | None:
    """The procedure's review state on ``today``, or None when nothing is due."""
    if procedure.status == "draft":
        return ReviewState.DRAFT
    if procedure.status == "in-review":
        return ReviewState.IN_REVIEW
    if procedure.status != "effective" or procedure.next_review is None:
        return None
    if procedure.next_review < today:
        return ReviewState.OVERDUE
    if procedure.next_review <= today + timedelta(days=within_days):
        return ReviewState.DUE_SOON
    return None


def review_items(
    manual: Manual,
    today: date,
    within_days: int = DUE_SOON_DAYS,
    owners: Iterable[str] | None = None,
) -> list[ReviewItem]:
    """Procedures that need attention, ordered by owner (manual.yaml's role order), then
    urgency, then due date and id."""
    wanted = set(owners) if owners is not None else None
    role_order = {role.id: index for index, role in enumerate(manual.roles)}
    urgency = {state: index for index, state in enumerate(ReviewState)}
    items = []
    for procedure in manual.procedures:
        if wanted is not None and procedure.owner not in wanted:
            continue
        state = review_state(procedure, today, within_days)
        if state is None:
            continue
        due = procedure.next_review
        items.append(ReviewItem(procedure, state, due, (due - today).days if due else None))
    items.sort(
        key=lambda item: (
            role_order.get(item.procedure.owner, len(role_order)),
            item.procedure.owner,
            urgency[item.state],
            item.due or date.max,
            item.procedure.id,
        )
    )
    return items


def by_owner(items: Iterable[ReviewItem]) -> dict[str, list[ReviewItem]]:
    """Group already-sorted items by owner role id, keeping their order."""
    groups: dict[str, list[ReviewItem]] = {}
    for item in items:
        groups.setdefault(item.procedure.owner, []).append(item)
    return groups

"""review-overdue: effective procedures are reviewed on time (error with --fail-overdue)."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.model import DEFAULT_REVIEW_MONTHS, add_months, parse_date
from sopgen.problems import Problem, Severity
from sopgen.validate.rules import Sources

ID = "review-overdue"
SEVERITY = Severity.WARNING


def check(sources: Sources) -> Iterator[Problem]:
    """An effective procedure's next review (`last_reviewed`, or `effective`, plus
    `review_every_months`) is not in the past.

    A procedure nobody has looked at for longer than its cycle has probably drifted from what
    people really do. A warning, or an error with `--fail-overdue` (for a scheduled CI job).
    `--strict` does not fail on it: an overdue review is the manual's state on the day, not a
    defect in the change being checked, so it must not block every pull request.
    Fix: review it with the people who do the work, then set `last_reviewed:` to today's date;
    if anything changed, raise `revision` and add a `changes` entry.
    """
    default_months = sources.manual.data.get("review_every_months", DEFAULT_REVIEW_MONTHS)
    severity = Severity.ERROR if sources.fail_overdue else SEVERITY
    for document in sources.procedures:
        data = document.data
        if data["status"] != "effective":
            continue
        key = "last_reviewed" if "last_reviewed" in data else "effective"
        base = parse_date(data.get(key))
        if base is None:
            continue
        due = add_months(base, data.get("review_every_months", default_months))
        if due < sources.today:
            days = (sources.today - due).days
            yield document.problem(
                (key,),
                ID,
                f"Review overdue since {due.isoformat()} ({days} days): review it, then set "
                f"`last_reviewed: {sources.today.isoformat()}`.",
                severity=severity,
            )

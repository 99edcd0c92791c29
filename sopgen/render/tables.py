"""Markdown pipe tables from escaped cells, in a block the CSS can fit to a phone."""

from __future__ import annotations

from collections.abc import Sequence


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    kind: str,
    stack: bool = False,
    name_first: bool = False,
) -> str:
    """A pipe table inside ``<div class="sop-table sop-table-<kind>">``; an empty cell gets a
    dash so every row reads as complete. With ``stack`` a phone shows each row as a block and
    every cell after the first carries its column's name (hidden on wider screens); with
    ``name_first`` the first cell too, when it would not speak for itself (a revision "2")."""
    lines = [
        "| " + " | ".join(columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(cells_of(columns, row, stack, name_first)) + " |")
    classes = f"sop-table sop-table-{kind}" + (" sop-table-stack" if stack else "")
    return f'<div class="{classes}" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


def cells_of(
    columns: Sequence[str], row: Sequence[str], stack: bool, name_first: bool
) -> list[str]:
    """A row's cells: a dash for an empty one, and with ``stack`` each labelled with its
    column's name (from the second cell, or the first too with ``name_first``)."""
    cells = [cell or "—" for cell in row]
    if not stack:
        return cells
    start = 0 if name_first else 1
    return cells[:start] + [
        f'<span class="sop-label">{column}:</span> {cell}'
        for column, cell in zip(columns[start:], cells[start:], strict=True)
    ]


def date_cell(date: str) -> str:
    """An ISO date kept on one line (browsers break "2027-05-04" at a hyphen in a narrow column)."""
    return f'<span class="sop-date">{date}</span>'

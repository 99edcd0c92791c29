"""Cross-file rules: each module has an ID, a check() whose docstring is its documentation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from sopgen.problems import Problem
from sopgen.validate.loader import Document

Where = tuple[str | int, ...]


@dataclass
class Sources:
    """What the rules look at: schema-valid documents plus the ids every file declares."""

    manual_dir: Path
    manual: Document
    procedures: list[Document]
    # ids declared by every readable procedure, even one with schema errors, so a broken file
    # does not also make every reference to it look broken.
    declared_ids: set[str] = field(default_factory=set)
    today: date = field(default_factory=date.today)
    fail_overdue: bool = False

    @property
    def role_ids(self) -> set[str]:
        return {role["id"] for role in self.manual.data["roles"]}

    @property
    def categories(self) -> dict[str, dict[str, Any]]:
        return {category["id"]: category for category in self.manual.data["categories"]}

    @property
    def procedure_ids(self) -> set[str]:
        return self.declared_ids | {doc.data["id"] for doc in self.procedures}


def iter_steps(data: dict[str, Any]) -> Iterator[tuple[Where, dict[str, Any], int]]:
    """Every step of a procedure with its path and depth (1 = top level), in reading order."""
    # Every rule walks every procedure's steps: a flat list built once per procedure per run is
    # several times faster than nested generators at thousands of procedures.
    memo = _STEPS_MEMO.get(id(data))
    if memo is not None and memo[0] is data:
        return iter(memo[1])
    found: list[tuple[Where, dict[str, Any], int]] = []
    _walk(data.get("steps", []), ("steps",), 1, found)
    if _MEMO_ON:
        _STEPS_MEMO[id(data)] = (data, found)  # holds ``data``, so its id cannot be reused
    return iter(found)


def _walk(
    steps: list[dict[str, Any]],
    where: Where,
    depth: int,
    found: list[tuple[Where, dict[str, Any], int]],
) -> None:
    for index, step in enumerate(steps):
        here = (*where, index)
        found.append((here, step, depth))
        if "substeps" in step:
            _walk(step["substeps"], (*here, "substeps"), depth + 1, found)
        for number, option in enumerate(step.get("options", ())):
            if "steps" in option:
                _walk(option["steps"], (*here, "options", number, "steps"), depth + 1, found)


_STEPS_MEMO: dict[int, tuple[Any, list[tuple[Where, dict[str, Any], int]]]] = {}
_MEMO_ON = False


def all_rules() -> list[ModuleType]:
    """The rule modules, in the order their problems are explained in the docs."""
    from sopgen.validate.rules import (
        category_ref,
        critical_why,
        four_eyes,
        id_prefix,
        image_path,
        manual_unique,
        procedure_ref,
        review_overdue,
        role_ref,
        step_depth,
        step_ref,
        superseded_by_retired,
        unique_id,
        unique_step_id,
    )

    return [
        manual_unique,
        unique_id,
        category_ref,
        id_prefix,
        role_ref,
        procedure_ref,
        superseded_by_retired,
        unique_step_id,
        step_ref,
        step_depth,
        critical_why,
        four_eyes,
        image_path,
        review_overdue,
    ]


def run_rules(sources: Sources) -> list[Problem]:
    """Every rule's problems."""
    global _MEMO_ON
    _MEMO_ON = True
    try:
        return [problem for rule in all_rules() for problem in rule.check(sources)]
    finally:
        _MEMO_ON = False
        _STEPS_MEMO.clear()

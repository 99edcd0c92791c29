"""Cross-file rules: each module has an ID, a check() whose docstring is its documentation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
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
    # Training records: people.yaml (None when absent or not schema-valid) and each schema-valid
    # signoffs/<person-id>.yaml.
    people: Document | None = None
    people_present: bool = False
    signoffs: list[Document] = field(default_factory=list)

    @property
    def role_ids(self) -> set[str]:
        return {role["id"] for role in self.manual.data["roles"]}

    @property
    def categories(self) -> dict[str, dict[str, Any]]:
        return {category["id"]: category for category in self.manual.data["categories"]}

    @property
    def procedure_ids(self) -> set[str]:
        return self.declared_ids | {doc.data["id"] for doc in self.procedures}

    @cached_property
    def procedure_data(self) -> dict[str, dict[str, Any]]:
        """Schema-valid procedures by id (the first file of a repeated id)."""
        found: dict[str, dict[str, Any]] = {}
        for document in self.procedures:
            found.setdefault(document.data["id"], document.data)
        return found

    @cached_property
    def person_ids(self) -> list[str]:
        """The ids in people.yaml, in its order (empty without a valid people.yaml)."""
        return [person["id"] for person in self.people.data] if self.people else []


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
        people_role,
        people_unique,
        procedure_ref,
        review_overdue,
        role_ref,
        signoff_date,
        signoff_person,
        signoff_procedure,
        signoff_revision,
        signoff_trainer,
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
        people_unique,
        people_role,
        signoff_person,
        signoff_procedure,
        signoff_revision,
        signoff_date,
        signoff_trainer,
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

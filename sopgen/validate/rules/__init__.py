"""Cross-file rules: each module has an ID, a check() whose docstring is its documentation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from sopgen.model import DEFAULT_REVIEW_MONTHS, Procedure, Run, build_procedure
from sopgen.model.runs import build_run
from sopgen.problems import Problem
from sopgen.validate.loader import Document

Where = tuple[str | int, ...]
Step = tuple[Where, dict[str, Any], int]  # a step's path, the step, its depth


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
    runs: list[Document] = field(default_factory=list)  # schema-valid run records (runs/)
    # Training records: people.yaml (None when absent or not schema-valid) and each schema-valid
    # signoffs/<person-id>.yaml.
    people: Document | None = None
    people_present: bool = False
    signoffs: list[Document] = field(default_factory=list)
    # Every rule walks every procedure's steps: a flat list made once per procedure for the
    # run is several times faster than nested generators at thousands of procedures. Keyed by
    # the data's id(); the entry holds the data, so that id cannot be reused during the run.
    _steps: dict[int, tuple[Any, list[Step]]] = field(default_factory=dict, repr=False)

    def steps(self, data: dict[str, Any]) -> list[Step]:
        """Every step of a procedure with its path and depth, in reading order (made once)."""
        kept = self._steps.get(id(data))
        if kept is not None and kept[0] is data:
            return kept[1]
        found = list(iter_steps(data))
        self._steps[id(data)] = (data, found)
        return found

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

    @cached_property
    def run_records(self) -> list[tuple[Document, Run, Procedure | None]]:
        """Each run record with its model and the model of the procedure it names (the first
        schema-valid file of that id), for the run rules."""
        named = {doc.data["procedure"] for doc in self.runs}
        months = self.manual.data.get("review_every_months", DEFAULT_REVIEW_MONTHS)
        models: dict[str, Procedure] = {}
        for doc in self.procedures:
            if doc.data["id"] in named and doc.data["id"] not in models:
                models[doc.data["id"]] = build_procedure(doc.data, doc.display_path, months)
        return [
            (doc, build_run(doc.data, doc.display_path), models.get(doc.data["procedure"]))
            for doc in self.runs
        ]


def run_label(run: Run) -> str:
    """How a message names a run: "the run of FP-002 by JM started 2026-12-04T07:02:10Z"."""
    return f"the run of {run.procedure} by {run.by} started {run.started}"


def step_label(step_number: str, step_id: str | None) -> str:
    """ "step 2 `log`" or "step 3b.1"."""
    return f"step {step_number} `{step_id}`" if step_id else f"step {step_number}"


def iter_steps(data: dict[str, Any]) -> Iterator[Step]:
    """Every step of a procedure with its path and depth (1 = top level), in reading order."""
    found: list[Step] = []
    _walk(data.get("steps", []), ("steps",), 1, found)
    return iter(found)


def _walk(
    steps: list[dict[str, Any]],
    where: Where,
    depth: int,
    found: list[Step],
) -> None:
    for index, step in enumerate(steps):
        here = (*where, index)
        found.append((here, step, depth))
        if "substeps" in step:
            _walk(step["substeps"], (*here, "substeps"), depth + 1, found)
        for number, option in enumerate(step.get("options", ())):
            if "steps" in option:
                _walk(option["steps"], (*here, "options", number, "steps"), depth + 1, found)


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
        ready_to_publish,
        review_overdue,
        role_ref,
        run_complete,
        run_four_eyes,
        run_ref,
        run_values,
        signoff_date,
        signoff_person,
        signoff_procedure,
        signoff_revision,
        signoff_trainer,
        spec_ref,
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
        spec_ref,
        step_depth,
        critical_why,
        four_eyes,
        image_path,
        ready_to_publish,
        review_overdue,
        run_ref,
        run_complete,
        run_four_eyes,
        run_values,
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
    return [problem for rule in all_rules() for problem in rule.check(sources)]

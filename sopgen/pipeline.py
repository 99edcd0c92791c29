"""The one pipeline every front end calls: load → validate → model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sopgen.loader import MANUAL_FILE, Document, display_path_for, procedure_files, read_document
from sopgen.model import Manual, build_manual
from sopgen.problems import Problem, Severity, sort_problems
from sopgen.rules import Sources, run_rules
from sopgen.rules.review_overdue import ID as REVIEW_OVERDUE
from sopgen.schema import check_document

MANUAL_MISSING_RULE = "manual-missing"
MANUAL_MISSING_DOC = (
    "The folder has no `manual.yaml`. Every manual needs one: it names the manual and defines "
    "the categories and roles procedures refer to. Run `sopgen init` to start a manual, or pass "
    "the folder that holds `manual.yaml`."
)


@dataclass
class Result:
    """Problems found, and the manual built from every procedure that passed the schema."""

    manual_dir: Path
    problems: list[Problem]
    manual: Manual | None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def failed(self, *, strict: bool) -> bool:
        """Errors fail; with ``strict`` so do warnings, except the date-driven ones."""
        return bool(self.errors) or (strict and any(map(counts_as_strict, self.warnings)))


def counts_as_strict(problem: Problem) -> bool:
    """Whether ``--strict`` turns this warning into a failure.

    An overdue review is the state of the manual on a given day, not a defect in the change
    being checked: if `--strict` counted it, every pull request would start failing the day any
    procedure fell due, whatever it touched. `--fail-overdue` makes it an error instead, for
    the scheduled job whose purpose is exactly that.
    """
    return problem.rule != REVIEW_OVERDUE


def load_documents(manual_dir: Path) -> tuple[Document, list[Document]]:
    """Read manual.yaml and every procedure file (parse problems are kept on each document)."""
    manual = read_document(manual_dir / MANUAL_FILE)
    procedures = [read_document(path) for path in procedure_files(manual_dir)]
    return manual, procedures


def validate(manual_dir: Path, *, today: date | None = None, fail_overdue: bool = False) -> Result:
    """Validate a manual folder and build its model; never raises for bad input."""
    manual_doc, procedure_docs = load_documents(manual_dir)
    problems: list[Problem] = []
    if not (manual_dir / MANUAL_FILE).is_file():
        where = display_path_for(manual_dir / MANUAL_FILE)
        problems.append(
            Problem(
                where,
                0,
                0,
                Severity.ERROR,
                MANUAL_MISSING_RULE,
                f"No {MANUAL_FILE} in {display_path_for(manual_dir)}/: every manual needs one "
                "(run `sopgen init` to start a manual).",
            )
        )
        manual_ok = False
    else:
        manual_ok = _check(manual_doc, "manual", problems)

    valid: list[Document] = []
    declared: set[str] = set()
    for document in procedure_docs:
        if isinstance(document.data, dict) and isinstance(document.data.get("id"), str):
            declared.add(document.data["id"])
        if _check(document, "procedure", problems):
            valid.append(document)

    if not manual_ok:
        return Result(manual_dir, sort_problems(problems), None)

    sources = Sources(
        manual_dir=manual_dir,
        manual=manual_doc,
        procedures=valid,
        declared_ids=declared,
        today=today or date.today(),
        fail_overdue=fail_overdue,
    )
    problems += run_rules(sources)
    manual = build_manual(manual_dir, manual_doc.data, _unique_by_id(manual_dir, valid))
    return Result(manual_dir, sort_problems(problems), manual)


def _check(document: Document, schema: str, problems: list[Problem]) -> bool:
    """Add the document's parse and schema problems; True when it is fit to build from."""
    problems += document.problems
    if document.data is None and document.problems:
        return False  # unreadable: nothing to check against the schema
    schema_problems = check_document(document, "manual" if schema == "manual" else "procedure")
    problems += schema_problems
    return not schema_problems and not document.problems


def _unique_by_id(manual_dir: Path, documents: list[Document]) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    """(source, data) pairs, the first file of a duplicated id only (unique-id reports the rest)."""
    seen: set[str] = set()
    pairs = []
    for document in documents:
        if document.data["id"] in seen:
            continue
        seen.add(document.data["id"])
        pairs.append((document.path.relative_to(manual_dir).as_posix(), document.data))
    return pairs

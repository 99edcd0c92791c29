"""The one pipeline every front end calls: load → validate → model."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sopgen.model import Manual, Procedure, Run, TrainingRecords, build_manual, build_procedure
from sopgen.model.runs import build_run
from sopgen.problems import Problem, Severity, sort_problems
from sopgen.rebuild_memo import MISSING, RebuildMemo
from sopgen.validate.cache import ValidateCache
from sopgen.validate.filecheck import check_files
from sopgen.validate.loader import (
    MANUAL_FILE,
    Document,
    display_path_for,
    display_paths_in,
    procedure_files_named,
    read_document,
    run_files_named,
)
from sopgen.validate.records import Records, check_records, find_records, person_of
from sopgen.validate.rules import Sources, iter_steps, run_rules
from sopgen.validate.rules.review_overdue import ID as REVIEW_OVERDUE
from sopgen.validate.rules.run_values import ID as RUN_VALUES
from sopgen.validate.schema import check_document

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
    checked: int = 0  # procedures that passed (one per id), even when no model was built

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
    the scheduled job whose purpose is exactly that. A reading outside its spec in a run record
    is the same kind of fact: the record is true, and failing the pull request that files it
    would only teach people to leave such runs out of git (or to write down a better number).
    """
    return problem.rule not in (REVIEW_OVERDUE, RUN_VALUES)


def validate(
    manual_dir: Path,
    *,
    today: date | None = None,
    fail_overdue: bool = False,
    cache: ValidateCache | None = None,
    build_model: bool = True,
    memo: RebuildMemo | None = None,
) -> Result:
    """Validate a manual folder and build its model; never raises for bad input.

    With a ``cache``, files whose bytes were checked before are not parsed again, and when no
    input changed at all (and no model is wanted) the last result is returned as it was. With
    an active ``memo`` (live preview), an unchanged file's model is the one built last time.
    """
    with _collector_paused():
        return _validate(manual_dir, today or date.today(), fail_overdue, cache, build_model, memo)


def _validate(
    manual_dir: Path,
    today: date,
    fail_overdue: bool,
    cache: ValidateCache | None,
    build_model: bool,
    memo: RebuildMemo | None,
) -> Result:
    manual_doc = read_document(manual_dir / MANUAL_FILE)
    named = procedure_files_named(manual_dir)
    paths = [path for path, _ in named]
    file_sources = [source for _, source in named]  # each file's path from the manual folder
    shown = display_paths_in(manual_dir, file_sources)
    contents = [_read_bytes(path) for path in paths]
    keys = [_file_key(cache, raw) for raw in contents] if cache else []
    record_files = find_records(manual_dir, cache)
    run_files = _RunFiles.find(manual_dir, cache)
    run_key = ""
    if cache and not build_model:
        run_key = _run_key(
            cache,
            manual_dir,
            manual_doc,
            [*shown, *record_files.shown, *run_files.shown],
            [*file_sources, *run_files.sources],
            [*keys, *record_files.keys, *run_files.keys],
            today,
            fail_overdue,
        )
        cached = _cached_result(cache, run_key, manual_dir)
        if cached is not None:
            return cached
    checked = check_files(paths, shown, contents, keys, cache)

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
    valid_sources: list[str] = []
    declared: set[str] = set()
    content_keys: dict[str, str] = {}  # source -> content key, to reuse its model under serve
    for index, (document, schema_problems) in enumerate(checked):
        if isinstance(document.data, dict) and isinstance(document.data.get("id"), str):
            declared.add(document.data["id"])
        problems += document.problems + schema_problems
        if not schema_problems and not document.problems:
            valid.append(document)
            valid_sources.append(file_sources[index])
            if keys:
                content_keys[file_sources[index]] = keys[index]
    # Records (people, sign-offs) go through the same reading and schema check, and the cache.
    records = check_records(record_files, cache)
    problems += records.problems
    run_documents, run_sources = run_files.check(cache, problems)
    if cache:
        cache.save()

    if not manual_ok:
        return Result(manual_dir, sort_problems(problems), None)

    sources = Sources(
        manual_dir=manual_dir,
        manual=manual_doc,
        procedures=valid,
        declared_ids=declared,
        today=today,
        fail_overdue=fail_overdue,
        people=records.people,
        people_present=records.people_present,
        signoffs=records.signoffs,
        runs=run_documents,
    )
    problems += run_rules(sources)
    unique = _unique_by_id(valid, valid_sources)
    manual = (
        build_manual(
            manual_dir,
            manual_doc.data,
            unique,
            _model_maker(content_keys, memo),
            _training_records(records),
        )
        if build_model
        else None
    )
    if manual is not None and run_documents:
        pairs = zip(run_documents, run_sources, strict=True)
        runs = sorted((build_run(doc.data, src) for doc, src in pairs), key=_run_order)
        manual = replace(manual, runs=tuple(runs))
    result = Result(manual_dir, sort_problems(problems), manual, len(unique))
    if cache and run_key:
        cache.put_result(run_key, _result_entry(result, valid))
    return result


@dataclass
class _RunFiles:
    """The run records under ``runs/``: read like procedures (same loader, same cache), checked
    against the run schema. A separate step so other kinds of record can follow the pattern."""

    paths: list[Path]
    sources: list[str]
    shown: list[str]
    contents: list[bytes | OSError]
    keys: list[str]

    @classmethod
    def find(cls, manual_dir: Path, cache: ValidateCache | None) -> _RunFiles:
        named = run_files_named(manual_dir)
        sources = [source for _, source in named]
        contents = [_read_bytes(path) for path, _ in named]
        # The cache keeps a file's schema problems by its bytes: a run's key says "run".
        keys = [_file_key(cache, _tagged(b"run", raw)) for raw in contents] if cache else []
        shown = display_paths_in(manual_dir, sources)
        return cls([path for path, _ in named], sources, shown, contents, keys)

    def check(
        self, cache: ValidateCache | None, problems: list[Problem]
    ) -> tuple[list[Document], list[str]]:
        """Add each record's problems; the schema-valid records and their sources."""
        checked = check_files(self.paths, self.shown, self.contents, self.keys, cache, "run")
        valid: list[Document] = []
        sources: list[str] = []
        for (document, schema_problems), source in zip(checked, self.sources, strict=True):
            problems += document.problems + schema_problems
            if not schema_problems and not document.problems:
                valid.append(document)
                sources.append(source)
        return valid, sources


def _run_order(run: Run) -> tuple[str, str]:
    return run.started, run.source


def _tagged(tag: bytes, raw: bytes | OSError) -> bytes | OSError:
    return tag + b"\0" + raw if isinstance(raw, bytes) else raw


def _model_maker(
    content_keys: dict[str, str], memo: RebuildMemo | None
) -> Callable[[Any, str, int], Procedure]:
    """build_procedure, or under live preview the model built last time from the same bytes."""

    def make(data: Any, source: str, review_months: int) -> Procedure:
        content = content_keys.get(source)
        if content is None or memo is None:
            return build_procedure(data, source, review_months)
        key = (content, source, review_months)
        procedure = memo.get(key)
        if procedure is MISSING:
            procedure = build_procedure(data, source, review_months)
            memo.put(key, procedure)
        return procedure  # type: ignore[no-any-return]

    return make


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a manual is read.

    Thousands of parsed files are millions of long-lived objects without cycles; the collector
    scanning them again and again tripled the time of a 1,000-procedure run. Reference counting
    still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run_key(
    cache: ValidateCache,
    manual_dir: Path,
    manual_doc: Document,
    shown: list[str],
    sources: list[str],
    keys: list[str],
    today: date,
    fail_overdue: bool,
) -> str:
    """Everything a run's result depends on (with the images, see ``_cached_result``)."""
    try:
        manual_bytes = (manual_dir / MANUAL_FILE).read_bytes()
    except OSError:
        manual_bytes = b"\0missing"
    return cache.run_key(
        [
            os.getcwd(),  # problems show paths relative to it
            str(manual_dir.resolve()),
            today.isoformat(),  # review-overdue depends on the day
            str(fail_overdue),
            cache.file_key(manual_bytes),
            manual_doc.display_path,
            *shown,
            *sources,
            *keys,
        ]
    )


def _read_bytes(path: Path) -> bytes | OSError:
    try:
        return path.read_bytes()
    except OSError as error:
        return error


def _file_key(cache: ValidateCache, raw: bytes | OSError) -> str:
    return cache.file_key(raw) if isinstance(raw, bytes) else f"unreadable:{raw.strerror}"


def _cached_result(cache: ValidateCache, run_key: str, manual_dir: Path) -> Result | None:
    """The last result when every input is the same: the run key covers the files' bytes; the
    images a procedure names are checked again (the image-path rule looks at them)."""
    stored = cache.get_result(run_key)
    try:
        if stored is None or _image_states(manual_dir, stored["images"]) != stored["images"]:
            return None
        problems = [
            Problem(str(path), int(line), int(col), Severity(severity), str(rule), str(message))
            for path, line, col, severity, rule, message in stored["problems"]
        ]
        return Result(manual_dir, problems, None, int(stored["checked"]))
    except (KeyError, TypeError, ValueError):
        return None  # not the shape this version writes: validate again


def _result_entry(result: Result, valid: list[Document]) -> dict[str, Any]:
    sources = sorted(
        {
            step["image"]["src"]
            for document in valid
            for _, step, _ in iter_steps(document.data)
            if "image" in step
        }
    )
    return {
        "problems": [
            [p.path, p.line, p.col, p.severity.value, p.rule, p.message] for p in result.problems
        ],
        "checked": result.checked,
        "images": _image_states(result.manual_dir, [[src, False] for src in sources]),
    }


def _image_states(manual_dir: Path, images: list[list[Any]]) -> list[list[Any]]:
    """[src, exists] for each image a procedure names, as the image-path rule would see it."""
    root = manual_dir.resolve()
    states = []
    for src, _ in images:
        try:
            exists = (root / str(src)).resolve().is_file()
        except (OSError, ValueError):
            exists = False
        states.append([src, exists])
    return states


def _check(document: Document, schema: str, problems: list[Problem]) -> bool:
    """Add the document's parse and schema problems; True when it is fit to build from."""
    problems += document.problems
    if document.data is None and document.problems:
        return False  # unreadable: nothing to check against the schema
    schema_problems = check_document(document, "manual" if schema == "manual" else "procedure")
    problems += schema_problems
    return not schema_problems and not document.problems


def _training_records(records: Records) -> TrainingRecords:
    """The schema-valid people and sign-offs as the model takes them."""
    return TrainingRecords(
        present=records.people is not None,
        people=records.people.data if records.people is not None else [],
        signoffs=[(person_of(document), document.data) for document in records.signoffs],
    )


def _unique_by_id(documents: list[Document], sources: list[str]) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    """(source, data) pairs, the first file of a duplicated id only (unique-id reports the rest)."""
    seen: set[str] = set()
    pairs = []
    for document, source in zip(documents, sources, strict=True):
        if document.data["id"] in seen:
            continue
        seen.add(document.data["id"])
        pairs.append((source, document.data))
    return pairs

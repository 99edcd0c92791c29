"""Record files beside manual.yaml (people.yaml, signoffs/<person-id>.yaml): found, read and
schema-checked as procedures are, through the same loader and cache."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sopgen.problems import Problem
from sopgen.validate.cache import ValidateCache
from sopgen.validate.filecheck import check_files
from sopgen.validate.loader import (
    PEOPLE_FILE,
    SIGNOFFS_DIR,
    YAML_SUFFIXES,
    Document,
    display_paths_in,
)
from sopgen.validate.schema import SchemaName


@dataclass
class RecordFiles:
    """The record files of a manual with their bytes and cache keys, before they are checked."""

    paths: list[Path] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # paths from the manual folder, `/` form
    shown: list[str] = field(default_factory=list)  # as problems show them
    schemas: list[SchemaName] = field(default_factory=list)
    contents: list[bytes | OSError] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # empty without a cache


@dataclass
class Records:
    """The checked records: schema-valid documents only; every problem found reading them."""

    people: Document | None  # people.yaml when it exists and passed its schema
    people_present: bool  # people.yaml exists (valid or not)
    signoffs: list[Document]  # each schema-valid signoffs/<id>.yaml
    problems: list[Problem]


def find_records(manual_dir: Path, cache: ValidateCache | None) -> RecordFiles:
    """people.yaml and signoffs/*.yaml (sorted), read, with each file's cache key."""
    found: list[tuple[str, SchemaName]] = []
    if (manual_dir / PEOPLE_FILE).is_file():
        found.append((PEOPLE_FILE, "people"))
    try:
        names = sorted(os.listdir(manual_dir / SIGNOFFS_DIR))
    except OSError:
        names = []
    found += [
        (f"{SIGNOFFS_DIR}/{name}", "signoffs")
        for name in names
        if name.endswith(YAML_SUFFIXES) and not name.startswith(".")
    ]
    files = RecordFiles()
    files.sources = [source for source, _ in found]
    files.schemas = [schema for _, schema in found]
    files.paths = [manual_dir / source for source in files.sources]
    files.shown = display_paths_in(manual_dir, files.sources)
    for path in files.paths:
        try:
            files.contents.append(path.read_bytes())
        except OSError as error:
            files.contents.append(error)
    if cache:
        # The schema is part of the key: the same bytes are checked differently as another kind.
        files.keys = [
            cache.file_key(schema.encode() + b"\0" + raw)
            if isinstance(raw, bytes)
            else f"unreadable:{raw.strerror}"
            for schema, raw in zip(files.schemas, files.contents, strict=True)
        ]
    return files


def check_records(files: RecordFiles, cache: ValidateCache | None) -> Records:
    """Parse and schema-check the record files (cached results reused)."""
    problems: list[Problem] = []
    people: Document | None = None
    signoffs: list[Document] = []
    for schema in ("people", "signoffs"):
        chosen = [i for i, kind in enumerate(files.schemas) if kind == schema]
        checked = check_files(
            [files.paths[i] for i in chosen],
            [files.shown[i] for i in chosen],
            [files.contents[i] for i in chosen],
            [files.keys[i] for i in chosen] if files.keys else [],
            cache,
            schema,
        )
        for document, schema_problems in checked:
            problems += document.problems + schema_problems
            if document.problems or schema_problems:
                continue
            if schema == "people":
                people = document
            else:
                signoffs.append(document)
    return Records(people, "people" in files.schemas, signoffs, problems)


def person_of(document: Document) -> str:
    """The person a sign-off file belongs to: its name without `.yaml`."""
    name = document.path.name
    for suffix in YAML_SUFFIXES:
        name = name.removesuffix(suffix)
    return name

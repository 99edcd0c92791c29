"""Read, parse and schema-check many procedure or record files: cached, else in parallel."""

from __future__ import annotations

import marshal
import os
import signal
import threading
from pathlib import Path

from sopgen.problems import Problem, Severity
from sopgen.validate.cache import ValidateCache
from sopgen.validate.characters import character_problems
from sopgen.validate.loader import Document, parse_bytes
from sopgen.validate.schema import SchemaName, check_document

# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 400


def check_bytes(
    raw: bytes, path: Path, display_path: str, schema: SchemaName = "procedure"
) -> tuple[Document, list[Problem]]:
    """Parse one file and check it against its schema: (document, schema problems)."""
    document = parse_bytes(raw, path, display_path)
    if document.data is None and document.problems:
        return document, []  # unreadable: nothing to check against the schema
    return document, check_document(document, schema) + character_problems(document)


def _check_in_worker(
    job: tuple[bytes, str, str, SchemaName],
) -> tuple[bytes, list[Problem], list[Problem]]:
    """The file's data as marshal bytes, its reading problems and its schema problems.

    The data is only dicts, lists, text, numbers, booleans and None, which marshal writes and
    reads back twice as fast as pickle: sending it to the parent was a tenth of the work."""
    raw, path, display_path, schema = job
    document, schema_problems = check_bytes(raw, Path(path), display_path, schema)
    return marshal.dumps(document.data), document.problems, schema_problems


def worker_count(jobs: int, minimum: int = PARALLEL_MIN_FILES) -> int:
    """Worker processes to use for ``jobs`` tasks: one per core, when it pays (at least
    ``minimum`` tasks) and forking is safe."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    import multiprocessing  # only here: importing it costs start-up time on every run

    # Forking a process that runs other threads (a live-preview server) can deadlock the child.
    if (
        cores < 2
        or jobs < minimum
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    return min(cores, 8)


def start_worker() -> None:
    """What every forked worker process does first: end at once on SIGTERM (its pool ends it
    so, and a handler inherited from the parent, such as live preview's, must not run there)
    and leave Ctrl+C to the parent, which ends its pools: SIGINT reaches the whole process
    group, and a worker interrupted mid-task would print a traceback and leave its pool
    waiting."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def check_files(
    paths: list[Path],
    display_paths: list[str],
    contents: list[bytes | OSError],
    keys: list[str],
    cache: ValidateCache | None,
    schema: SchemaName = "procedure",
) -> list[tuple[Document, list[Problem]]]:
    """Every file's document and problems against ``schema``, in the order given.

    ``contents`` are the files' bytes (or why they could not be read), ``keys`` their cache keys
    (empty without a cache; they must tell the schemas apart). Documents come back without
    their node tree: it is parsed again from the kept text only for the few files where a rule
    needs a position.
    """
    results: list[tuple[Document, list[Problem]] | None] = [None] * len(paths)
    jobs: list[tuple[int, bytes]] = []
    for index, (path, shown, raw) in enumerate(zip(paths, display_paths, contents, strict=True)):
        if isinstance(raw, OSError):
            message = f"Cannot read the file: {raw.strerror}."
            problem = Problem(shown, 0, 0, Severity.ERROR, "unreadable", message)
            results[index] = (Document(path, shown, None, None, [problem]), [])
            continue
        entry = cache.get_file(keys[index], shown) if cache else None
        if entry is None:
            jobs.append((index, raw))
            continue
        data, reading, schema_problems = entry
        document = Document(path, shown, data, None, reading, _text_of(raw))
        results[index] = (document, schema_problems)

    workers = worker_count(len(jobs), PARALLEL_MIN_FILES)
    if workers > 1:
        import multiprocessing

        payload = [(raw, str(paths[i]), display_paths[i], schema) for i, raw in jobs]
        with multiprocessing.get_context("fork").Pool(workers, start_worker) as pool:
            entries = pool.map(
                _check_in_worker, payload, chunksize=max(1, len(jobs) // (workers * 8))
            )
        for (index, raw), (marshalled, reading, schema_problems) in zip(jobs, entries, strict=True):
            data = marshal.loads(marshalled)
            document = Document(
                paths[index], display_paths[index], data, None, reading, _text_of(raw)
            )
            results[index] = (document, schema_problems)
            if cache:
                cache.put_file(keys[index], (data, reading, schema_problems))
    else:
        for index, raw in jobs:
            document, schema_problems = check_bytes(raw, paths[index], display_paths[index], schema)
            if cache:
                cache.put_file(keys[index], (document.data, document.problems, schema_problems))
            # Dropping the node tree keeps memory flat on big manuals.
            results[index] = (document.without_tree(), schema_problems)
    return [result for result in results if result is not None]


def _text_of(raw: bytes) -> str | None:
    """The text a document's node tree is parsed from again if a rule asks for a position."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # such a file has no data, so no rule asks for a position in it

"""The validate cache in `.sopgen-cache/`: per-file parse and schema results, and the last result.

Correctness first: every key includes the sopgen code and schemas (a fingerprint), and every
entry is keyed by the file's bytes, so an edited file is always checked again. Keys are hashed
with a secret kept outside the repository (in the user's cache home), so a cache file committed
by someone else never matches and cannot make a broken procedure look clean. A cache file that
cannot be read or does not have the expected shape is ignored and rewritten; writes go to a
temporary file first and are then renamed into place.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sopgen import __version__
from sopgen.problems import Problem, Severity

CACHE_DIR_NAME = ".sopgen-cache"
CACHE_ENV = "SOPGEN_CACHE_DIR"  # overrides where the cache lives (benchmarks, read-only repos)
FORMAT = 1
FILES_NAME = "validate-files.json"
RESULT_NAME = "validate-result.json"

# A file's cached outcome: its data, its reading problems and its schema problems (each problem
# without its path, which is added back when the entry is used: the same bytes may be shown
# under another path).
Entry = tuple[Any, list[Problem], list[Problem]]


def cache_dir_for(manual_dir: Path) -> Path:
    """`.sopgen-cache/` at the top of the manual's git repository (else beside the manual)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    start = manual_dir.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder / CACHE_DIR_NAME
    return start.parent / CACHE_DIR_NAME


def user_cache_home() -> Path:
    """sopgen's folder in the user's cache home (``XDG_CACHE_HOME``, else ``~/.cache``): what is
    kept for this user on this machine, never in a repository."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sopgen"


def _secret() -> bytes | None:
    """A random key kept in the user's cache home; None when it cannot be kept (no cache)."""
    home = user_cache_home()
    path = home / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        home.mkdir(parents=True, exist_ok=True)
        key = os.urandom(32)
        _write_atomic(path, key)
        os.chmod(path, 0o600)
        return path.read_bytes() if path.stat().st_size == 32 else None
    except OSError:
        return None


def code_fingerprint() -> str:
    """The sopgen and Python versions, the size and time of every module and schema of the
    package, and of the YAML and JSON Schema libraries.

    A development install changes code without changing the version; any edit to a rule or a
    schema must invalidate what the old code concluded.
    """
    package = Path(__file__).parents[1]  # the whole sopgen package
    parts = [__version__, sys.version]
    # The libraries that read and check the files: an upgrade may change what they report.
    # Their files' size and time say so without importing them (importing costs start-up).
    for name in ("yaml", "jsonschema", "jsonschema_rs"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        if origin:
            with contextlib.suppress(OSError):
                stat = os.stat(origin)
                parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.json")]):
        try:
            stat = path.stat()
        except OSError:
            continue
        parts.append(f"{path.relative_to(package).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _problem_row(problem: Problem) -> list[Any]:
    return [problem.line, problem.col, problem.severity.value, problem.rule, problem.message]


def _problem_from(row: list[Any], path: str) -> Problem:
    line, col, severity, rule, message = row
    return Problem(path, int(line), int(col), Severity(severity), str(rule), str(message))


class ValidateCache:
    """Read once at the start of a run, written once at the end (only what this run used).

    Live preview keeps one for all its rebuilds (``hold_writes``): each run then starts from
    the entries of the run before, in memory, and the file is written when the preview ends.
    """

    def __init__(self, directory: Path, *, hold_writes: bool = False) -> None:
        self.directory = directory
        self.secret = _secret()
        self.fingerprint = code_fingerprint()
        self.hold_writes = hold_writes
        self._files: dict[str, Any] = {}
        self._files_loaded = False
        self._used: dict[str, Any] = {}
        self._changed = False
        self._unwritten = False

    @property
    def enabled(self) -> bool:
        return self.secret is not None

    def file_key(self, raw: bytes) -> str:
        """The key of a file's bytes under this code and this user's secret."""
        digest = hashlib.blake2b(raw, digest_size=20, key=self.secret or b"")
        digest.update(self.fingerprint.encode())
        return digest.hexdigest()

    def run_key(self, parts: Iterable[str]) -> str:
        """The key of a whole run: every input that the result depends on, in order."""
        digest = hashlib.blake2b(digest_size=20, key=self.secret or b"")
        digest.update(self.fingerprint.encode())
        for part in parts:
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        return digest.hexdigest()

    # --- per-file entries -------------------------------------------------------------------

    def get_file(self, key: str, display_path: str) -> Entry | None:
        if not self._files_loaded:
            self._files = self._read(FILES_NAME).get("files", {})
            if not isinstance(self._files, dict):
                self._files = {}
            self._files_loaded = True
        row = self._files.get(key)
        try:
            data, reading, schema = row  # type: ignore[misc]
            entry: Entry = (
                data,
                [_problem_from(p, display_path) for p in reading],
                [_problem_from(p, display_path) for p in schema],
            )
        except (TypeError, ValueError):
            return None  # absent, or not the shape this version writes: check the file again
        self._used[key] = row
        return entry

    def put_file(self, key: str, entry: Entry) -> None:
        data, reading, schema = entry
        self._used[key] = [
            data,
            [_problem_row(p) for p in reading],
            [_problem_row(p) for p in schema],
        ]
        self._changed = True

    # --- the whole result ---------------------------------------------------------------------

    def get_result(self, key: str) -> dict[str, Any] | None:
        stored = self._read(RESULT_NAME)
        if stored.get("key") != key or not isinstance(stored.get("result"), dict):
            return None
        result: dict[str, Any] = stored["result"]
        return result

    def put_result(self, key: str, result: dict[str, Any]) -> None:
        self._write(RESULT_NAME, {"key": key, "result": result})

    def save(self) -> None:
        """Write the entries this run used (entries of deleted or edited files are dropped);
        they are what the next run with this object starts from."""
        if self._changed or set(self._used) != set(self._files):
            self._unwritten = True
        self._files, self._used, self._changed = self._used, {}, False
        self._files_loaded = True
        if not self.hold_writes:
            self.flush()

    def flush(self) -> None:
        """Write the entries of the last run, if the file does not hold them yet."""
        if self._unwritten:
            self._write(FILES_NAME, {"files": self._files})
            self._unwritten = False

    # --- storage ----------------------------------------------------------------------------

    def _read(self, name: str) -> dict[str, Any]:
        if not self.enabled:
            return {}
        try:
            with open(self.directory / name, encoding="utf-8") as stream:
                stored = json.load(stream)
        except (OSError, ValueError):
            return {}  # missing or damaged: start again
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            return {}
        return stored

    def _write(self, name: str, content: dict[str, Any]) -> None:
        if not self.enabled:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                _write_atomic(ignore, b"# Written by sopgen: nothing here belongs in git.\n*\n")
            text = json.dumps(
                {"format": FORMAT, **content}, ensure_ascii=False, separators=(",", ":")
            )
            _write_atomic(self.directory / name, text.encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs time on the next run


def _write_atomic(path: Path, content: bytes) -> None:
    """Write to a temporary file in the same folder, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise

"""Read YAML files with YAML 1.2 meaning, keeping every node's line and column."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sopgen.problems import Problem, Severity

try:  # libyaml parses ~10x faster; the pure-Python parser is the fallback.
    # `yaml.CParser` does not exist (only `yaml.CLoader` etc. are re-exported): import the
    # extension's own parser, or every file silently goes through the pure-Python one.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - libyaml is in every PyYAML wheel we support
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MANUAL_FILE = "manual.yaml"
YAML_SUFFIXES = (".yaml", ".yml")

# Bound on alias expansion: a document may reuse anchors, but may not expand past this many
# nodes ("billion laughs"). Real procedures have a few hundred nodes.
MAX_NODES = 100_000

# The problems reading a file can raise, with what to do about each: the rules reference page
# is generated from this table.
READING_RULES: dict[str, str] = {
    "yaml-syntax": "The file is not valid YAML: a missing space after a colon, a tab used for "
    "indentation, an unclosed quote, or two documents in one file. The message names the spot "
    "where the parser gave up; the mistake is usually there or on the line above. Quote text "
    "that contains `: ` or starts with a special character (`*`, `&`, `!`, `%`, `@`, `` ` ``).",
    "duplicate-key": "The same key appears twice in one mapping. YAML would silently keep only "
    "the last value, losing the first, so sopgen refuses the file. Merge the two entries or "
    "delete one; the message gives the line of the first.",
    "encoding": "The file is not UTF-8 (for example Latin-1 or UTF-16 from an old editor). Save "
    "it as UTF-8; a byte-order mark and Windows line endings are fine.",
    "yaml-aliases": f"Anchors and aliases (`&name`, `*name`) expand to more than {MAX_NODES:,} "
    "values, a pattern used to exhaust memory. Write the values out instead.",
    "yaml-tag": "An explicit YAML tag such as `!!python/object` is not allowed. Write plain "
    "values.",
    "yaml-key": "A mapping key is itself a list or mapping. Keys are plain field names.",
    "unreadable": "The file could not be opened (permissions, or it vanished while reading).",
}

NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"


class _Yaml12Resolver(yaml.resolver.BaseResolver):
    """The YAML 1.2 core schema: `no`, `on`, `yes` and dates stay text, as owners expect."""


_Yaml12Resolver.add_implicit_resolver(
    NULL_TAG, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Yaml12Resolver.add_implicit_resolver(
    BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Yaml12Resolver.add_implicit_resolver(
    INT_TAG, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Yaml12Resolver.add_implicit_resolver(
    FLOAT_TAG,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


class _Composer(_Parser, _Yaml12Resolver):
    """Parse a stream into a node tree; values are built by ``_Builder``, not PyYAML."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Yaml12Resolver.__init__(self)


class YamlProblem(Exception):
    """A file that cannot be read as data; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Document:
    """A parsed YAML file: its data, and the node tree that knows where each value stands."""

    path: Path
    display_path: str
    data: Any
    root: yaml.Node | None
    problems: list[Problem] = field(default_factory=list)
    # The file's text when ``root`` was dropped to save time and memory: most files never need
    # a position (they have no problem), so the node tree is rebuilt from it only on demand.
    text: str | None = field(default=None, repr=False)

    def tree(self) -> yaml.Node | None:
        """The node tree, parsed again from ``text`` the first time a position is asked for."""
        if self.root is None and self.text is not None:
            self.root = parse_text(self.text, self.path, self.display_path).root
        return self.root

    def without_tree(self) -> Document:
        """This document without its node tree, which ``tree`` rebuilds from ``text`` if asked."""
        return Document(self.path, self.display_path, self.data, None, self.problems, self.text)

    def node_at(self, where: tuple[str | int, ...], key: bool = False) -> yaml.Node | None:
        """The deepest node on ``where`` (the key's node when ``key``), or None."""
        node = self.tree()
        found = node
        for index, step in enumerate(where):
            last = index == len(where) - 1
            if isinstance(node, yaml.MappingNode):
                match = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == step
                    ),
                    None,
                )
                if match is None:
                    return found
                node = match[0] if (key and last) else match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    return found
                node = node.value[step]
            else:
                return found
            found = node
        return found

    def position(self, where: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value (or key) at ``where``, else of its nearest parent."""
        node = self.node_at(where, key)
        if node is None:
            return 1, 1
        return node.start_mark.line + 1, node.start_mark.column + 1

    def source_text(self, where: tuple[str | int, ...]) -> str | None:
        """The scalar's text as written in the file (``1.10``, not ``1.1``)."""
        node = self.node_at(where)
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def problem(
        self,
        where: tuple[str | int, ...],
        rule: str,
        message: str,
        severity: Severity = Severity.ERROR,
        key: bool = False,
    ) -> Problem:
        """A problem placed at ``where`` in this file."""
        line, col = self.position(where, key)
        return Problem(self.display_path, line, col, severity, rule, message)


class _Builder:
    """Turn a node tree into plain data, reporting duplicate keys and unknown tags."""

    def __init__(self, display_path: str) -> None:
        self.display_path = display_path
        self.problems: list[Problem] = []
        self.budget = MAX_NODES
        self.root: yaml.Node | None = None
        # The top-level value being built: where an alias explosion is reported, since the
        # shared nodes themselves only know where their anchor was defined.
        self.top: yaml.Node | None = None

    def _problem(self, node: yaml.Node, rule: str, message: str) -> Problem:
        mark = node.start_mark
        return Problem(
            self.display_path, mark.line + 1, mark.column + 1, Severity.ERROR, rule, message
        )

    def build(self, node: yaml.Node) -> Any:
        if self.root is None:
            self.root = node
        self.budget -= 1
        if self.budget < 0:
            raise YamlProblem(
                self._problem(
                    self.top or node,
                    "yaml-aliases",
                    f"Aliases expand to more than {MAX_NODES:,} values; write the values out "
                    "instead of nesting anchors.",
                )
            )
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        raise YamlProblem(self._problem(node, "yaml-syntax", "Unexpected YAML node."))

    def _mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        if node.tag != MAP_TAG:
            self._unknown_tag(node)
        result: dict[Any, Any] = {}
        first_seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    self._problem(
                        key_node, "yaml-key", "A key must be a plain name, not a list or mapping."
                    )
                )
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = key_node.value
            if key in first_seen:
                line = first_seen[key].start_mark.line + 1
                self.problems.append(
                    self._problem(
                        key_node,
                        "duplicate-key",
                        f"Duplicate key `{key}` (first at line {line}); YAML keeps only one of "
                        "them, so merge the two or delete one.",
                    )
                )
                continue
            first_seen[key] = key_node
            if node is self.root:
                self.top = value_node
            result[key] = self.build(value_node)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == STR_TAG:
            return value
        if tag == NULL_TAG:
            return None
        if tag == BOOL_TAG:
            return value.lower() == "true"
        if tag == INT_TAG:
            try:
                return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
            except ValueError:
                return value
        if tag == FLOAT_TAG:
            try:
                return float(
                    value.replace(".inf", "inf")
                    .replace(".Inf", "inf")
                    .replace(".INF", "inf")
                    .replace(".nan", "nan")
                    .replace(".NaN", "nan")
                    .replace(".NAN", "nan")
                )
            except ValueError:
                return value
        self._unknown_tag(node)
        return value

    def _unknown_tag(self, node: yaml.Node) -> None:
        if node.tag in (SEQ_TAG, MAP_TAG, STR_TAG, "tag:yaml.org,2002:timestamp"):
            return
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.problems.append(
            self._problem(
                node, "yaml-tag", f"Unsupported tag `{shown}`: remove it and write plain values."
            )
        )


def _decode(raw: bytes, display_path: str) -> str:
    """Bytes to text: UTF-8 with or without a BOM; anything else is a clear error."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(
            Problem(
                display_path,
                1,
                1,
                Severity.ERROR,
                "encoding",
                "The file is UTF-16; save it as UTF-8.",
            )
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[error.start]
        raise YamlProblem(
            Problem(
                display_path,
                line,
                col,
                Severity.ERROR,
                "encoding",
                f"The file is not UTF-8 (byte 0x{byte:02X}); save it as UTF-8.",
            )
        ) from None


def _syntax_problem(error: yaml.YAMLError, display_path: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    text = f"{context}, {problem}" if context else str(problem)
    hint = ""
    if "expected a single document" in text:
        hint = "; keep one document per file (remove the extra `---`)"
    elif "found character '\\t'" in text:
        hint = "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in text:
        hint = "; quote text that contains `: `"
    return Problem(
        display_path, line, col, Severity.ERROR, "yaml-syntax", f"YAML syntax: {text}{hint}."
    )


def display_path_for(path: Path) -> str:
    """How a path is shown in problems: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return Path(relative).as_posix() if not relative.startswith("..") else path.as_posix()


def parse_text(text: str, path: Path, display_path: str | None = None) -> Document:
    """Parse YAML text into a Document; problems are recorded on it, never raised."""
    shown = display_path or display_path_for(path)
    try:
        composer = _Composer(text)
        try:
            root = composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.YAMLError as error:
        return Document(path, shown, None, None, [_syntax_problem(error, shown)])
    builder = _Builder(shown)
    try:
        data = builder.build(root) if root is not None else None
    except YamlProblem as failure:
        return Document(path, shown, None, root, [failure.problem])
    return Document(path, shown, data, root, builder.problems)


def read_document(path: Path, display_path: str | None = None) -> Document:
    """Read and parse one YAML file."""
    shown = display_path or display_path_for(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        problem = Problem(
            shown, 0, 0, Severity.ERROR, "unreadable", f"Cannot read the file: {error.strerror}."
        )
        return Document(path, shown, None, None, [problem])
    return parse_bytes(raw, path, shown)


def parse_bytes(raw: bytes, path: Path, display_path: str) -> Document:
    """Decode and parse a file's bytes (the text is kept on the document for ``without_tree``)."""
    try:
        text = _decode(raw, display_path)
    except YamlProblem as failure:
        return Document(path, display_path, None, None, [failure.problem])
    document = parse_text(text, path, display_path)
    document.text = text
    return document


def procedure_files(manual_dir: Path) -> Iterator[Path]:
    """Every procedure file under the manual folder, in a stable order (hidden folders skipped)."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(manual_dir):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in files:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                path = Path(folder, name)
                if path.parent == manual_dir and name in (MANUAL_FILE, "manual.yml"):
                    continue
                found.append(path)
    yield from sorted(found, key=lambda p: p.relative_to(manual_dir).as_posix())

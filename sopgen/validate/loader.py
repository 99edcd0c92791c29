"""Read YAML files with YAML 1.2 meaning, keeping every node's line and column."""

from __future__ import annotations

import errno
import math
import os
import re
import stat
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
RUNS_FOLDER = "runs"  # run records, beside manual.yaml (any sub-folders): not procedures
# Beside manual.yaml, files and folders of records rather than procedures: each has a schema of
# its own (validate/records.py reads them), so the procedure walk leaves them out.
PEOPLE_FILE = "people.yaml"
SIGNOFFS_DIR = "signoffs"
RECORD_FILES = (PEOPLE_FILE,)
RECORD_DIRS = (SIGNOFFS_DIR,)

# Bound on alias expansion: a document may reuse anchors, but may not expand past this many
# nodes ("billion laughs"). Real procedures have a few hundred nodes.
MAX_NODES = 100_000
# Bound on nesting: procedures nest a few levels (steps, options, substeps); hundreds of levels
# only exhaust the recursion of every reader after this one.
MAX_DEPTH = 64

# The problems reading a file can raise: what each checks (the rules table's "checks" column)
# and what to do about it. The rules reference page is generated from this table.
READING_RULES: dict[str, tuple[str, str]] = {
    "yaml-syntax": (
        "The file is valid YAML, one document per file: colons, indentation, quotes, brackets.",
        "The file is not valid YAML: a missing space after a colon, a tab used for indentation, "
        "a `[`, `{` or quote that is never closed, a line without `key: `, or two documents in "
        "one file. The message points at the place to fix: for an unclosed bracket or quote "
        "that is where it opens, even when the parser only notices lines later. Quote text that "
        "contains `: ` or starts with a special character (`*`, `&`, `!`, `%`, `@`, `` ` ``).",
    ),
    "duplicate-key": (
        "No key appears twice in one mapping.",
        "The same key appears twice in one mapping. YAML would silently keep only the last "
        "value, losing the first, so sopgen refuses the file. Merge the two entries or delete "
        "one; the message gives the line of the first.",
    ),
    "encoding": (
        "The file is UTF-8 text.",
        "The file is not UTF-8 (for example Latin-1 or UTF-16 from an old editor). Save it as "
        "UTF-8; a byte-order mark and Windows line endings are fine.",
    ),
    "yaml-aliases": (
        f"Anchors and aliases expand to at most {MAX_NODES:,} values.",
        f"Anchors and aliases (`&name`, `*name`) expand to more than {MAX_NODES:,} values, a "
        "pattern used to exhaust memory. Write the values out instead.",
    ),
    "yaml-depth": (
        f"Values nest at most {MAX_DEPTH} levels deep.",
        f"Lists and mappings nest more than {MAX_DEPTH} levels deep, which no procedure needs "
        "(steps nest a few levels). Flatten the value the message points at.",
    ),
    "yaml-number": (
        "Numbers are finite: no `.nan`, `.inf` or numbers too large to hold.",
        "A number is `.nan`, `.inf` or too large to hold (YAML's words for values no field can "
        "use). Write a number such as 5, or quote the value to make it text.",
    ),
    "yaml-tag": (
        "No explicit YAML tags such as `!!python/object`.",
        "An explicit YAML tag such as `!!python/object` is not allowed. Write plain values.",
    ),
    "yaml-key": (
        "Every key is a plain name, not a list or mapping.",
        "A mapping key is itself a list or mapping. Keys are plain field names.",
    ),
    "unreadable": (
        "The file can be opened and read.",
        "The file could not be opened (permissions, or it vanished while reading).",
    ),
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

    # libyaml's composer calls this for every node, a few hundred times a file; PyYAML's own
    # builds a list and looks for path resolvers (there are none) on each call.
    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _IMPLICIT.get(value[:1], _WILDCARD):
                    if pattern.match(value):
                        return str(tag)
            return STR_TAG
        return SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG

    # It also calls these two around every node to track the path for path resolvers, which
    # this resolver has none of: PyYAML's own return at once, but cost a tenth of the parse.
    def descend_resolver(self, current_node: yaml.Node | None, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


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
# The implicit resolvers by a plain scalar's first character ("" for an empty one).
_WILDCARD = tuple(_Yaml12Resolver.yaml_implicit_resolvers.get(None, []))
_IMPLICIT = {
    first: (*resolvers, *_WILDCARD)
    for first, resolvers in _Yaml12Resolver.yaml_implicit_resolvers.items()
    if first is not None
}


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
    # Whether YAML read a decimal number anywhere: JSON Schema counts 12.0 as a whole number,
    # so such a file is checked by the validator that does not (see schema.check_document).
    has_floats: bool = False

    def tree(self) -> yaml.Node | None:
        """The node tree, parsed again from ``text`` the first time a position is asked for."""
        if self.root is None and self.text is not None:
            self.root = parse_text(self.text, self.path, self.display_path).root
        return self.root

    def without_tree(self) -> Document:
        """This document without its node tree, which ``tree`` rebuilds from ``text`` if asked."""
        return Document(
            self.path,
            self.display_path,
            self.data,
            None,
            self.problems,
            self.text,
            self.has_floats,
        )

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
        self.budget = MAX_NODES  # values reached again through an alias
        self.depth = 0
        self.built: set[int] = set()  # ids of the lists and mappings built so far
        self.has_floats = False
        self.root: yaml.Node | None = None
        # The top-level value being built: where an alias explosion is reported, since the
        # shared nodes themselves only know where their anchor was defined.
        self.top: yaml.Node | None = None

    def _problem(self, node: yaml.Node, rule: str, message: str) -> Problem:
        mark = node.start_mark
        return Problem(
            self.display_path, mark.line + 1, mark.column + 1, Severity.ERROR, rule, message
        )

    def build(self, node: yaml.Node, shared: bool = False) -> Any:
        """The node's value; ``shared``: inside a list or mapping met before (an alias), whose
        values count against the expansion budget. A large file written out is not a bomb."""
        if self.root is None:
            self.root = node
        if isinstance(node, yaml.ScalarNode):
            if shared:
                self._spend(node)
            return self._scalar(node)
        if id(node) in self.built:
            shared = True
        else:
            self.built.add(id(node))
        if shared:
            self._spend(node)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlProblem(
                self._problem(
                    node,
                    "yaml-depth",
                    f"Values nest more than {MAX_DEPTH} levels deep here; flatten them.",
                )
            )
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, shared) for item in node.value]
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, shared)
        finally:
            self.depth -= 1
        raise YamlProblem(self._problem(node, "yaml-syntax", "Unexpected YAML node."))

    def _spend(self, node: yaml.Node) -> None:
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

    def _mapping(self, node: yaml.MappingNode, shared: bool) -> dict[Any, Any]:
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
            result[key] = self.build(value_node, shared)
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
                number = float(value)
            except ValueError:  # .inf, .nan: YAML's words for what no field can hold
                self.problems.append(
                    self._problem(
                        node,
                        "yaml-number",
                        f"`{value}` is not a number sopgen can use: write a number such as 5, "
                        "or quote it to make it text.",
                    )
                )
                return value
            if not math.isfinite(number):  # 1e999
                self.problems.append(
                    self._problem(
                        node,
                        "yaml-number",
                        f"`{value}` is too large a number: write a smaller one.",
                    )
                )
                return value
            self.has_floats = True
            return number
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


def _syntax_problem(error: yaml.YAMLError, text: str, display_path: str) -> Problem:
    """A YAML syntax error, placed where the owner must fix it and said in plain words."""
    if isinstance(error, yaml.reader.ReaderError) and 0 <= error.position < len(text):
        # A raw control character: libyaml names only its offset in the whole file.
        line = text.count("\n", 0, error.position) + 1
        col = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        code = ord(text[error.position])
        message = (
            f"The file holds a control character (U+{code:04X}) here, which YAML does not "
            "allow: delete it."
        )
        return Problem(display_path, line, col, Severity.ERROR, "yaml-syntax", message)
    line, col, message = _explain_syntax_error(error, text)
    return Problem(display_path, line, col, Severity.ERROR, "yaml-syntax", message)


def _explain_syntax_error(error: yaml.YAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, message) for a parser error, from libyaml's (or PyYAML's) wording.

    Where the fault is follows from what the parser was reading when it gave up. An unclosed
    `[`, `{` or quote is only noticed lines later (at the next `key:` or the end of the file),
    and a line without `key: ` or a value starting with `*` at the line or character after it:
    those point at the context mark (the opening character, the line, the value). A quote closed
    too late or too early shows as a block error after it and points at that quote. Other block
    errors and bad characters are right where the parser stopped: the problem mark.
    """
    context = str(getattr(error, "context", None) or "")
    problem = str(getattr(error, "problem", None) or error)
    problem_mark: yaml.Mark | None = getattr(error, "problem_mark", None)
    context_mark: yaml.Mark | None = getattr(error, "context_mark", None)
    if problem_mark is None:
        line, col = _place(context_mark) if context_mark is not None else (1, 1)
        return line, col, f"The file is not valid YAML ({problem})."
    at = _place(problem_mark)

    if context_mark is not None and context.startswith(
        ("while parsing a flow sequence", "while parsing a flow mapping")
    ):
        return _unclosed_flow(text, context_mark, problem_mark)
    if context_mark is not None and "quoted scalar" in context:
        opening = _place(context_mark)
        quote = _char(text, context_mark)
        if "escape" in problem:
            return (
                *at,
                "A backslash inside double quotes starts an escape such as `\\n`, and this one "
                "is not known: write `\\\\` for a backslash, or use single quotes.",
            )
        return (
            *opening,
            f"The `{quote}` at line {opening[0]}, column {opening[1]} is never closed: add a "
            f"closing `{quote}` at the end of the text.",
        )
    if context.startswith("while scanning a simple key") and context_mark is not None:
        # libyaml reports the line after; the line without `key: ` is the context mark.
        where = _place(context_mark)
        return (
            *where,
            f"Line {where[0]} is neither `key: value` nor part of the text above: add `: ` after "
            "the field name (a space after the colon), or indent the line to continue the text "
            "above.",
        )
    if context.startswith(("while scanning an alias", "while scanning an anchor")):
        where = _place(context_mark) if context_mark is not None else at
        sign = "*" if "alias" in context else "&"
        return (
            *where,
            f"A value that starts with `{sign}` is read as a YAML "
            f"{'alias' if sign == '*' else 'anchor'}: put the whole value in quotes.",
        )
    if "undefined alias" in problem:
        name = re.match(r"\*[^\s,\[\]{}]*", text[problem_mark.index :])
        shown = name.group(0) if name else "*"
        return (
            *at,
            f"`{shown}` refers to an anchor `&{shown[1:]}` that is not defined above: if this "
            "is text, put the whole value in quotes.",
        )
    if "expected a single document" in context or "expected '<document start>'" in problem:
        return (
            *at,
            "A second YAML document starts here: a file holds one procedure, so remove the "
            "`---` (or move what follows into its own file).",
        )
    if _char(text, problem_mark) == "\t" or "tab" in problem:
        return *at, "A tab is used for indentation here: indent with spaces only."
    if "mapping values are not allowed" in problem:
        return *at, _colon_in_value(text, problem_mark)
    if "cannot start any token" in problem:
        char = _char(text, problem_mark)
        shown = "a backtick" if char == "`" else f"`{char}`"
        return *at, f"A value cannot start with {shown}: put the whole value in quotes."
    if context.startswith(("while parsing a block mapping", "while parsing a block collection")):
        quoted = _quote_before(text, problem_mark)
        if quoted is not None:
            return quoted
        start = ""
        if context_mark is not None:
            line, col = _place(context_mark)
            start = f" (it starts at line {line}, column {col})"
        if "block mapping" in context:
            return (
                *at,
                f"This line does not fit the `key: value` lines above it{start}: line its key up "
                "with the keys above, and quote text that contains `: ` or starts with a quote.",
            )
        return (
            *at,
            f"This line does not fit the list above it{start}: start a new item with `- ` lined "
            "up with the others, or indent the line under its item's first key.",
        )
    return (
        *at,
        f"The file is not valid YAML here ({context + ', ' if context else ''}{problem}): "
        "check this line and the one above.",
    )


def _place(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _char(text: str, mark: yaml.Mark) -> str:
    return text[mark.index] if 0 <= mark.index < len(text) else ""


def _line_of(text: str, mark: yaml.Mark) -> str:
    lines = text.splitlines()
    return lines[mark.line] if mark.line < len(lines) else ""


def _unclosed_flow(
    text: str, context_mark: yaml.Mark, problem_mark: yaml.Mark
) -> tuple[int, int, str]:
    """A `[` or `{` the parser could not finish: never closed, or something wrong inside."""
    opener = _char(text, context_mark) or "["
    closer = {"[": "]", "{": "}"}.get(opener, "]")
    what = "list" if opener == "[" else "mapping"
    last = "last item of the list" if opener == "[" else "mapping's last `key: value`"
    # Closed later on the line of the fault: the opener is fine, an item is not. Otherwise the
    # parser ran on to the next `key:` or the end of the file looking for the closer.
    rest = _line_of(text, problem_mark)[problem_mark.column :]
    line, col = _place(context_mark)
    if closer not in rest:
        return (
            line,
            col,
            f"The `{opener}` at line {line}, column {col} is never closed: add `{closer}` after "
            f"the {last}.",
        )
    return (
        *_place(problem_mark),
        f"Expected `,` or `{closer}` here, in the {what} that opens at line {line}, column "
        f"{col}: separate items with `, `, and quote an item that contains quotes, brackets "
        "or `: `.",
    )


def _colon_in_value(text: str, mark: yaml.Mark) -> str:
    """What to do about a `: ` the parser met inside a value."""
    line = _line_of(text, mark)
    before = line[: mark.column]
    if ": " not in before and before.strip():
        # The only colon on the line: a key indented deeper than the line above, which YAML
        # then reads as more of that line's value.
        key = before.strip().removeprefix("- ").strip()
        return (
            f"`{key}:` is indented more than the line above, so YAML reads it as part of that "
            f"value: line `{key}` up with the keys above it."
        )
    found = re.fullmatch(r"(\s*(?:- )?[\w-]+): (.*?)\s*", line)
    if found and not re.search(r"[\"'\\]", found.group(2)):
        example = f'`{found.group(1).strip()}: "{found.group(2)}"`'
        return f"`: ` inside a value starts a new key: quote the whole value, like {example}."
    return "`: ` inside a value starts a new key: put the whole value in quotes."


def _quote_before(text: str, problem_mark: yaml.Mark) -> tuple[int, int, str] | None:
    """A quoted text that ends right before the fault: a quote closed too late or too early.

    libyaml only notices the mistake after the quote has closed, at the next `"` or `'` which
    may be many lines below (an unclosed quote) or inside the text (an apostrophe in single
    quotes). The pure-Python scanner gives the token before the fault; it runs only for a file
    that already failed.
    """
    last: yaml.Token | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if (token.start_mark.line, token.start_mark.column) >= (
                problem_mark.line,
                problem_mark.column,
            ):
                break
            last = token
    except yaml.YAMLError:
        pass
    if not isinstance(last, yaml.ScalarToken) or last.style not in ('"', "'"):
        return None
    quote = str(last.style)
    opening = _place(last.start_mark)
    closing = (last.end_mark.line + 1, last.end_mark.column)  # the quote just before end_mark
    if opening[0] != closing[0]:
        return (
            *opening,
            f"The `{quote}` at line {opening[0]}, column {opening[1]} is not closed on its "
            f"line, so YAML reads on to the next `{quote}`, at line {closing[0]}, column "
            f"{closing[1]}: add the closing `{quote}` on line {opening[0]}.",
        )
    if quote == "'":
        fix = "inside single quotes write an apostrophe as `''`, or use double quotes instead"
    else:
        fix = 'inside double quotes write a quote mark as `\\"`, or use single quotes instead'
    return (
        *closing,
        f"This `{quote}` ends the text quoted at column {opening[1]}, but more text follows "
        f"it: {fix}.",
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
        return Document(path, shown, None, None, [_syntax_problem(error, text, shown)])
    builder = _Builder(shown)
    try:
        data = builder.build(root) if root is not None else None
    except YamlProblem as failure:
        return Document(path, shown, None, root, [failure.problem])
    return Document(path, shown, data, root, builder.problems, has_floats=builder.has_floats)


def read_inside(path: Path, root: Path) -> bytes:
    """The bytes of ``path``, a regular file inside ``root`` (the manual folder); OSError
    saying why not for a link that leads outside, a device such as /dev/zero, a pipe or a
    folder (each would publish outside files or never end), or a loop of links."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        try:
            real = path.resolve(strict=True)
        except RuntimeError:  # a loop of links (Python < 3.13 raises this, not OSError)
            raise OSError(errno.ELOOP, "Too many levels of symbolic links") from None
        if not real.is_relative_to(root.resolve()):
            raise OSError(
                errno.EPERM,
                f"it is a link to {real}, outside the manual folder; copy the file in instead",
            )
        info = real.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "it is not a regular file (a device, pipe or folder)")
    return path.read_bytes()


def read_document(
    path: Path, display_path: str | None = None, root: Path | None = None
) -> Document:
    """Read and parse one YAML file (a regular file inside ``root``, when given)."""
    shown = display_path or display_path_for(path)
    try:
        raw = read_inside(path, root) if root is not None else path.read_bytes()
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
    for path, _ in procedure_files_named(manual_dir):
        yield path


def procedure_files_named(manual_dir: Path) -> list[tuple[Path, str]]:
    """Every procedure file with its path from the manual folder in `/` form, in that order."""
    return _yaml_files_named(manual_dir, skip_top=(RUNS_FOLDER,))


def run_files_named(manual_dir: Path) -> list[tuple[Path, str]]:
    """Every run record (under ``runs/``) with its path from the manual folder, in order."""
    runs = manual_dir / RUNS_FOLDER
    if not runs.is_dir():
        return []
    return [(path, f"{RUNS_FOLDER}/{name}") for path, name in _yaml_files_named(runs)]


def _yaml_files_named(manual_dir: Path, skip_top: tuple[str, ...] = ()) -> list[tuple[Path, str]]:
    found: list[tuple[str, str, str]] = []
    root = os.fspath(manual_dir)
    for folder, subfolders, files in os.walk(root):
        # Strings, not Path objects, for thousands of files: one relpath per folder.
        inside = os.path.relpath(folder, root)
        prefix = "" if inside == "." else inside.replace(os.sep, "/") + "/"
        subfolders[:] = sorted(
            d
            for d in subfolders
            if not d.startswith(".") and (prefix or d not in (*RECORD_DIRS, *skip_top))
        )
        for name in files:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                if not prefix and name in (MANUAL_FILE, "manual.yml", *RECORD_FILES):
                    continue
                found.append((prefix + name, folder, name))
    found.sort(key=lambda entry: entry[0])
    return [(Path(folder, name), relative) for relative, folder, name in found]


def display_paths_in(manual_dir: Path, relatives: list[str]) -> list[str]:
    """``display_path_for`` of files given by their path from ``manual_dir`` (in `/` form)."""
    base = display_path_for(manual_dir)
    if base.startswith("..") or Path(base).is_absolute():  # the working folder may be inside
        return [display_path_for(manual_dir / relative) for relative in relatives]
    # Inside the working folder: the same as display_path_for on each, with one relpath.
    return relatives if base == "." else [f"{base}/{relative}" for relative in relatives]

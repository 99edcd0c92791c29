"""Reporters: print problems as text, JSON or GitHub annotations, chosen by name."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence

from sopgen.problems import Problem, count
from sopgen.terminal import printable

Reporter = Callable[[Sequence[Problem]], str]


def text_report(problems: Sequence[Problem]) -> str:
    """`path:line:col: severity: message [rule]`, one per line, then a count."""
    lines = [
        f"{printable(p.path)}:{p.line}:{p.col}: {p.severity.value}: {printable(p.message)} "
        f"[{p.rule}]"
        for p in problems
    ]
    return "\n".join([*lines, summary(problems)]) + "\n"


def summary(problems: Sequence[Problem]) -> str:
    errors, warnings = count(problems)
    if not errors and not warnings:
        return "No problems found."
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return "Found " + " and ".join(parts) + "."


def json_report(problems: Sequence[Problem]) -> str:
    """A JSON array of {path, line, column, severity, rule, message}."""
    rows = [
        {
            "path": p.path,
            "line": p.line,
            "column": p.col,
            "severity": p.severity.value,
            "rule": p.rule,
            "message": p.message,
        }
        for p in problems
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    # GitHub workflow commands: %, CR and LF must be escaped in the message part.
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)  # the job log is a terminal too


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_report(problems: Sequence[Problem]) -> str:
    """`::error file=…,line=…,col=…::message` workflow commands: annotations on the diff."""
    lines = []
    for p in problems:
        place = f"file={_escape_property(p.path)}"
        if p.line:
            place += f",line={p.line},col={p.col}"
        place += f",title={_escape_property('sopgen ' + p.rule)}"
        lines.append(f"::{p.severity.value} {place}::{_escape_data(p.message)}")
    return "\n".join([*lines, summary(problems)]) + "\n"


REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
}
FORMAT_NAMES = ("auto", *REPORTER_BY_NAME)


def reporter_for(name: str) -> Reporter:
    """The reporter called ``name``; ``auto`` is github inside GitHub Actions, else text."""
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return REPORTER_BY_NAME[name]

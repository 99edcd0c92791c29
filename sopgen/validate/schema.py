"""The JSON Schemas: load them once, check documents, and turn schema errors into Problems."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any, Literal

from sopgen.problems import Problem
from sopgen.validate.loader import Document

SchemaName = Literal["procedure", "manual", "people", "signoffs", "run"]
SCHEMA_NAMES: tuple[SchemaName, ...] = ("procedure", "manual", "people", "signoffs", "run")
# What an empty file of each kind needs, for the message.
_EMPTY_NEEDS = {
    "procedure": "the fields of a procedure",
    "manual": "the fields of a manual",
    "people": "a list of people (`- id: ana`, `name:`, `roles:`)",
    "signoffs": "a list of sign-offs (`- procedure: FP-004`, `revision:`, `date:`, `method:`)",
    "run": "the fields of a run record (`procedure:`, `revision:`, `by:`, `started:`, `steps:`)",
}
SCHEMA_RULE = "schema"
SCHEMA_RULE_DOC = (
    "The file does not match the JSON Schema: an unknown or misspelt field (the message "
    "suggests the closest one), a missing required field, a value of the wrong kind (a number "
    "where text is expected: quote it), a date that does not exist, an id or slug in the wrong "
    "form, a step that is both `do` and `decide`, or a decision without two options. The "
    "[field reference](fields.md) lists every field. Editors with the YAML language server show "
    "these problems as you type."
)


def schema_text(name: SchemaName) -> str:
    """The schema file's text, found inside the installed package."""
    return resources.files("sopgen").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")


@cache
def load_schema(name: SchemaName) -> dict[str, Any]:
    """The parsed schema (cached: read once per process)."""
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


@cache
def _fast_validator(name: SchemaName) -> Any:
    # jsonschema-rs answers "valid?" ~100x faster than jsonschema; most files are valid, so the
    # slower validator only runs to explain a file that has problems. Without it (a Python it
    # has no wheel for, or sopgen run from a source tree) jsonschema answers, just slower.
    try:
        import jsonschema_rs
    except ImportError:
        return _full_validator(name)
    return jsonschema_rs.validator_for(load_schema(name), validate_formats=True)


@cache
def _full_validator(name: SchemaName) -> Any:
    from jsonschema import Draft202012Validator, validators

    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    # As jsonschema-rs and editors read the schema: a pattern's `$` ends the text (ECMA 262;
    # Python's `$` also matches before a final newline, so "OPS-001\n" passed), and a whole
    # number is not written as a decimal (JSON Schema counts 12.0 as an integer).
    strict = validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator,
        validators={"pattern": _ecma_pattern},
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_whole),
    )
    return strict(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _is_whole(checker: Any, instance: Any) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


_DOLLAR = re.compile(r"(?<!\\)\$")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(_DOLLAR.sub(r"\\Z", pattern))


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def check_document(document: Document, name: SchemaName) -> list[Problem]:
    """Problems of ``document`` against the named schema, each at its line and column."""
    problems = list(_decimal_revisions(document, name))
    if not document.has_floats and _fast_validator(name).is_valid(document.data):
        return problems
    # Explained already: a decimal revision, or a `.nan` the loader named.
    told = {problem.line for problem in problems}
    told |= {problem.line for problem in document.problems if problem.rule == "yaml-number"}
    errors = _full_validator(name).iter_errors(document.data)
    return problems + [
        problem
        for error in errors
        for problem in _problems_for(error, document, name)
        if not (problem.line in told and error.validator == "type")
    ]


def _decimal_revisions(document: Document, name: SchemaName) -> Iterator[Problem]:
    """`revision: 2.0` is a float the schema accepts as the integer 2 (JSON Schema counts 2.0 as
    an integer), silently turning revision "2.0" into "2"; only the YAML tells them apart."""
    data = document.data
    places: list[tuple[str | int, ...]] = []
    if name in ("procedure", "run") and isinstance(data, dict):
        places.append(("revision",))
        changes = data.get("changes")
        if isinstance(changes, list):
            places += [
                ("changes", i, "revision") for i, c in enumerate(changes) if isinstance(c, dict)
            ]
    elif name == "signoffs" and isinstance(data, list):
        places += [(i, "revision") for i, entry in enumerate(data) if isinstance(entry, dict)]
    for where in places:
        value: Any = data
        for step in where:
            value = value.get(step) if isinstance(value, dict) else value[step]
        if isinstance(value, float) and value.is_integer():
            written = document.source_text(where) or str(value)
            message = (
                f"{_field_name(where)} must be text or a whole number, but YAML reads "
                f'`{written}` as a decimal number: quote it, like "{written}".'
            )
            yield document.problem(where, SCHEMA_RULE, message)


def _problems_for(error: Any, document: Document, name: SchemaName) -> Iterator[Problem]:
    where = tuple(error.absolute_path)
    keyword = error.validator
    instance = error.instance
    schema = error.schema
    field_name = _field_name(where)

    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        for extra in [key for key in instance if key not in allowed]:
            message = f"Unknown field `{extra}`"
            guess = difflib.get_close_matches(str(extra), allowed, n=1, cutoff=0.6)
            message += (
                f": did you mean `{guess[0]}`?"
                if guess
                else (f". Allowed here: {', '.join(allowed)}.")
            )
            yield document.problem((*where, extra), SCHEMA_RULE, message, key=True)
        return
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in instance]
        message = _missing_message(missing, where, schema)
        if name == "signoffs" and missing == ["trainer"]:  # the schema's if/then on `method`
            message = (
                f"Missing `trainer` in {_field_name(where)}: with `method: trained`, write "
                "`trainer:` and the id of who trained them (or use `method: read`)."
            )
        yield document.problem(where, SCHEMA_RULE, message, key=bool(where))
        return
    if keyword == "oneOf" and "do" in schema.get("properties", {}):
        yield document.problem(where, SCHEMA_RULE, _step_shape_message(instance), key=bool(where))
        return
    if keyword == "dependentRequired":
        message = (
            "A `decide` step needs `options`: at least two answers, each with `steps` or `goto`."
            if "decide" in instance
            else "`options` belong to a decision: add `decide:` with the question, or remove "
            "`options`."
        )
        yield document.problem(where, SCHEMA_RULE, message, key=bool(where))
        return
    if keyword == "anyOf" and "when" in schema.get("properties", {}):
        message = "An option needs `steps` (what to do), `goto` (the step id to go to), or both."
        yield document.problem(where, SCHEMA_RULE, message, key=bool(where))
        return
    if keyword == "type":
        message = _type_message(error, document, field_name, name)
        yield document.problem(where, SCHEMA_RULE, message)
        return
    if keyword == "pattern":
        hint = schema.get("patternErrorMessage", f"It must match {error.validator_value}.")
        message = f"{field_name} `{instance}` is not valid. {hint}"
        yield document.problem(where, SCHEMA_RULE, message)
        return
    if keyword == "format" and error.validator_value == "date":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(instance)):
            return  # the pattern error already says how to write a date
        message = f"{field_name} `{instance}` is not a real date; write YYYY-MM-DD (2026-03-01)."
        yield document.problem(where, SCHEMA_RULE, message)
        return
    if keyword == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        guess = difflib.get_close_matches(str(instance), [str(c) for c in error.validator_value], 1)
        message = f"{field_name} `{instance}` is not allowed; use one of: {choices}."
        if guess:
            message = (
                f"{field_name} `{instance}` is not allowed: did you mean `{guess[0]}`? "
                f"(one of: {choices})"
            )
        yield document.problem(where, SCHEMA_RULE, message)
        return
    if keyword == "minItems":
        count = error.validator_value
        noun = "item" if count == 1 else "items"
        yield document.problem(where, SCHEMA_RULE, f"{field_name} needs at least {count} {noun}.")
        return
    if keyword == "minLength":
        yield document.problem(where, SCHEMA_RULE, f"{field_name} must not be empty.")
        return
    if keyword == "uniqueItems":
        yield document.problem(where, SCHEMA_RULE, f"{field_name} lists the same value twice.")
        return
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[keyword]
        message = f"{field_name} must be {bound} {error.validator_value} (it is {instance})."
        yield document.problem(where, SCHEMA_RULE, message)
        return
    yield document.problem(where, SCHEMA_RULE, f"{field_name}: {error.message}.")


def _field_name(where: tuple[str | int, ...]) -> str:
    """`steps[2].role` style name for messages; 'The file' for the root."""
    if not where:
        return "The file"
    text = ""
    for step in where:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return f"`{text}`"


def _missing_message(missing: list[str], where: tuple[str | int, ...], schema: Any) -> str:
    names = ", ".join(f"`{name}`" for name in missing)
    noun = "field" if len(missing) == 1 else "fields"
    place = "" if not where else f" in {_field_name(where)}"
    described = schema.get("properties", {}).get(missing[0], {}).get("description", "")
    hint = f" ({missing[0]}: {described})" if described and len(missing) == 1 else ""
    return f"Missing required {noun} {names}{place}{hint}."


def _step_shape_message(step: Any) -> str:
    if isinstance(step, dict) and "do" in step and "decide" in step:
        return (
            "A step is an action (`do`) or a decision (`decide`), never both: "
            "split it into two steps."
        )
    return "A step needs `do` (the action) or `decide` (a question) with `options`."


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
}


def _type_message(error: Any, document: Document, field_name: str, name: SchemaName) -> str:
    expected = error.validator_value
    expected_list = expected if isinstance(expected, list) else [expected]
    wanted = " or ".join(_TYPE_NAMES.get(str(name), str(name)) for name in expected_list)
    instance = error.instance
    if not error.absolute_path and instance is None:
        return f"The file is empty: it needs {_EMPTY_NEEDS[name]} (see `sopgen schema {name}`)."
    if "string" in expected_list and isinstance(instance, int | float | bool):
        written = document.source_text(tuple(error.absolute_path)) or str(instance)
        what = "true/false" if isinstance(instance, bool) else "a number"
        return (
            f"{field_name} must be {wanted}, but YAML reads `{written}` as {what}: "
            f'quote it, like "{written}".'
        )
    if instance is None:
        return f"{field_name} is empty; it must be {wanted}."
    if isinstance(instance, float) and instance.is_integer() and "integer" in expected_list:
        written = document.source_text(tuple(error.absolute_path)) or str(instance)
        return f"{field_name} must be {wanted}: write `{int(instance)}`, not `{written}`."
    return f"{field_name} must be {wanted}."

"""The schemas themselves: valid 2020-12, documented, and their own examples pass."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from sopgen.validate.schema import SCHEMA_NAMES, SchemaName, load_schema


def subschemas(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema with its JSON pointer."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for name, child in value.items():
                    yield from subschemas(child, f"{pointer}/{key}/{name}")
            elif key in ("items",):
                yield from subschemas(value, f"{pointer}/{key}")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_2020_12(name: SchemaName) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_has_a_description_and_example(name: SchemaName) -> None:
    """Editors show these on hover and completion; a field without them is a field owners guess."""
    schema = load_schema(name)
    undocumented = []
    for pointer, sub in subschemas(schema):
        if not pointer.rpartition("/")[0].endswith("/properties"):
            continue
        target = _resolve(schema, sub["$ref"]) if "$ref" in sub else {}
        has_example = "examples" in sub or "examples" in target or "items" in sub
        if ("description" not in sub and "description" not in target) or not has_example:
            undocumented.append(pointer)
    assert undocumented == []


def _resolve(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return dict(node)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_example_validates_against_its_own_subschema(name: SchemaName) -> None:
    schema = load_schema(name)
    registry: Registry[Any] = Registry().with_resource(
        schema["$id"], Resource.from_contents(schema)
    )
    checked = 0
    for pointer, sub in subschemas(schema):
        for example in sub.get("examples", []):
            validator = Draft202012Validator(
                {"$ref": f"{schema['$id']}#{pointer}"},
                registry=registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
            errors = [e.message for e in validator.iter_errors(example)]
            assert errors == [], f"{pointer}: example {example!r}"
            checked += 1
    # The record schemas are small: a handful of fields, each with its examples.
    assert checked > (20 if name in ("procedure", "manual") else 10)


def test_unknown_keys_are_errors_everywhere() -> None:
    for name in SCHEMA_NAMES:
        for pointer, sub in subschemas(load_schema(name)):
            if sub.get("type") == "object":
                assert sub.get("additionalProperties") is False, f"{name}{pointer}"

"""The field and rules reference pages, generated from the schemas and the rules themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from sopgen.validate.catalog import every_rule
from sopgen.validate.schema import SchemaName, load_schema

FIELDS_PAGE = "reference/fields.md"
RULES_PAGE = "reference/rules.md"

# Examples (and values) up to this long stay on one line: that is about the example column's
# width beside the navigation, with every field table fitting the page (the browser test).
_WHOLE_EXAMPLE_CHARS = 24

# Sections of the field reference: (schema, $defs name or "" for the top level, heading).
_SECTIONS: tuple[tuple[SchemaName, str, str], ...] = (
    ("manual", "", "manual.yaml"),
    ("manual", "category", "Category (`categories:`)"),
    ("manual", "role", "Role (`roles:`)"),
    ("manual", "term", "Glossary term (`glossary:`)"),
    ("procedure", "", "Procedure file"),
    ("procedure", "step", "Step (`steps:`, `substeps:`, option `steps:`)"),
    ("procedure", "option", "Decision option (`options:`)"),
    ("procedure", "spec", "Spec (`specs:`)"),
    ("procedure", "image", "Image (step `image:`)"),
    ("procedure", "verify", "Second-person check (step `verify:`)"),
    ("procedure", "metric", "Metric (`metrics:`)"),
    ("procedure", "question", "Recurring question (`recurring_questions:`)"),
    ("procedure", "reference", "Reference (`references:`)"),
    ("procedure", "change", "Change (`changes:`)"),
    ("people", "person", "Person (`people.yaml`)"),
    ("signoffs", "signoff", "Sign-off (`signoffs/<person-id>.yaml`)"),
)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The node merged over the definition it `$ref`s (the node's own words win)."""
    if "$ref" not in node:
        return node
    target: Any = schema
    for part in node["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    merged = {**_resolve(schema, target), **{k: v for k, v in node.items() if k != "$ref"}}
    return merged


def _kind(schema: dict[str, Any], node: dict[str, Any]) -> str:
    """A short, plain description of what a field holds."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        plain = {
            "slug": "slug",
            "procedureId": "procedure id",
            "revision": "text or whole number",
            "date": "date (YYYY-MM-DD)",
            "markdown": "Markdown text",
        }
        if name in plain:
            return plain[name]
        return f"[{name}](#{name})"
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    kind = node.get("type")
    if kind == "array":
        return "list of " + _kind(schema, node.get("items", {}))
    names = {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "true/false",
    }
    if isinstance(kind, list):
        return " or ".join(names.get(str(k), str(k)) for k in kind)
    return names.get(str(kind), str(kind or "value"))


def _example(schema: dict[str, Any], name: str, node: dict[str, Any]) -> str:
    """`name: value` in YAML flow style, from the field's first example."""
    examples = _resolve(schema, node).get("examples")
    if not examples or isinstance(examples[0], dict):
        return ""
    flow = yaml.safe_dump(examples[0], default_flow_style=True, allow_unicode=True, width=10_000)
    flow = flow.removesuffix("\n").removesuffix("...").strip()
    if re.fullmatch(r"'[0-9]{4}-[0-9]{2}-[0-9]{2}'", flow):
        flow = flow.strip("'")  # YAML 1.2 reads dates as text: no quotes needed
    return _example_code(f"{name}:", flow)


def _example_code(key: str, value: str) -> str:
    """`key: value` as code that breaks only where it makes sense (the rules are in sopgen.css).

    Code in a table cell breaks anywhere, and a narrow column then reads "review_ev" /
    "ery_months: 12". A short example stays on one line; a longer one is two spans, so it breaks
    between the key and the value, and a long value wraps at its spaces; one with a word longer
    than a short example (a URL) may also break inside that word, or it alone would make the
    column that wide.
    """
    if len(key) + 1 + len(value) <= _WHOLE_EXAMPLE_CHARS:
        return f"`{key} {value}`"
    if any(len(word) > _WHOLE_EXAMPLE_CHARS for word in value.split()):
        wrapping = "{: .sop-breaks}"
    elif len(value) > _WHOLE_EXAMPLE_CHARS:
        wrapping = "{: .sop-wraps}"
    else:
        wrapping = ""
    return f"`{key}` `{value}`{wrapping}"


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section(name: SchemaName, definition: str, heading: str) -> Iterator[str]:
    from sopgen.render.tables import table  # here: sopgen.render imports this module

    schema = load_schema(name)
    node = schema["$defs"][definition] if definition else schema
    anchor = f" {{#{definition}}}" if definition else ""
    yield f"## {heading}{anchor}"
    yield ""
    yield str(node.get("description", ""))
    yield ""
    required = set(node.get("required", []))
    rows = []
    for field_name, field in node.get("properties", {}).items():
        resolved = _resolve(schema, field)
        description = resolved.get("description", "")
        if "default" in resolved and "Default:" not in description:
            description += f" Default: `{resolved['default']}`."
        rows.append(
            (
                f"`{field_name}`",
                "yes" if field_name in required else "no",
                _escape_cell(_kind(schema, field)),
                _escape_cell(description),
                _escape_cell(_example(schema, field_name, field)),
            )
        )
    # Stacked on a phone: five columns there leave the example a few characters wide; one
    # block per field gives it the screen's width.
    yield table(("field", "required", "holds", "meaning", "example"), rows, "fields", stack=True)
    yield ""
    examples = node.get("examples")
    if examples:
        yield "Example:"
        yield ""
        yield "```yaml"
        yield yaml.safe_dump(examples[:1], allow_unicode=True, sort_keys=False, width=80).strip()
        yield "```"
        yield ""


def fields_markdown() -> str:
    """The field reference: every field of every schema, from the schemas' own descriptions."""
    lines = [
        "# Field reference",
        "",
        "Every field a manual, procedure, people or sign-off file can hold. This page is "
        "generated from the JSON Schemas in `schemas/` (also printed by `sopgen schema`), so "
        "it always matches what `sopgen validate` accepts. Unknown fields are errors.",
        "",
    ]
    for name, definition, heading in _SECTIONS:
        lines.extend(_section(name, definition, heading))
    return "\n".join(lines).rstrip() + "\n"


def rules_markdown() -> str:
    """The rules reference: every rule id, generated from the one list of them
    (``validate/catalog.py``)."""
    lines = [
        "# Rules reference",
        "",
        "`sopgen validate` reports each problem as `path:line:col: severity: message [rule]`. "
        "This page explains every rule id and what to do about it; it is generated from the "
        "rules' own documentation. Errors stop `sopgen build`; warnings do not, unless you "
        "pass `--strict`.",
        "",
        "| rule | severity | checks |",
        "| --- | --- | --- |",
    ]
    entries = every_rule()
    lines += [f"| [`{r.id}`](#{r.id}) | {r.severity} | {_escape_cell(r.checks)} |" for r in entries]
    lines.append("")
    for rule in entries:
        lines += [f"## `{rule.id}` {{#{rule.id}}}", "", f"*{rule.severity}* — {rule.checks}", ""]
        lines += [rule.explanation, ""]
    return "\n".join(lines).rstrip() + "\n"

"""The generated field and rules references cover every field and every rule."""

from __future__ import annotations

import re

from sopgen.reference_docs import fields_markdown, rule_entries, rules_markdown
from sopgen.rules import all_rules
from sopgen.schema import load_schema


def test_field_reference_lists_every_property_of_both_schemas() -> None:
    page = fields_markdown()
    for name in ("manual", "procedure"):
        schema = load_schema(name)
        nodes = [schema, *schema["$defs"].values()]
        for node in nodes:
            for field, spec in node.get("properties", {}).items():
                assert f"| `{field}` |" in page, field
                if "description" in spec:
                    assert spec["description"].split(".")[0] in page


def test_field_reference_shows_examples_as_owners_write_them() -> None:
    page = fields_markdown()
    assert "| `effective: 2026-03-01` |" in page
    assert "`revision: '3'`" in page
    assert "| `id` | yes | procedure id |" in page


def test_rules_reference_has_a_section_per_rule_with_its_docstring() -> None:
    page = rules_markdown()
    for module in all_rules():
        assert f"## `{module.ID}` {{#{module.ID}}}" in page
        first_line = (module.check.__doc__ or "").strip().splitlines()[0]
        assert first_line in page
    ids = [entry[0] for entry in rule_entries()]
    assert len(ids) == len(set(ids))
    assert {"duplicate-key", "schema", "yaml-syntax", "encoding"} <= set(ids)


def test_warning_rules_are_marked_as_warnings() -> None:
    severities = {rule_id: severity for rule_id, severity, _, _ in rule_entries()}
    assert severities["four-eyes"] == "warning"
    assert severities["review-overdue"] == "warning"
    assert severities["unique-id"] == "error"
    assert re.search(r"\| \[`id-prefix`\]\(#id-prefix\) \| warning \|", rules_markdown())

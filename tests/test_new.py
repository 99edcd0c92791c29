"""sopgen new through the real CLI: next free id, the file validates, never overwrites."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from sopgen.cli import cli
from sopgen.validate.loader import read_document
from sopgen.validate.schema import load_schema


def scaffold(tmp_path: Path) -> Path:
    """A manual made by `sopgen init`; returns its procedures/ folder."""
    assert CliRunner().invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    return tmp_path / "procedures"


def new(manual: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["new", *args, "--manual-dir", str(manual)])
    return result.exit_code, result.output


def validate_strict(manual: Path) -> list[object]:
    result = CliRunner().invoke(cli, ["validate", "--strict", "--format", "json", str(manual)])
    problems: list[object] = json.loads(result.output)
    return problems


def test_new_writes_a_valid_draft_with_the_next_id(tmp_path: Path) -> None:
    manual = scaffold(tmp_path)
    code, output = new(manual, "Clean the coffee machine", "--category", "operations")
    path = manual / "operations" / "OPS-002-clean-the-coffee-machine.yaml"
    assert code == 0, output
    assert output == f"wrote {path} (OPS-002, draft, owner shift-lead)\n"
    data = read_document(path).data
    assert {k: data[k] for k in ("id", "title", "category", "status", "revision", "owner")} == {
        "id": "OPS-002",
        "title": "Clean the coffee machine",
        "category": "operations",
        "status": "draft",
        "revision": "1",
        "owner": "shift-lead",
    }
    assert validate_strict(manual) == []


def test_new_file_has_the_schema_line_and_every_optional_field_as_a_comment(
    tmp_path: Path,
) -> None:
    manual = scaffold(tmp_path)
    new(manual, "Clean the coffee machine", "--category", "operations")
    lines = (manual / "operations/OPS-002-clean-the-coffee-machine.yaml").read_text().splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../schemas/procedure.schema.json"
    schema = load_schema("procedure")
    optional = [name for name in schema["properties"] if name not in schema["required"]]
    for name in optional:
        (line,) = [line for line in lines if line.startswith(f"# {name}: ")]
        assert re.fullmatch(rf"# {name}: .+  # [A-Z].+\.", line), line


def test_uncommented_optional_fields_keep_the_file_valid(tmp_path: Path) -> None:
    manual = scaffold(tmp_path)
    new(manual, "Clean the coffee machine", "--category", "operations")
    path = manual / "operations/OPS-002-clean-the-coffee-machine.yaml"
    keep = ("tags", "materials", "specs", "metrics", "references", "trigger", "purpose")
    keep += ("approved_by", "roles", "effective", "records", "before_you_start", "scope")
    keep += ("changes", "recurring_questions", "review_every_months", "last_reviewed")
    text = "\n".join(
        line[2:] if any(line.startswith(f"# {name}: ") for name in keep) else line
        for line in path.read_text().splitlines()
    )
    path.write_text(text + "\n")
    assert validate_strict(manual) == []


def test_next_id_counts_retired_broken_and_unreadable_files(tmp_path: Path) -> None:
    manual = scaffold(tmp_path)
    folder = manual / "operations"
    retired = (folder / "OPS-001-open-the-shop.yaml").read_text()
    retired = retired.replace("id: OPS-001", "id: OPS-007").replace("effective\n", "retired\n")
    (folder / "OPS-007-old.yaml").write_text(retired)
    (folder / "OPS-009-broken.yaml").write_text("id: OPS-009\ntitle: [unfinished\n")  # no parse
    (folder / "draft.yaml").write_text("id: OPS-008\nownr: x\n")  # schema errors, id readable
    code, output = new(manual, "Close the till", "--category", "operations")
    assert code == 0, output
    assert (folder / "OPS-010-close-the-till.yaml").is_file()


def test_next_id_keeps_a_wider_number(tmp_path: Path) -> None:
    manual = scaffold(tmp_path)
    text = (manual / "operations/OPS-001-open-the-shop.yaml").read_text()
    (manual / "operations/OPS-001-open-the-shop.yaml").write_text(
        text.replace("id: OPS-001", "id: OPS-0999")
    )
    new(manual, "Close the till", "--category", "operations")
    assert (manual / "operations/OPS-1000-close-the-till.yaml").is_file()


def test_owner_defaults_to_the_categorys_usual_owner(tmp_path: Path) -> None:
    manual = scaffold(tmp_path)
    assert new(manual, "One", "--category", "operations", "--owner", "manager")[0] == 0
    assert new(manual, "Two", "--category", "operations", "--owner", "manager")[0] == 0
    code, output = new(manual, "Three", "--category", "operations")
    assert code == 0, output
    assert output.endswith("(OPS-004, draft, owner manager)\n"), output


def test_examples_name_the_usual_approver_and_a_procedure_of_the_category(
    tmp_path: Path,
) -> None:
    manual = scaffold(tmp_path)
    manual_yaml = manual / "manual.yaml"
    manual_yaml.write_text(
        manual_yaml.read_text()
        + "  - id: barista\n    title: Barista\n    description: Makes the coffee.\n"
    )
    code, output = new(
        manual, "Descale the machine", "--category", "operations", "--owner", "barista"
    )
    assert code == 0, output
    path = manual / "operations/OPS-002-descale-the-machine.yaml"
    lines = path.read_text().splitlines()
    # The sample OPS-001 is approved by manager: that, not the first other role, is the example.
    assert any(line.startswith("# approved_by: manager  # ") for line in lines), lines
    assert any(line.startswith("# related: [OPS-001]  # ") for line in lines), lines
    path.write_text(
        "\n".join(
            line[2:] if line.startswith(("# approved_by: ", "# related: ")) else line
            for line in lines
        )
        + "\n"
    )
    assert validate_strict(manual) == []


def test_unknown_category_is_a_usage_error_listing_the_categories(tmp_path: Path) -> None:
    manual = scaffold(tmp_path)
    code, output = new(manual, "Close the till", "--category", "kitchen")
    assert code == 2
    assert "No category 'kitchen' in manual.yaml. Categories: operations" in output
    assert sorted(p.name for p in (manual / "operations").iterdir()) == [
        "OPS-001-open-the-shop.yaml"
    ]


def test_unknown_owner_is_a_usage_error_listing_the_roles(tmp_path: Path) -> None:
    manual = scaffold(tmp_path)
    code, output = new(manual, "Close the till", "--category", "operations", "--owner", "boss")
    assert code == 2
    assert "No role 'boss' in manual.yaml. Roles: shift-lead, manager" in output


def test_new_never_overwrites(tmp_path: Path) -> None:
    manual = scaffold(tmp_path)
    # A copy whose id was not changed: OPS-002 is still free, but its file name is taken.
    taken = manual / "operations" / "OPS-002-close-the-till.yaml"
    original = (manual / "operations/OPS-001-open-the-shop.yaml").read_text()
    taken.write_text(original)
    code, output = new(manual, "Close the till", "--category", "operations")
    assert code == 1
    assert f"{taken} already exists; nothing was written." in output
    assert taken.read_text() == original


def test_titles_that_need_quoting_round_trip(tmp_path: Path) -> None:
    manual = scaffold(tmp_path)
    title = 'Close: the "till" #2 — yes'
    code, output = new(manual, title, "--category", "operations")
    assert code == 0, output
    path = manual / "operations/OPS-002-close-the-till-2-yes.yaml"
    assert read_document(path).data["title"] == title
    assert validate_strict(manual) == []


def test_without_a_schemas_folder_the_file_still_validates(tmp_path: Path) -> None:
    manual = scaffold(tmp_path)
    for schema in (tmp_path / "schemas").iterdir():
        schema.unlink()
    (tmp_path / ".git").mkdir()  # the repository's top: the search stops here
    code, output = new(manual, "Close the till", "--category", "operations")
    assert code == 0
    assert "no schemas/procedure.schema.json found" in output
    text = (manual / "operations/OPS-002-close-the-till.yaml").read_text()
    assert "yaml-language-server" not in text
    assert validate_strict(manual) == []


def test_schema_command_prints_both_schemas(tmp_path: Path) -> None:
    for name in ("procedure", "manual"):
        result = CliRunner().invoke(cli, ["schema", name])
        assert result.exit_code == 0
        assert json.loads(result.output) == load_schema(name)  # type: ignore[arg-type]
    assert json.loads(CliRunner().invoke(cli, ["schema"]).output)["title"] == "sopgen procedure"
    assert CliRunner().invoke(cli, ["schema", "step"]).exit_code == 2

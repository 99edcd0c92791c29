"""The example manual in procedures/ validates and shows every part of the format."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from conftest import REPO

from sopgen.model import Manual, Procedure, Step
from sopgen.validate.pipeline import validate

MANUAL_DIR = REPO / "procedures"
DOCS_DIR = REPO / "docs"
SCHEMAS = REPO / "schemas"
# A fixed day, so the test does not change its mind as the calendar moves on. The real build
# uses today's date, so more procedures fall overdue over time — as in a real manual.
TODAY = date(2026, 11, 30)
# Manual fields the example leaves out on purpose, and why.
MANUAL_FIELDS_NOT_SHOWN = {
    # The café's site is its own intranet: staff names are shown (publish_names defaults to
    # true); the setting is for manuals published outside the business.
    "training",
    # A made-up repository address would publish a broken "Edit" link; the site falls back to
    # mkdocs.yml's repo_url and edit_uri instead.
    "edit_url",
}


@pytest.fixture(scope="module")
def manual() -> Manual:
    result = validate(MANUAL_DIR, today=TODAY)
    assert not result.errors, result.errors
    assert result.manual is not None
    return result.manual


def cli_problems(*args: str) -> tuple[int, list[dict[str, Any]]]:
    completed = subprocess.run(
        [sys.executable, "-m", "sopgen", "validate", "--format", "json", *args, "procedures"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.returncode, json.loads(completed.stdout or "[]")


def all_steps(manual: Manual) -> Iterator[tuple[Procedure, Step]]:
    for procedure in manual.procedures:
        for step in procedure.all_steps():
            yield procedure, step


def test_validates_through_the_cli_with_only_overdue_warnings(manual: Manual) -> None:
    code, problems = cli_problems("--today", TODAY.isoformat())
    assert code == 0
    assert [p for p in problems if p["severity"] == "error"] == []
    # The one run record with a warm fridge is the manual working: a warning that names it.
    runs = [p for p in problems if p["rule"] == "run-values"]
    assert [(p["path"], p["line"], p["column"]) for p in runs] == [
        ("procedures/runs/2026-12/FP-002-2026-12-02T1900Z-AR.yaml", 14, 12)
    ]
    problems = [p for p in problems if p["rule"] != "run-values"]
    assert {p["rule"] for p in problems} == {"review-overdue"}
    # The warnings are exactly the effective procedures whose next review has passed.
    overdue = {
        f"procedures/{p.source}"
        for p in manual.procedures
        if p.is_current and p.next_review is not None and p.next_review < TODAY
    }
    assert {p["path"] for p in problems} == overdue
    assert len(overdue) >= 1


def test_review_page_has_a_procedure_due_soon(manual: Manual) -> None:
    due_soon = [
        p.id
        for p in manual.procedures
        if p.is_current and p.next_review is not None and 0 <= (p.next_review - TODAY).days <= 30
    ]
    assert due_soon, "no effective procedure due for review within 30 days"


def test_fail_overdue_turns_the_overdue_procedures_into_errors() -> None:
    code, problems = cli_problems("--today", TODAY.isoformat(), "--fail-overdue")
    assert code == 1
    problems = [p for p in problems if p["rule"] != "run-values"]
    assert {p["severity"] for p in problems} == {"error"}


def test_size_categories_and_roles(manual: Manual) -> None:
    assert len(manual.procedures) >= 16
    used_categories = {p.category for p in manual.procedures}
    assert len(used_categories) >= 5
    assert used_categories == {c.id for c in manual.categories}, "a category with no procedure"
    used_roles: set[str] = set()
    for procedure in manual.procedures:
        used_roles |= {procedure.owner, *procedure.roles}
        used_roles |= {procedure.approved_by} if procedure.approved_by else set()
    for _, step in all_steps(manual):
        used_roles |= {step.role} if step.role else set()
        used_roles |= {step.verify.by} if step.verify else set()
    assert used_roles == {r.id for r in manual.roles}, "a role nobody has"
    assert len(manual.glossary) >= 5


def test_every_status_and_the_retired_chain(manual: Manual) -> None:
    statuses = [p.status for p in manual.procedures]
    for status in ("draft", "in-review", "effective", "retired"):
        assert status in statuses
    retired = [p for p in manual.procedures if p.status == "retired"]
    for old in retired:
        assert old.superseded_by is not None
        new = manual.procedure(old.superseded_by)
        assert new is not None and new.status == "effective"
        assert new.supersedes == old.id


def schema_properties(name: str, definition: str | None = None) -> set[str]:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    node = schema["$defs"][definition] if definition else schema
    return set(node["properties"])


def procedure_paths() -> list[Path]:
    """The procedure files: not manual.yaml, people.yaml or the sign-off records."""
    return [
        path
        for path in sorted(MANUAL_DIR.rglob("*.yaml"))
        if path.name not in ("manual.yaml", "people.yaml")
        and path.relative_to(MANUAL_DIR).parts[0] != "signoffs"
    ]


def raw_documents() -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in procedure_paths()]


def raw_steps(steps: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for step in steps:
        yield step
        yield from raw_steps(step.get("substeps", []))
        for option in step.get("options", []):
            yield from raw_steps(option.get("steps", []))


def test_every_field_of_the_format_is_used() -> None:
    documents = raw_documents()
    used: dict[str, set[str]] = {"procedure": set(), "step": set(), "option": set()}
    for document in documents:
        used["procedure"] |= set(document)
        for step in raw_steps(document["steps"]):
            used["step"] |= set(step)
            for option in step.get("options", []):
                used["option"] |= set(option)
    assert schema_properties("procedure") - used["procedure"] == set()
    assert schema_properties("procedure", "step") - used["step"] == set()
    assert schema_properties("procedure", "option") - used["option"] == set()
    manual_data = yaml.safe_load((MANUAL_DIR / "manual.yaml").read_text(encoding="utf-8"))
    assert schema_properties("manual") - set(manual_data) == MANUAL_FIELDS_NOT_SHOWN


def test_step_kinds_are_shown_in_use(manual: Manual) -> None:
    steps = [step for _, step in all_steps(manual)]
    gotos = [o.goto for s in steps for o in s.options if o.goto]
    assert gotos, "no decision with goto"
    nested = [inner for s in steps for o in s.options for inner in o.steps if inner.is_decision]
    assert nested, "no decision nested inside an option"
    assert any(s.critical and s.why for s in steps)
    assert any(s.verify for s in steps)
    assert any(len(s.substeps) >= 2 for s in steps)
    assert {kind for s in steps for kind, _ in s.admonitions} == {
        "warning",
        "caution",
        "note",
        "tip",
    }
    procedures = manual.procedures
    assert any(len(p.specs) >= 5 for p in procedures)
    assert any(p.metrics for p in procedures)
    traced = [q for p in procedures for q in p.recurring_questions if q.root_cause and q.step]
    assert len(traced) >= 5


def test_images_exist_are_png_or_svg_and_described(manual: Manual) -> None:
    images = [step.image for _, step in all_steps(manual) if step.image]
    assert len(images) >= 5
    assert {PurePosixPath(i.src).suffix for i in images} == {".png", ".svg"}
    for image in images:
        path = MANUAL_DIR / image.src
        assert path.is_file()
        head = path.read_bytes()[:200]
        assert head.startswith(b"\x89PNG") or b"<svg" in head
        assert len(image.alt.split()) >= 8, f"{image.src}: alt text should describe the picture"


def test_every_procedure_lists_its_sources(manual: Manual) -> None:
    for procedure in manual.procedures:
        assert procedure.references, f"{procedure.id} has no references"
        for reference in procedure.references:
            if reference.url is None or reference.url.startswith("https://"):
                continue
            # A path relative to the site: one of the hand-written guides in docs/.
            target = DOCS_DIR / reference.url
            assert target.is_file(), f"{procedure.id}: {reference.url} is not a guide in docs/"


def test_the_lessons_of_the_issue_are_in_the_manual(manual: Manual) -> None:
    def text(procedure_id: str) -> str:
        procedure = manual.procedure(procedure_id)
        assert procedure is not None, procedure_id
        specs = " ".join(f"{s.item} {s.value} {s.note}" for s in procedure.specs)
        steps = " ".join(f"{s.text} {s.why or ''}" for s in procedure.all_steps())
        return f"{procedure.title} {procedure.summary} {specs} {steps}"

    answer = manual.procedure("CS-002")
    assert answer is not None
    listen = answer.step_by_id("listen")
    assert listen is not None and listen.critical
    tried = answer.step_by_id("tried")
    assert tried is not None and any(o.goto for o in tried.options)
    assert any(s.record for s in answer.all_steps())
    assert "root cause" in text("CS-003").lower()
    counting = manual.procedure("QC-004")
    assert counting is not None
    assert any("contacts per order" in m.name.lower() for m in counting.metrics)
    for checked in ("QC-001", "QC-002", "QC-003"):
        checked_procedure = manual.procedure(checked)
        assert checked_procedure is not None
        assert any(s.verify for s in checked_procedure.all_steps()), checked
    assert re.search(r"90 g", text("FP-004")) and re.search(r"#12 disher", text("FP-005"))
    assert "41 °F" in text("FP-002") and "135 °F" in text("FP-002")
    assert "70 °F" in text("FP-003") and "165 °F" in text("FP-003")
    assert "20 seconds" in text("FP-001")


def test_files_follow_the_recommended_layout_and_name_their_schema() -> None:
    manual_header = (MANUAL_DIR / "manual.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert manual_header == "# yaml-language-server: $schema=../schemas/manual.schema.json"
    for path in procedure_paths():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        relative = path.relative_to(MANUAL_DIR)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema_ref = first.removeprefix("# yaml-language-server: $schema=")
        if relative.parts[0] == "runs":  # run records: runs/<any folders>/<ID>-<start>-<by>.yaml
            assert relative.name.startswith(f"{data['procedure']}-"), relative
            assert (path.parent / schema_ref).resolve() == (SCHEMAS / "run.schema.json")
            continue
        assert relative.parts[0] == data["category"], relative
        assert relative.name.startswith(f"{data['id']}-"), relative
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema_ref = first.removeprefix("# yaml-language-server: $schema=")
        assert schema_ref != first, f"{relative}: no schema line"
        assert (path.parent / schema_ref).resolve() == (SCHEMAS / "procedure.schema.json")


GENERATED_PAGES = re.compile(
    r"^(procedures/index|procedures/[a-z0-9-]+/index|procedures/[a-z0-9-]+/[A-Z][A-Z0-9]*-\d+"
    r"|roles/index|roles/[a-z0-9-]+|review|questions|metrics|glossary|reference/fields"
    r"|reference/rules|tags)\.md$"
)


def test_guides_link_only_to_pages_that_exist(manual: Manual) -> None:
    guides = sorted(DOCS_DIR.rglob("*.md"))
    assert {"index.md", "writing-procedures.md"} <= {g.name for g in guides}
    role_ids = {r.id for r in manual.roles}
    for guide in guides:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", guide.read_text("utf-8")):
            if re.match(r"^(https?|mailto):", target):
                continue
            page = (guide.parent / target).resolve().relative_to(DOCS_DIR.resolve()).as_posix()
            if (DOCS_DIR / page).is_file():
                continue
            assert GENERATED_PAGES.match(page), f"{guide.name}: link to {target}"
            if page.startswith("roles/") and page != "roles/index.md":
                assert PurePosixPath(page).stem in role_ids, f"{guide.name}: no role {page}"
            if re.match(r"procedures/[^/]+/[A-Z]", page):
                procedure = manual.procedure(PurePosixPath(page).stem)
                assert procedure is not None, f"{guide.name}: no procedure {page}"
                assert page == f"procedures/{procedure.category}/{procedure.id}.md"

"""Training records through the real CLI: the rules at exact positions, who is due or current
(material and editorial revisions, a leaver, two roles), `sopgen sign` and the cache."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopgen.cli import cli

TODAY = "2026-06-01"

MANUAL = """\
title: Test Kitchen
organization: Test Kitchen
categories:
  - id: kitchen
    title: Kitchen
    prefix: KT
roles:
  - id: cook
    title: Cook
  - id: server
    title: Server
  - id: lead
    title: Lead
  - id: owner
    title: Owner
"""


def procedure(
    pid: str, revision: str, changes: str, steps: str, extra: str = "", status: str = "effective"
) -> str:
    return (
        f"id: {pid}\ntitle: Procedure {pid}\ncategory: kitchen\nstatus: {status}\n"
        f'revision: "{revision}"\nowner: lead\n{extra}summary: Test.\nsteps:\n{steps}'
        f"changes:\n{changes}approved_by: owner\n"
    )


# KT-001: revision 1, then 2 (material), then 3 and 4 (both editorial). Cooks sign it.
KT_001 = procedure(
    "KT-001",
    "4",
    """\
  - {revision: "4", date: 2026-04-01, summary: Typo in step 1., editorial: true}
  - {revision: "3", date: 2026-03-01, summary: Layout of the steps., editorial: true}
  - {revision: "2", date: 2026-02-01, summary: Fridge at 4 °C now.}
  - {revision: "1", date: 2026-01-01, summary: First version.}
""",
    "  - do: Check the fridge.\n",
    "effective: 2026-04-01\nroles: [cook]\n",
)
# KT-002: revision 2 is material. A server does it and a lead checks it.
KT_002 = procedure(
    "KT-002",
    "2",
    """\
  - {revision: "2", date: 2026-05-01, summary: Count the float twice.}
  - {revision: "1", date: 2026-01-05, summary: First version.}
""",
    "  - do: Count the till.\n    role: server\n    verify: {by: lead, check: Count it again.}\n",
    "effective: 2026-05-01\n",
)
# A draft names cooks too: nobody signs a draft.
KT_003 = procedure(
    "KT-003",
    "1",
    '  - {revision: "1", date: 2026-05-20, summary: First draft.}\n',
    "  - do: Try the new soup.\n    role: cook\n",
    status="draft",
)

PEOPLE = """\
# yaml-language-server: $schema=../schemas/people.schema.json
- id: ana
  name: Ana Reyes
  roles: [cook, server]
- id: ben
  name: Ben
  roles: [cook]
- id: cy
  name: Cy
  roles: [lead]
- id: dee
  name: Dee
  roles: [server]
  active: false
"""

SIGNOFFS = {
    "ana": """\
# Ana's record: comments stay where they are.
- procedure: KT-001
  revision: "2"
  date: 2026-02-03
  method: read
- procedure: KT-002
  revision: "1"
  date: 2026-01-06
  method: trained
  trainer: cy
""",
    "ben": """\
- procedure: KT-001
  revision: "1"
  date: 2026-01-02
  method: read
""",
    "cy": """\
- procedure: KT-002
  revision: "2"
  date: 2026-05-02
  method: assessed
""",
}


def write_manual(
    root: Path, people: str | None = PEOPLE, signoffs: dict[str, str] | None = None
) -> Path:
    manual = root / "procedures"
    (manual / "kitchen").mkdir(parents=True)
    (manual / "manual.yaml").write_text(MANUAL, encoding="utf-8")
    for pid, text in (("KT-001", KT_001), ("KT-002", KT_002), ("KT-003", KT_003)):
        (manual / "kitchen" / f"{pid}.yaml").write_text(text, encoding="utf-8")
    if people is not None:
        (manual / "people.yaml").write_text(people, encoding="utf-8")
    (manual / "signoffs").mkdir()
    for person, text in (SIGNOFFS if signoffs is None else signoffs).items():
        (manual / "signoffs" / f"{person}.yaml").write_text(text, encoding="utf-8")
    return manual


def sopgen(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sopgen", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def problems(manual: Path, *extra: str) -> tuple[int, list[str]]:
    done = sopgen("validate", "--format", "json", "--today", TODAY, *extra, manual)
    found = [
        f"{Path(p['path']).relative_to(manual).as_posix()}:{p['line']}:{p['column']} {p['rule']}"
        for p in json.loads(done.stdout)
    ]
    return done.returncode, found


def test_the_example_records_are_valid_and_the_manual_is_clean(tmp_path: Path) -> None:
    manual = write_manual(tmp_path)
    assert problems(manual) == (0, [])


def test_each_rule_at_its_exact_position(tmp_path: Path) -> None:
    people = PEOPLE.replace("roles: [cook]\n", "roles: [cook, sever]\n", 1) + (
        "- id: ana\n  name: Ana Two\n  roles: [lead]\n"
    )
    signoffs = {
        "ana": """\
# yaml-language-server: $schema=../../schemas/signoffs.schema.json
- procedure: KT-001
  revision: "9"
  date: 2026-04-02
  method: read
- procedure: KT-0001
  revision: "1"
  date: 2026-01-02
  method: read
- procedure: KT-001
  revision: "2"
  date: 2026-01-15
  method: read
- procedure: KT-001
  revision: "4"
  date: 2027-01-01
  method: read
- procedure: KT-002
  revision: "2"
  date: 2026-05-02
  method: trained
  trainer: ana
- procedure: KT-002
  revision: "2"
  date: 2026-05-02
  method: trained
  trainer: bne
""",
        "ben": """\
- procedure: KT-002
  revision: 2.0
  date: 2026-05-02
  method: trained
- procedure: KT-001
  revision: "4"
  date: 2026-04-02
  method: red
""",
        "zoe": '- procedure: KT-001\n  revision: "4"\n  date: 2026-04-02\n  method: read\n',
    }
    manual = write_manual(tmp_path, people, signoffs)
    code, found = problems(manual)
    assert code == 1
    assert found == [
        "people.yaml:7:17 people-role",
        "people.yaml:15:7 people-unique",
        "signoffs/ana.yaml:3:13 signoff-revision",
        "signoffs/ana.yaml:6:14 signoff-procedure",
        "signoffs/ana.yaml:12:9 signoff-date",
        "signoffs/ana.yaml:16:9 signoff-date",
        "signoffs/ana.yaml:22:12 signoff-trainer",
        "signoffs/ana.yaml:27:12 signoff-trainer",
        "signoffs/ben.yaml:1:3 schema",
        "signoffs/ben.yaml:2:13 schema",
        "signoffs/ben.yaml:8:11 schema",
        "signoffs/zoe.yaml:1:1 signoff-person",
    ]


def test_messages_say_how_to_fix(tmp_path: Path) -> None:
    signoffs = {
        "ana": '- procedure: KT-0001\n  revision: "1"\n  date: 2026-01-02\n  method: read\n',
        "bne": '- procedure: KT-001\n  revision: "9"\n  date: 2026-04-02\n  method: read\n',
    }
    manual = write_manual(tmp_path, signoffs=signoffs)
    done = sopgen("validate", "--today", TODAY, manual)
    assert done.returncode == 1
    assert "No procedure `KT-0001` in the manual; did you mean `KT-001`?" in done.stderr
    assert "No person `bne` in people.yaml; did you mean `ben`" in done.stderr
    assert "KT-001 never had revision `9`; its revisions are 4, 3, 2, 1" in done.stderr


def test_sign_offs_without_people_yaml_say_to_create_it(tmp_path: Path) -> None:
    manual = write_manual(tmp_path, people=None)
    code, found = problems(manual)
    assert (code, found) == (
        1,
        [
            "signoffs/ana.yaml:2:1 signoff-person",
            "signoffs/ben.yaml:1:1 signoff-person",
            "signoffs/cy.yaml:1:1 signoff-person",
        ],
    )


def test_record_files_are_not_read_as_procedures(tmp_path: Path) -> None:
    manual = write_manual(tmp_path)
    done = sopgen("validate", "--today", TODAY, manual)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("3 procedures checked.")


def training_json(manual: Path, *extra: str) -> dict[str, object]:
    done = sopgen("training", manual, "--format", "json", "--today", TODAY, *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_due_and_current_across_material_and_editorial_revisions(tmp_path: Path) -> None:
    """Ana (cook and server) signed KT-001 rev 2, after which 3 and 4 are editorial: current;
    she signed KT-002 rev 1 and rev 2 is material: due. Ben signed KT-001 rev 1: due. Cy
    (lead) checks KT-002's step and signed rev 2: current. Dee has left: not listed. Nobody
    signs the draft KT-003."""
    report = training_json(write_manual(tmp_path))
    people = {p["id"]: p for p in report["people"]}  # type: ignore[attr-defined]
    assert list(people) == ["ana", "ben", "cy"]
    assert people["ana"]["name"] == "Ana Reyes"
    assert [
        (d["procedure"], d["revision"], d["signed_revision"]) for d in people["ana"]["due"]
    ] == [("KT-002", "2", "1")]
    assert people["ana"]["current"] == ["KT-001"]
    assert [
        (d["procedure"], d["revision"], d["signed_revision"]) for d in people["ben"]["due"]
    ] == [("KT-001", "4", "1")]
    # The changes since the revision Ben signed: the material one and the editorial ones.
    assert [c["revision"] for c in people["ben"]["due"][0]["changes"]] == ["4", "3", "2"]
    assert people["ben"]["current"] == []
    assert (people["cy"]["due"], people["cy"]["current"]) == ([], ["KT-002"])


def test_a_new_material_revision_makes_signers_due_and_an_editorial_one_does_not(
    tmp_path: Path,
) -> None:
    manual = write_manual(tmp_path)
    path = manual / "kitchen" / "KT-001.yaml"
    editorial = (
        path.read_text()
        .replace('revision: "4"\n', 'revision: "5"\n', 1)
        .replace(
            "changes:\n",
            'changes:\n  - {revision: "5", date: 2026-05-10, summary: Wording., editorial: true}\n',
        )
    )
    path.write_text(editorial)
    assert training_json(manual, "--person", "ana")["people"][0]["current"] == ["KT-001"]  # type: ignore[index]
    material = editorial.replace('revision: "5"\n', 'revision: "6"\n', 1).replace(
        "changes:\n", 'changes:\n  - {revision: "6", date: 2026-05-20, summary: Colder.}\n'
    )
    path.write_text(material)
    ana = training_json(manual, "--person", "ana")["people"][0]  # type: ignore[index]
    assert [(d["procedure"], d["signed_revision"]) for d in ana["due"]] == [
        ("KT-001", "2"),
        ("KT-002", "1"),
    ]


def test_a_leaver_is_due_for_nothing_and_shown_only_when_asked(tmp_path: Path) -> None:
    report = training_json(write_manual(tmp_path), "--person", "dee")
    assert report == {"people": [{"id": "dee", "name": "Dee", "due": [], "current": []}]}


def test_text_report_and_fail_due(tmp_path: Path) -> None:
    manual = write_manual(tmp_path)
    done = sopgen("training", manual, "--today", TODAY, "--fail-due")
    assert done.returncode == 1
    assert "Ben (ben): 1 due, 0 current" in done.stdout
    assert "due      KT-001  Procedure KT-001 — revision 4, signed revision 1 on 2026-01-02" in (
        done.stdout
    )
    assert "rev 3 (2026-03-01, editorial): Layout of the steps." in done.stdout
    assert (
        sopgen("training", manual, "--today", TODAY, "--person", "cy", "--fail-due").returncode == 0
    )
    unknown = sopgen("training", manual, "--person", "bne")
    assert unknown.returncode == 2 and "did you mean 'ben'?" in unknown.stderr
    markdown = sopgen("training", manual, "--today", TODAY, "--format", "markdown").stdout
    assert "### Ben (ben)" in markdown and "| KT-001 | Procedure KT-001 | 4 |" in markdown


def test_training_without_people_yaml_says_what_to_do(tmp_path: Path) -> None:
    manual = write_manual(tmp_path, people=None, signoffs={})
    done = sopgen("training", manual)
    assert done.returncode == 1 and "no people.yaml" in done.stderr


def test_sign_appends_keeping_comments_and_other_entries(tmp_path: Path) -> None:
    manual = write_manual(tmp_path)
    path = manual / "signoffs" / "ana.yaml"
    before = path.read_text()
    done = sopgen(
        "sign",
        "ana",
        "KT-002",
        "--method",
        "trained",
        "--trainer",
        "cy",
        "--date",
        "2026-05-03",
        "--manual-dir",
        manual,
    )
    assert done.returncode == 0, done.stderr
    assert "ana signed KT-002 revision 2 (trained, 2026-05-03)" in done.stdout
    assert path.read_text() == before + (
        '- procedure: KT-002\n  revision: "2"\n  date: 2026-05-03\n  method: trained\n'
        "  trainer: cy\n"
    )
    assert problems(manual) == (0, [])
    ana = training_json(manual, "--person", "ana")["people"][0]  # type: ignore[index]
    assert (ana["due"], ana["current"]) == ([], ["KT-001", "KT-002"])


def test_sign_creates_a_missing_file_with_its_schema_line(tmp_path: Path) -> None:
    manual = write_manual(tmp_path, signoffs={})
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "signoffs.schema.json").write_text("{}")
    done = sopgen("sign", "ben", "KT-001", "--date", "2026-05-01", "--manual-dir", manual)
    assert done.returncode == 0, done.stderr
    assert (manual / "signoffs" / "ben.yaml").read_text() == (
        "# yaml-language-server: $schema=../../schemas/signoffs.schema.json\n"
        '- procedure: KT-001\n  revision: "4"\n  date: 2026-05-01\n  method: read\n'
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("bne", "KT-001"), "No person 'bne' in people.yaml. Did you mean 'ben'?"),
        (("ben", "KT-01"), "No procedure 'KT-01' in the manual. Did you mean 'KT-001'?"),
        (("ben", "KT-003"), "KT-003 is draft: only effective procedures are signed."),
        (("dee", "KT-002"), "'dee' has left"),
        (("ben", "KT-001", "--method", "trained"), "--method trained needs --trainer"),
        (("ben", "KT-001", "--method", "trained", "--trainer", "ben"), "own trainer"),
        (("ben", "KT-001", "--method", "trained", "--trainer", "ama"), "Did you mean 'ana'?"),
    ],
)
def test_sign_usage_errors_change_nothing(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    manual = write_manual(tmp_path)
    before = (manual / "signoffs" / "ben.yaml").read_text()
    result = CliRunner().invoke(cli, ["sign", *args, "--manual-dir", str(manual)])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert (manual / "signoffs" / "ben.yaml").read_text() == before


def test_sign_puts_the_file_back_when_the_entry_fails_validation(tmp_path: Path) -> None:
    manual = write_manual(tmp_path)
    path = manual / "signoffs" / "ben.yaml"
    before = path.read_bytes()
    done = sopgen("sign", "ben", "KT-001", "--date", "2026-03-15", "--manual-dir", manual)
    assert done.returncode == 1
    assert "ben.yaml:7:9: error: Signed 2026-03-15, before revision 4 of KT-001 took effect" in (
        done.stderr
    )
    assert path.read_bytes() == before


def test_the_cache_covers_the_records(tmp_path: Path) -> None:
    """A warm run reuses the records' results; an edited sign-off is checked again."""
    manual = write_manual(tmp_path)
    (tmp_path / ".git").mkdir()  # the cache lives at the repository's top
    assert problems(manual) == (0, [])
    assert problems(manual) == (0, [])
    written = json.loads((tmp_path / ".sopgen-cache" / "validate-files.json").read_text())
    assert len(written["files"]) == 3 + 1 + 3  # procedures, people.yaml, sign-off files
    path = manual / "signoffs" / "cy.yaml"
    path.write_text(path.read_text().replace("KT-002", "KT-020"))
    assert problems(manual) == (1, ["signoffs/cy.yaml:1:14 signoff-procedure"])
    (manual / "people.yaml").write_text(PEOPLE.replace("- id: cy", "- id: cyd"))
    assert problems(manual)[1] == [
        "signoffs/ana.yaml:10:12 signoff-trainer",
        "signoffs/cy.yaml:1:1 signoff-person",
        "signoffs/cy.yaml:1:14 signoff-procedure",
    ]


def test_names_from_yaml_cannot_drive_the_terminal(tmp_path: Path) -> None:
    manual = write_manual(tmp_path, PEOPLE.replace("name: Ben", 'name: "Ben\\e[2J\\u202eX"'))
    done = sopgen("training", manual, "--today", TODAY)
    assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
    assert "Ben\\x1b[2J\\u202eX (ben)" in done.stdout

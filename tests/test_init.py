"""sopgen init through the real CLI: the scaffold validates at once and never overwrites."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sopgen import __version__
from sopgen.cli import cli
from sopgen.manage.scaffold import TEMPLATES, installed_requirement, requirement_from
from sopgen.validate.schema import SCHEMA_NAMES

EXPECTED_FILES = sorted([*TEMPLATES, *(f"schemas/{name}.schema.json" for name in SCHEMA_NAMES)])


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def init(folder: Path) -> Path:
    result = CliRunner().invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_init_writes_the_manual_repository(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "manual")])
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path / "manual") == EXPECTED_FILES
    for relative in EXPECTED_FILES:
        assert f"wrote {tmp_path / 'manual' / relative}" in result.output


def test_scaffold_validates_strictly_at_once(tmp_path: Path) -> None:
    manual = init(tmp_path / "manual") / "procedures"
    result = CliRunner().invoke(cli, ["validate", "--strict", "--format", "json", str(manual)])
    assert (result.exit_code, json.loads(result.output)) == (0, [])


def test_init_into_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) == EXPECTED_FILES
    assert CliRunner().invoke(cli, ["validate", "--strict"]).exit_code == 0


def test_init_never_overwrites_and_lists_every_existing_file(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "manual.yaml").write_text("mine\n")
    (tmp_path / "README.md").write_text("my readme\n")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 1
    listed = [line.strip() for line in result.output.splitlines()[1:]]
    assert listed == [str(tmp_path / "procedures/manual.yaml"), str(tmp_path / "README.md")]
    assert "nothing written" in result.output
    # Nothing else appeared, and the two files are untouched.
    assert files_under(tmp_path) == ["README.md", "procedures/manual.yaml"]
    assert (tmp_path / "README.md").read_text() == "my readme\n"
    assert (tmp_path / "procedures" / "manual.yaml").read_text() == "mine\n"


def test_schema_lines_point_at_the_copied_schemas(tmp_path: Path) -> None:
    root = init(tmp_path / "manual")
    yaml_files = sorted((root / "procedures").rglob("*.yaml"))
    assert len(yaml_files) == 3
    for path in yaml_files:
        first = path.read_text().splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, first
        target = (path.parent / match.group(1)).resolve()
        name = {"manual.yaml": "manual", "people.yaml": "people"}.get(path.name, "procedure")
        assert target == (root / "schemas" / f"{name}.schema.json").resolve()
    for name in SCHEMA_NAMES:
        printed = CliRunner().invoke(cli, ["schema", name]).output
        assert (root / "schemas" / f"{name}.schema.json").read_text() == printed


def test_pre_commit_config_uses_the_sopgen_validate_hook(tmp_path: Path) -> None:
    root = init(tmp_path / "manual")
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())
    (hook,) = config["repos"][0]["hooks"]
    assert hook["id"] == "sopgen-validate"
    assert hook["pass_filenames"] is False
    requirement = installed_requirement()[0]
    assert hook["additional_dependencies"] == [requirement]
    assert re.search(hook["files"], "procedures/operations/OPS-001-open-the-shop.yaml")
    assert (root / "requirements.txt").read_text().splitlines()[-1] == requirement


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (None, f"sopgen=={__version__}"),
        (
            '{"url": "https://git.example.org/sopgen.git", '
            '"vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "v1"}}',
            "sopgen @ git+https://git.example.org/sopgen.git@0123abc",
        ),
        (
            '{"url": "https://files.example.org/sopgen-1.0-py3-none-any.whl", "archive_info": {}}',
            "sopgen @ https://files.example.org/sopgen-1.0-py3-none-any.whl",
        ),
    ],
)
def test_the_requirement_installs_sopgen_from_where_it_came(
    direct_url: str | None, expected: str
) -> None:
    assert requirement_from(direct_url) == (expected, None)


def test_a_sopgen_from_a_local_folder_is_pinned_by_version_with_a_warning(tmp_path: Path) -> None:
    for direct_url in (
        '{"url": "file:///home/me/sopgen", "dir_info": {"editable": true}}',
        '{"url": "file:///home/me/sopgen", "vcs_info": {"vcs": "git", "commit_id": "0123abc"}}',
    ):
        requirement, warning = requirement_from(direct_url)
        assert requirement == f"sopgen=={__version__}"
        assert warning is not None and "/home/me/sopgen" in warning, warning
        assert "requirements.txt and .pre-commit-config.yaml" in warning
    # The command says so on stderr when the running sopgen is such a copy.
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "manual")])
    assert result.exit_code == 0
    warning = installed_requirement()[1]
    if warning:
        assert f"warning: {warning}" in result.stderr
    else:
        assert "warning" not in result.stderr


def test_github_workflow_checks_pull_requests_and_publishes_main(tmp_path: Path) -> None:
    root = init(tmp_path / "manual")
    workflow = yaml.safe_load((root / ".github/workflows/manual.yml").read_text())
    triggers = workflow[True]  # PyYAML (YAML 1.1) reads the key `on` as True
    assert "pull_request" in triggers and triggers["push"] == {"branches": ["main"]}
    check = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "sopgen validate --format github" in check
    assert "sopgen build --strict" in check
    assert any('sopgen diff "$BASE_SHA" --format markdown' in run for run in check)
    assert any(run.startswith("gh pr comment") for run in check)
    assert workflow["jobs"]["check"]["permissions"]["pull-requests"] == "write"
    publish = workflow["jobs"]["publish"]
    uses = [step.get("uses", "") for step in publish["steps"]]
    assert "actions/upload-pages-artifact@v3" in uses and "actions/deploy-pages@v4" in uses
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert {"run": "sopgen build --strict"} in publish["steps"]


def test_scaffold_builds_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "build" not in cli.commands:
        pytest.skip("`sopgen build` is not in this version yet")
    root = init(tmp_path / "manual")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "--strict"])
    assert result.exit_code == 0, result.output
    page = next((root / "site").rglob("OPS-001*/index.html"), None) or next(
        (root / "site").rglob("*OPS-001*.html")
    )
    assert "Open the shop" in page.read_text()
    assert (root / "site" / "index.html").is_file()

"""`sopgen build` and plain `mkdocs build` of real manuals: strict builds, swap, determinism."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from sitekit import FIXTURES, REPO, TODAY, build, make_project, run, sopgen, tree

from sopgen.validate.pipeline import validate

pytestmark = pytest.mark.slow

# The sitemap carries the build date (<lastmod>) and its .gz the gzip time: the only files
# whose bytes depend on when the site was built.
TIMESTAMPED = frozenset({"sitemap.xml", "sitemap.xml.gz"})


def published_procedures(manual_dir: Path) -> list[str]:
    manual = validate(manual_dir).manual
    assert manual is not None
    return [p.id for p in manual.procedures if p.status in ("effective", "retired")]


def test_sopgen_build_strict_builds_the_example_manual(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo")
    done = build(project, "--strict")
    assert done.returncode == 0, done.stderr
    expected = published_procedures(project / "procedures")
    assert re.match(rf"Built {len(expected)} procedures?, \d+ pages in [\d.]+ s into ", done.stdout)
    assert "end of life" not in done.stdout + done.stderr  # Material's banner is silenced
    assert (project / "site" / "index.html").is_file()
    for procedure_id in expected:
        assert list((project / "site" / "procedures").glob(f"*/{procedure_id}/index.html"))
    # Nothing was written into docs/: the pages are generated in memory.
    assert sorted(p.name for p in (project / "docs").rglob("*")) == sorted(
        p.name for p in (REPO / "docs").rglob("*")
    )


def test_plain_mkdocs_build_strict_builds_the_example_manual(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo")
    done = run("mkdocs", "build", "--strict", "--config-file", project / "mkdocs.yml")
    assert done.returncode == 0, done.stderr
    for procedure_id in published_procedures(project / "procedures"):
        assert list((project / "site" / "procedures").glob(f"*/{procedure_id}/index.html"))


def test_strict_builds_pass_with_overdue_reviews_which_the_review_page_lists(
    tmp_path: Path,
) -> None:
    # Years after the example manual's review dates: every effective procedure is overdue. An
    # overdue review is the manual's state, not a defect: --strict still builds (both front
    # ends), and the Review page is where it shows.
    later = "2031-01-15"
    project = make_project(tmp_path / "repo")
    overdue = [
        p.id
        for p in validate(project / "procedures").manual.procedures  # type: ignore[union-attr]
        if p.is_current
    ]
    done = sopgen("build", "--config-file", project / "mkdocs.yml", "--today", later, "--strict")
    assert done.returncode == 0, done.stderr
    assert "[review-overdue]" in done.stderr
    review = (project / "site" / "review" / "index.html").read_text("utf-8")
    assert all(procedure_id in review for procedure_id in overdue)
    before = tree(project / "site")
    refused = sopgen(
        "build", "--config-file", project / "mkdocs.yml", "--today", later, "--fail-overdue"
    )
    assert refused.returncode == 1
    assert "error: Review overdue since" in refused.stderr
    assert tree(project / "site") == before

    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(TODAY, later), "utf-8")
    plain = run("mkdocs", "build", "--strict", "--config-file", config)
    assert plain.returncode == 0, plain.stderr
    assert "[review-overdue]" in plain.stderr


# Nothing half-written is left: the site as it was, and the validate cache (git-ignored).
AFTER_A_FAILED_BUILD = [".sopgen-cache", "docs", "mkdocs.yml", "procedures", "site"]


def test_a_build_that_fails_validation_writes_nothing_and_keeps_the_previous_site(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "repo")
    assert build(project).returncode == 0
    before = tree(project / "site")
    procedure = sorted((project / "procedures").rglob("*-*.yaml"))[0]
    procedure.write_text(procedure.read_text(encoding="utf-8") + "owner: twice\n", "utf-8")

    done = build(project)

    assert done.returncode == 1
    assert "duplicate" in done.stderr.lower()
    assert f"{procedure.name}:" in done.stderr  # path:line:col like `sopgen validate`
    assert "Traceback" not in done.stderr
    assert tree(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == AFTER_A_FAILED_BUILD


def test_a_build_that_fails_in_mkdocs_keeps_the_previous_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo")
    assert build(project).returncode == 0
    before = tree(project / "site")
    # A broken link in a hand-written page is a warning, so --strict fails after the pages
    # were rendered into the temporary folder: the swap must not happen.
    (project / "docs" / "broken.md").write_text("# Broken\n\n[gone](missing.md)\n", "utf-8")

    done = build(project, "--strict")

    assert done.returncode == 1
    assert "missing.md" in done.stderr
    assert "previous site is unchanged" in done.stderr
    assert tree(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == AFTER_A_FAILED_BUILD


def test_no_site_is_written_when_the_first_build_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo")
    (project / "procedures" / "manual.yaml").write_text("title: [unclosed\n", "utf-8")
    done = build(project)
    assert done.returncode == 1
    assert "manual.yaml:" in done.stderr
    assert not (project / "site").exists()


def test_usage_errors_exit_2_without_a_traceback(tmp_path: Path) -> None:
    missing = build(tmp_path / "nowhere")
    assert missing.returncode == 2
    assert "mkdocs.yml" in missing.stderr and "Traceback" not in missing.stderr

    project = make_project(tmp_path / "repo")
    config = project / "mkdocs.yml"
    without = re.sub(r"  - sopgen:\n(?:      .*\n)*", "", config.read_text("utf-8"))
    assert "sopgen" not in without.split("plugins:", 1)[1].split("markdown_extensions:")[0]
    config.write_text(without, "utf-8")
    no_plugin = build(project)
    assert no_plugin.returncode == 2
    assert "sopgen plugin" in no_plugin.stderr

    other = make_project(tmp_path / "other")
    for unsafe in (other, other / "procedures", other / "docs", other / "docs" / "site"):
        refused = build(other, "--site-dir", unsafe)
        assert refused.returncode == 2, unsafe
        assert "pick another" in refused.stderr
    assert (other / "procedures" / "manual.yaml").is_file()
    assert sorted(p.name for p in (other / "docs").iterdir()) == sorted(
        p.name for p in (REPO / "docs").iterdir()
    )


def test_the_site_folder_is_readable_by_a_web_server(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo")
    assert build(project).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert (project / "site").stat().st_mode & 0o777 == 0o777 & ~umask


def test_builds_reuse_the_validate_cache_and_are_never_wrong(tmp_path: Path) -> None:
    """A build parses only files it has not seen; a change to a referenced file still makes
    the cross-file rules fail the next build. --no-cache keeps nothing."""
    project = make_project(tmp_path / "repo")
    assert build(project, "--no-cache").returncode == 0
    assert not (project / ".sopgen-cache").exists()
    assert build(project).returncode == 0
    assert (project / ".sopgen-cache" / "validate-files.json").is_file()
    # QC-001 is named by CA-002 (related, see); CA-002's file does not change.
    referenced = next((project / "procedures").rglob("QC-001-*.yaml"))
    referenced.write_text(referenced.read_text("utf-8").replace("id: QC-001", "id: QC-099"))
    done = build(project)
    assert done.returncode == 1
    assert "CA-002-take-a-catering-order.yaml:28:" in done.stderr
    assert "[procedure-ref]" in done.stderr


def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo")
    first, second = tmp_path / "one", tmp_path / "two"
    assert build(project, "--site-dir", first).returncode == 0
    assert build(project, "--site-dir", second).returncode == 0
    one, two = tree(first, TIMESTAMPED), tree(second, TIMESTAMPED)
    assert one.keys() == two.keys()
    assert [path for path in one if one[path] != two[path]] == []


def test_drafts_only_with_the_drafts_flag(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo")
    source = sorted((project / "procedures").rglob("*-*.yaml"))[0]
    draft = source.with_name("ZZ-draft.yaml")
    text = source.read_text("utf-8")
    procedure_id = next(
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("id:")
    )
    prefix = procedure_id.rsplit("-", 1)[0]
    draft_id = f"{prefix}-990"
    draft.write_text(
        text.replace(f"id: {procedure_id}", f"id: {draft_id}").replace(
            "status: effective", "status: draft"
        ),
        "utf-8",
    )
    manual = validate(project / "procedures").manual
    assert manual is not None
    unpublished = sum(p.status in ("draft", "in-review") for p in manual.procedures)
    published = len(manual.procedures) - unpublished
    done = build(project)
    assert done.returncode == 0
    assert not list((project / "site").rglob(f"{draft_id}/index.html"))
    # The progress line and the summary count the same procedures, and say what was left out.
    assert (
        f"Rendering {published} procedures ({unpublished} drafts or in review left out; "
        "--drafts includes them)" in done.stderr
    )
    assert done.stdout.startswith(f"Built {published} procedures")
    done = build(project, "--drafts")
    assert done.returncode == 0
    assert list((project / "site").rglob(f"{draft_id}/index.html"))
    assert f"Rendering {len(manual.procedures)} procedures\n" in done.stderr
    assert done.stdout.startswith(f"Built {len(manual.procedures)} procedures")


def test_a_manual_dir_argument_overrides_the_plugin_option(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo")
    shutil.copytree(FIXTURES / "arabic" / "procedures", project / "other")
    done = build(project, project / "other")
    assert done.returncode == 0, done.stderr
    assert list((project / "site").rglob("SV-001/index.html"))


def test_a_broken_link_in_a_procedure_fails_a_strict_build(tmp_path: Path) -> None:
    """Procedure pages are written as HTML, which MkDocs does not check: sopgen checks the
    relative links in their Markdown fields against the site's files, as MkDocs did."""
    project = make_project(tmp_path / "project")
    source = project / "procedures" / "customer-service" / "CS-004-refunds-and-returns.yaml"
    text = source.read_text(encoding="utf-8")
    assert "[CS-002](CS-002.md)" in text
    source.write_text(text.replace("(CS-002.md)", "(CS-020.md)", 1), encoding="utf-8")
    done = build(project, "--strict")
    assert done.returncode == 1
    assert (
        "customer-service/CS-004-refunds-and-returns.yaml: the link 'CS-020.md' leads to no "
        "page of the site (from procedures/customer-service/CS-004.md it would be "
        "docs/procedures/customer-service/CS-020.md) [link]"
    ) in done.stderr
    assert not (project / "site").exists()
    # Without --strict it is a warning and the site is built.
    done = build(project)
    assert done.returncode == 0 and "CS-020.md" in done.stderr

"""`sopgen export`: a plain project that Zensical and ProperDocs build without sopgen."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import unavailable
from sitekit import FIXTURES, REPO, TODAY, make_project, run, sopgen, tree

from sopgen.model import Manual
from sopgen.render.links import is_published, procedure_path
from sopgen.render.options import MARKDOWN_EXTENSIONS, RenderOptions
from sopgen.validate.pipeline import validate

# The engines live in their own virtualenvs (made by .ci/run) so they cannot change the
# MkDocs this project's venv builds with.
ENGINES = REPO / ".venv-engines"
SAMPLE = "AP-001"  # a procedure of the example manual whose steps are checked in the builds


def example_manual() -> Manual:
    result = validate(REPO / "procedures", today=date.fromisoformat(TODAY))
    assert result.manual is not None
    return result.manual


def export(project: Path, target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return sopgen(
        "export", target, "--config", project / "mkdocs.yml", "--today", TODAY, *args, cwd=project
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("export") / "manual")
    done = export(project, project.parent / "out")
    assert done.returncode == 0, done.stderr
    assert "Exported 23 procedures" in done.stdout
    return project.parent / "out"


def test_the_project_is_plain_mkdocs_yml_with_every_page_and_sopgens_style_sheet(
    exported: Path,
) -> None:
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert plugins == ["search", "tags"]  # sopgen left out, the others kept
    assert config["site_name"] == "Harbor Street Café — Operations Manual"  # from manual.yaml
    assert config["theme"]["name"] == "material"
    assert config["theme"]["font"] is False  # theme settings carried over
    assert config["theme"]["language"] == "en"
    assert "assets/sopgen/sopgen.css" in config["extra_css"]
    assert "assets/sopgen/run.js" in config["extra_javascript"]  # Run mode comes along
    assert "sop-run-data" in (exported / "docs/assets/sopgen/run.js").read_text(encoding="utf-8")
    assert config["nav"][0] == "index.md"
    assert {"Review": "review.md"} in config["nav"]
    names = [n if isinstance(n, str) else next(iter(n)) for n in config["markdown_extensions"]]
    assert set(MARKDOWN_EXTENSIONS) <= set(names)
    docs = exported / "docs"
    css = (docs / "assets/sopgen/sopgen.css").read_text(encoding="utf-8")
    assert "@media print" in css  # the checklist print style comes with it
    manual = example_manual()
    options = RenderOptions(today=date.fromisoformat(TODAY))
    published = [p for p in manual.procedures if is_published(p, options)]
    assert len(published) == 23  # with FP-007 (Arabic) and FH-004 (five steps)
    for procedure in published:
        assert (docs / procedure_path(procedure)).is_file(), procedure.id
    for name in ("index.md", "writing-procedures.md", "publishing.md"):  # hand-written
        assert (docs / name).read_bytes() == (REPO / "docs" / name).read_bytes()
    images = {s.image.src for p in manual.procedures for s in p.all_steps() if s.image}
    assert images
    for src in images:
        assert (docs / "procedures" / src).read_bytes() == (REPO / "procedures" / src).read_bytes()


def test_generated_html_passes_through_python_markdown_unchanged(exported: Path) -> None:
    """A page rendered as HTML is written as Markdown whose body is that HTML: Python-Markdown
    (which ProperDocs and Zensical use) keeps it, only putting a line break between blocks."""
    pages = sorted((exported / "docs").rglob("*.md"))
    checked = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        body = text.split("\n---\n", 1)[1].strip()
        converted = markdown.markdown(body, extensions=list(MARKDOWN_EXTENSIONS))
        assert converted.replace(">\n<", "><") == body.replace(">\n<", "><"), page
        checked += 1
    assert checked >= 23 + 7


def test_the_same_manual_exports_the_same_bytes(exported: Path, tmp_path: Path) -> None:
    again = export(exported.parent / "manual", tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert tree(tmp_path / "again") == tree(exported)


def test_titles_from_yaml_are_escaped_in_front_matter(tmp_path: Path) -> None:
    project = make_project(tmp_path / "manual")
    path = next((project / "procedures").rglob(f"{SAMPLE}-*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(?m)^title: .*$", 'title: "Repairs <b>& returns</b>"', text, count=1),
        encoding="utf-8",
    )
    done = export(project, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    page = next((tmp_path / "out/docs/procedures").rglob(f"{SAMPLE}.md"))
    front = page.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert '"AP-001 Repairs &lt;b&gt;&amp; returns&lt;/b&gt;"' in front
    assert "<b>" not in front


def test_a_folder_that_is_not_empty_is_a_usage_error_and_stays_as_it_was(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "manual")
    target = tmp_path / "site-export"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    done = export(project, target)
    assert done.returncode == 2
    assert "not empty (1 entries: notes.txt)" in done.stderr
    assert tree(target) == {"notes.txt": b"mine"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-export")]


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("procedures/out", "inside the manual folder"),
        ("docs/out", "inside the docs folder"),
        (".git/out", "inside a .git folder"),
        ("procedures", "it is the manual folder"),
        (".", "it is the repository's root"),
    ],
)
def test_the_sources_are_never_a_target(tmp_path: Path, where: str, says: str) -> None:
    project = make_project(tmp_path / "manual")
    (project / ".git").mkdir()
    before = tree(project)
    done = export(project, project / where)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr
    assert tree(project) == before


def test_problems_in_the_manual_exit_1_and_write_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "manual")
    path = next((project / "procedures").rglob(f"{SAMPLE}-*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("owner:", "ownr:", 1), "utf-8")
    done = export(project, tmp_path / "out")
    assert done.returncode == 1
    assert "did you mean `owner`?" in done.stderr
    assert "nothing was exported" in done.stderr
    assert not (tmp_path / "out").exists()


def test_export_runs_without_mkdocs(tmp_path: Path) -> None:
    """Where only Zensical is installed there is no MkDocs: the export must not import it."""
    project = make_project(tmp_path / "manual")
    code = (
        "import sys; sys.modules['mkdocs'] = None; sys.modules['material'] = None\n"
        "from sopgen.cli import main; main()"
    )
    args = ["export", tmp_path / "out", "--config", project / "mkdocs.yml", "--today", TODAY]
    done = run(sys.executable, "-c", code, *args, cwd=project)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out/mkdocs.yml").is_file()


# --- The two engines build the export -------------------------------------------------------


def engine(name: str) -> Path:
    """The engine's executable: SOPGEN_<NAME> or .venv-engines/<name>/bin/<name>."""
    configured = os.environ.get(f"SOPGEN_{name.upper()}")
    path = Path(configured) if configured else ENGINES / name / "bin" / name
    if not (path.is_file() and os.access(path, os.X_OK)):
        unavailable(
            f"{name} is not installed at {path} (.ci/run installs it into .venv-engines/{name}; "
            f"or set SOPGEN_{name.upper()} to its executable)"
        )
    return path


def built_site(exported: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A copy of the export built by ``name`` (each engine in its own copy)."""
    executable = engine(name)
    project = tmp_path_factory.mktemp(name) / "project"
    shutil.copytree(exported, project)
    args = ["build", "-f", "mkdocs.yml"]
    done = run(executable, *args, cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site"


@pytest.fixture(scope="module", params=["properdocs", "zensical"])
def engine_site(
    request: pytest.FixtureRequest, exported: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    return request.param, built_site(exported, tmp_path_factory, request.param)


def search_entries(name: str, site: Path) -> list[dict[str, str]]:
    """The engine's search index: Material's (ProperDocs) or Zensical's."""
    if name == "zensical":
        return list(json.loads((site / "search.json").read_text(encoding="utf-8"))["items"])
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return list(index["docs"])


@pytest.mark.slow
def test_each_engine_builds_every_procedure_page_with_steps_style_and_search(
    engine_site: tuple[str, Path],
) -> None:
    name, site = engine_site
    manual = example_manual()
    options = RenderOptions(today=date.fromisoformat(TODAY))
    published = [p for p in manual.procedures if is_published(p, options)]
    pages = sorted(site.glob("procedures/*/*/index.html"))
    expected = {procedure_path(p).removesuffix(".md") for p in published}
    assert {p.parent.relative_to(site).as_posix() for p in pages} == expected
    assert len(pages) == 23
    sample = next(p for p in published if p.id == SAMPLE)
    html = (site / procedure_path(sample).removesuffix(".md") / "index.html").read_text("utf-8")
    steps = list(sample.all_steps())
    assert len(steps) >= 5
    for step in steps:
        assert f'id="{step.anchor}"' in html, (name, step.anchor)
    assert 'href="../../../assets/sopgen/sopgen.css"' in html
    assert (site / "assets/sopgen/sopgen.css").is_file()
    assert "<h1" in html and "sop-done" in html  # the HTML body, not an escaped copy
    assert "&lt;h1" not in html
    # Run mode: its script, and a page with run records keeps its Runs section and its data.
    assert 'src="../../../assets/sopgen/run.js"' in html
    runs_page = next(p for p in published if p.id == "FP-002")
    html = (site / procedure_path(runs_page).removesuffix(".md") / "index.html").read_text("utf-8")
    assert 'id="runs"' in html and "sop-run-outside" in html  # the warm fridge's reading
    data = html.split('<script type="application/json" id="sop-run-data">')[1]
    assert json.loads(data.split("</script>")[0])["procedure"] == "FP-002"
    # A word that only a step of the sample has is in the engine's own search index, on the
    # sample's page.
    word = _step_only_word(manual, sample)
    location = procedure_path(sample).removesuffix(".md") + "/"
    found = [e for e in search_entries(name, site) if e["location"].startswith(location)]
    assert found, name
    assert any(word in e["text"].lower() for e in found), (name, word)


def _step_only_word(manual: Manual, sample: object) -> str:
    """A long word of the sample's steps that appears in no other procedure's steps."""
    def words(procedure: object) -> set[str]:
        texts = " ".join(s.text for s in procedure.all_steps())  # type: ignore[attr-defined]
        return set(re.findall(r"[a-z]{7,}", texts.lower()))

    others = set().union(*(words(p) for p in manual.procedures if p is not sample))
    return sorted(words(sample) - others)[0]


# --- Hostile text, through the engines ------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    project = make_project(root / "repo", procedures=FIXTURES / "hostile/procedures", docs=None)
    done = export(project, root / "exported")
    assert done.returncode == 0, done.stderr
    return root / "exported"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["properdocs", "zensical"])
def test_hostile_text_stays_text_in_the_engines_sites(
    name: str, hostile_export: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = built_site(hostile_export, tmp_path_factory, name)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text("utf-8")
        assert "<script>alert" not in html, page
        assert "<svg onload" not in html, page
        # The page's text is escaped once; only attributes the theme escapes itself (`| e`, as
        # the logo's title) show the entities: safe, if not pretty.
        content = html.split("<article", 1)[-1] if "<article" in html else ""
        assert "&amp;lt;" not in content, f"escaped twice: {page}"
    ops = next(site.glob("procedures/*/OPS-001/index.html")).read_text("utf-8")
    assert "&lt;script&gt;alert(" in ops


# --- sopgen's own plugin on ProperDocs ------------------------------------------------------


def properdocs_with_sopgen() -> list[str | Path]:
    """The `properdocs` command with the sopgen plugin available to it: as installed where
    sopgen is installed beside it (.ci/run does), else ProperDocs' own code from its venv run
    by this venv's Python, with this sopgen, Material and their dependencies."""
    command = engine("properdocs")
    python = command.parent / "python"
    beside = subprocess.run([python, "-c", "import sopgen.site.plugin"], capture_output=True)
    if beside.returncode == 0:
        return [command]
    packages = next((command.parent.parent / "lib").glob("python3*/site-packages"))
    start = (
        f"import sys; sys.path.append({str(packages)!r}); "
        "from properdocs.__main__ import cli; sys.exit(cli())"
    )
    return [sys.executable, "-c", start]


@pytest.mark.slow
def test_properdocs_builds_the_repository_with_the_sopgen_plugin(tmp_path: Path) -> None:
    """ProperDocs (the maintained MkDocs 1.x fork) builds this repository's manual with the
    sopgen plugin as it is, every published procedure with its steps, style and search."""
    project = make_project(tmp_path / "repo")
    done = run(*properdocs_with_sopgen(), "build", "--strict", "-f", "mkdocs.yml", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "properdocs" in (done.stdout + done.stderr).lower()  # ProperDocs' own log
    site = project / "site"
    manual = example_manual()
    options = RenderOptions(today=date.fromisoformat(TODAY))
    published = [p for p in manual.procedures if is_published(p, options)]
    assert len(published) == 23
    for procedure in published:
        page = site / procedure_path(procedure).removesuffix(".md") / "index.html"
        assert page.is_file(), page
    sample = next(p for p in published if p.id == SAMPLE)
    html = (site / procedure_path(sample).removesuffix(".md") / "index.html").read_text("utf-8")
    for step in sample.all_steps():
        assert f'id="{step.anchor}"' in html, step.anchor
    assert "assets/sopgen/sopgen.css" in html and "sop-step" in html
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert any(entry["title"].startswith(f"{SAMPLE} ") for entry in index["docs"])


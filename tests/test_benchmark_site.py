"""What makes big sites fast and small keeps the output right: light search entries, compact
HTML, and live-preview rebuilds that reuse unchanged pages give the same site as a full build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from sopgen.site.fast.compact import compact_html

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate
from run import SITE_YAML

pytestmark = pytest.mark.slow

# Two builds in one process, as `sopgen serve` does after a save, or one build from scratch.
BUILDER = r"""
import re
import shutil
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sopgen.site.fast import Tuning

project, site, how = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
tuning = Tuning(
    # the plain MkDocs way: every page built by MkDocs itself, as outside the tested versions
    fast=how != "plain",
    # Build in worker processes even for a small site, or (as under `serve`, whose server
    # thread rules out forking) in this process only.
    parallel_min_pages=2 if how == "parallel" else 10**9,
    shared_partials=how != "theme-own",  # the theme makes every menu and contents
)
preview = how.startswith("edit")
def once():
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
    config.plugins["sopgen"].tuning = tuning
    config.plugins.on_startup(command="serve" if preview else "build", dirty=False)
    # as `sopgen serve` (MkDocs' serve) builds: into the same folder each time
    build(config, serve_url="http://127.0.0.1:8000/" if preview else None)
    return config.plugins["sopgen"]
if preview:
    once()
    shutil.copytree(site, site + "-first")
    procedures = sorted((project / "procedures").rglob("*-*.yaml"))
    target = procedures[3]
    text = target.read_text()
    if how == "edit-away":  # a page and a folder to remove, a title every page shows
        published = [p for p in procedures if "\nstatus: effective\n" in p.read_text()]
        gone = next(p for p in published if p.parent != target.parent)
        gone.write_text(gone.read_text().replace("\nstatus: effective\n", "\nstatus: draft\n"))
        manual = project / "procedures" / "manual.yaml"
        manual.write_text(manual.read_text().replace("title: ", "title: Renamed ", 1))
    if how == "edit-title":  # shown on other pages: every procedure page is made again
        text = text.replace('title: "', 'title: "Renamed ', 1)
    if how == "edit-lists":  # what the role, metrics and questions pages show of it
        roles = re.search(r"^roles: \[(.*)\]$", text, re.M).group(1).split(", ")
        checkers = set(re.findall(r"^ +by: (\S+)$", text, re.M))
        first = re.search(r"^    role: (\S+)$", text, re.M)
        other = next(r for r in roles if r != first.group(1) and r not in checkers)
        text = text[: first.start(1)] + other + text[first.end(1) :]
        text = text.replace('- name: "', '- name: "Renamed ', 1)
        text = text.replace('- question: "', '- question: "Reworded ', 1)
    text = text.replace('do: "', 'do: "Changed ', 1)
    target.write_text(text)
plugin = once()
shared = plugin.html_pages
print(shared.path.reused if shared and shared.path else 0, file=sys.stderr)
print(shared.toc.reused if shared and shared.toc else 0, file=sys.stderr)
print(shared.menu.reused if shared and shared.menu else 0, file=sys.stderr)
print(plugin.html_pages.reused if plugin.html_pages else 0,
      plugin.render_cache.hits if plugin.render_cache else 0)
"""


def project_with(tmp_path: Path, n: int) -> Path:
    project = tmp_path / "project"
    generate(n, project)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(SITE_YAML)
    return project


def build(
    project: Path,
    site: Path,
    how: str = "once",
    logged: list[str] | None = None,
    converted: list[int] | None = None,
) -> int:
    """Build the site (``how``: once, parallel, or edit/edit-title: build, edit a procedure
    and rebuild as live preview does); the number of HTML pages reused from the first build
    (and, into ``converted``, of Markdown pages whose conversion was reused)."""
    done = subprocess.run(
        [sys.executable, "-c", BUILDER, str(project), str(site), how],
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    if logged is not None:
        logged.append(done.stderr)
    reused, hits = done.stdout.split()[-2:]
    if converted is not None:
        converted.append(int(hits))
    return int(reused)


def tree(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name != "sitemap.xml.gz"  # gzip keeps a time stamp
    }


def folders(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_dir())


@pytest.mark.parametrize("edit", ["edit", "edit-title", "edit-lists", "edit-away"])
def test_a_rebuild_after_one_edit_equals_a_build_from_scratch(tmp_path: Path, edit: str) -> None:
    """Live preview keeps pages, models and list entries of unchanged procedures from one
    rebuild to the next: a rebuild must still give exactly the site a build from scratch
    gives (nothing left over, no page stale)."""
    project = project_with(tmp_path, 30)
    (project / "docs" / "about.md").write_text("# About\n\nWritten by hand.\n")
    if edit == "edit-away":  # a plugin that copies a file keeping its old modification time
        (project / "keep.py").write_text(
            "import shutil\n"
            "def on_post_build(config):\n"
            "    shutil.copy2(config.config_file_path, config.site_dir + '/copied.yml')\n"
        )
        with (project / "mkdocs.yml").open("a") as config:
            config.write("hooks: [keep.py]\n")
    hits: list[int] = []
    reused = build(project, tmp_path / "incremental", edit, converted=hits)
    pages = len(list((project / "procedures").rglob("*-*.yaml")))
    if edit in ("edit", "edit-lists"):  # the other procedure pages were not rendered again
        assert reused >= pages - 6  # drafts have no page; the edited one is made again
    elif edit == "edit-title":  # pages that do not show the title are reused (and equal below)
        assert reused > 0
    else:  # the site's title shows on every page: nothing is reused
        assert reused == 0
    # glossary, fields and rules: generated Markdown, converted once (unless the site's
    # title changed: it is in their conversion's key)
    assert hits == [0 if edit == "edit-away" else 3]
    assert build(project, tmp_path / "scratch") == 0
    incremental, scratch = tree(tmp_path / "incremental"), tree(tmp_path / "scratch")
    assert incremental.keys() == scratch.keys()
    changed = [path for path in scratch if incremental[path] != scratch[path]]
    assert changed == []
    assert any(b"Changed " in content for content in scratch.values())
    if edit == "edit-away":
        assert b"Renamed " in scratch["about/index.html"]
        assert "copied.yml" in incremental
        first = tree(tmp_path / "incremental-first")
        gone = sorted(path for path in first if path not in scratch)
        # the unpublished page, its printable sign-off sheet, its short address and label
        assert len(gone) == 4 and sum(path.endswith("/sign-off.html") for path in gone) == 1
        assert len([path for path in gone if path.startswith("p/")]) == 2
        assert folders(tmp_path / "incremental") == folders(tmp_path / "scratch")
    if edit == "edit-lists":
        assert any(b"Reworded " in scratch[p] for p in scratch if "questions" in p)
        assert any(b"Renamed " in scratch[p] for p in scratch if "metrics" in p)


def test_pages_built_in_worker_processes_are_the_same(tmp_path: Path) -> None:
    from sopgen.validate.filecheck import worker_count

    if worker_count(100, 2) < 2:
        pytest.skip("one core: no worker processes")
    project = project_with(tmp_path, 30)
    # A warning logged while a worker builds a page must reach the log (and --strict).
    (project / "warn.py").write_text(
        "import logging\n"
        "def on_page_context(context, page, config, nav):\n"
        "    if page.file.src_uri.endswith('-001.md'):\n"
        "        logging.getLogger('mkdocs.hooks').warning('hook saw ' + page.file.src_uri)\n"
        "    return context\n"
    )
    with (project / "mkdocs.yml").open("a") as config:
        config.write("hooks: [warn.py]\n")
    logged: list[str] = []
    build(project, tmp_path / "parallel", "parallel", logged=logged)
    build(project, tmp_path / "serial", logged=logged)
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")
    parallel_log, serial_log = logged
    assert "hook saw procedures/" in serial_log
    # once from the worker, once from MkDocs' own page_context event here
    assert parallel_log.count("hook saw") == 2 * serial_log.count("hook saw")


def test_menus_and_contents_made_once_are_the_theme_s_own(tmp_path: Path) -> None:
    """A procedure page's site menu and breadcrumb are made once for its category (a third
    of the theme's work), its table of contents once for the pages with the same headings;
    every page must be exactly what the theme makes for it."""
    project = project_with(tmp_path, 40)
    logged: list[str] = []
    build(project, tmp_path / "kept", logged=logged)
    build(project, tmp_path / "theme", "theme-own", logged=logged)
    kept_paths, kept_tocs, kept_menus = map(int, logged[0].strip().splitlines()[-3:])
    assert kept_menus >= 15  # 40 procedures in 20 categories: about half the menus reused
    assert kept_paths >= 15  # and their breadcrumbs
    assert kept_tocs >= 20  # procedures with the same sections
    assert logged[1].strip().splitlines()[-3:] == ["0", "0", "0"]
    kept, theme = tree(tmp_path / "kept"), tree(tmp_path / "theme")
    assert kept.keys() == theme.keys()
    assert [path for path in kept if kept[path] != theme[path]] == []


def test_pages_built_the_plain_mkdocs_way_are_the_same(tmp_path: Path) -> None:
    """Outside the MkDocs and Material versions sopgen.site.fast was tested with, MkDocs builds
    every page itself (no worker processes, no shared menu, no kept conversions): the same
    site, file for file."""
    project = project_with(tmp_path, 40)
    build(project, tmp_path / "fast", "parallel")
    build(project, tmp_path / "plain", "plain")
    fast, plain = tree(tmp_path / "fast"), tree(tmp_path / "plain")
    assert fast.keys() == plain.keys()
    assert [path for path in fast if fast[path] != plain[path]] == []


def test_a_menu_of_the_site_s_own_is_made_for_every_page(tmp_path: Path) -> None:
    """A custom_dir may override the menu's templates and show anything of the page in it:
    then no menu is made once and reused."""
    import material

    project = project_with(tmp_path, 40)  # two procedures a category: menus could be reused
    theme = Path(material.__file__).parent / "templates" / "partials" / "nav.html"
    overrides = project / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "nav.html").write_text(
        '<i data-for="{{ page.url }}"></i>' + theme.read_text("utf-8"), "utf-8"
    )
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(
        config.replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1)
    )
    logged: list[str] = []
    build(project, tmp_path / "site", logged=logged)
    assert int(logged[0].strip().splitlines()[-1]) == 0  # no menu reused
    pages = [path for path in (tmp_path / "site" / "procedures").glob("*/*/index.html")]
    assert len(pages) >= 35
    for page in pages:
        url = page.parent.relative_to(tmp_path / "site").as_posix() + "/"
        assert f'data-for="{url}"' in page.read_text("utf-8"), url


def test_search_index_has_one_entry_per_procedure(tmp_path: Path) -> None:
    project = project_with(tmp_path, 40)
    build(project, tmp_path / "site")
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    by_page: dict[str, list[dict[str, str]]] = {}
    for entry in index["docs"]:
        by_page.setdefault(entry["location"].split("#")[0], []).append(entry)
    procedure_pages = [page for page in by_page if page.count("/") == 3]
    assert len(procedure_pages) >= 35  # drafts are left out of the site
    for page in procedure_pages:
        (entry,) = by_page[page]
        procedure_id = page.split("/")[2]
        assert entry["title"].startswith(f"{procedure_id} ")
        assert entry["text"].startswith("<p>How to ")  # the summary leads, as results show it
        # Every other word once (tests/test_search_entry.py): 5,000 stay under 6 MB.
        assert len(json.dumps(entry, ensure_ascii=False).encode()) < 1800
    # Lists of procedures are found by their title, without repeating the procedures' text.
    assert by_page["procedures/"] == [
        {"location": "procedures/", "title": by_page["procedures/"][0]["title"], "text": ""}
    ]


def test_compact_html_keeps_what_whitespace_means() -> None:
    page = (
        "<ul>\n    \n    <li>a</li>\n\n  <li>b <em>c</em></li>\n</ul>\n"
        "<pre><code>  keep\n\n    this\n</code></pre>\n   <p>x  y</p>\n"
        "<script>\n  var a = 1\n\n  var b = 2\n</script>\n"
        "<textarea>\n\n  typed\n</textarea>"
    )
    assert compact_html(page) == (
        "<ul>\n<li>a</li>\n<li>b <em>c</em></li>\n</ul>\n"
        "<pre><code>  keep\n\n    this\n</code></pre>\n<p>x  y</p>\n"
        "<script>\n  var a = 1\n\n  var b = 2\n</script>\n"
        "<textarea>\n\n  typed\n</textarea>"
    )


@pytest.mark.parametrize(
    "content",
    [
        "<p>" + "x " * 600 + "</p>",  # nothing to compact: passed over
        " <p>" + "x " * 600 + "</p>  ",  # spaces at its edges join the theme's runs
        "<pre>a\n\n  b</pre><p>" + "x " * 600 + "</p>\n   <p>y</p>",  # line breaks
        "<p>short</p>",
    ],
)
def test_compact_html_gives_the_same_page_told_its_content(content: str) -> None:
    """Told the page's content, compaction passes over it where it has nothing to compact,
    and the page comes out the same as when it is not told."""
    page = (
        '<body>\n  <div class="md-content">\n    <article class="md-content__inner md-typeset">'
        f'\n      \n  <nav class="md-tags">\n    <a>t</a>\n  </nav>\n\n{content}\n\n  \n'
        "    </article>\n  </div>\n</body>\n"
    )
    assert compact_html(page, content) == compact_html(page)
    if content.startswith("<p>x"):
        assert content in compact_html(page, content)


def test_compact_html_drops_what_the_frame_never_draws() -> None:
    """Around the page's content only: line breaks at a block element's edge, around a
    navigation title and in an icon's namespace go; those between inline elements, in the
    repository link (inline-block parts), in the content and in scripts stay; an icon drawn
    twice is drawn the second time by reference."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1"/></svg>'
    page = (
        f'<body>\n  <header class="md-header">\n    <a href="." class="md-logo">\n      {svg}\n'
        '    </a>\n    <a href="r" class="md-source">\n      <div class="md-source__icon">\n'
        f"        {svg.replace('M1', 'M3')}\n      </div>\n"
        '      <div class="md-source__repository">\n        r\n      </div>\n    </a>\n'
        '  </header>\n  <ul class="md-nav__list">\n    <li class="md-nav__item">\n'
        '      <a href="x/" class="md-nav__link">\n        <span class="md-ellipsis">\n'
        "          X\n        </span>\n      </a>\n    </li>\n  </ul>\n"
        f'  <a href="." class="md-logo">\n    {svg}\n  </a>\n'
        '  <article class="md-content__inner md-typeset">\n<ul>\n<li>a</li>\n</ul>\n'
        f"{svg}\n{svg}\n</article>\n"
        '  <script>\n  var a = "<div>"\n\n  </script>\n  <button class="md-top">\n'
        f"    {svg.replace('M1', 'M4')}\n    Back to top\n  </button>\n</body>\n"
    )
    assert compact_html(page) == (
        '<body><header class="md-header">\n<a href="." class="md-logo">\n'
        '<svg viewBox="0 0 24 24"><path id="__icon-1" d="M1"/></svg>\n</a>\n'
        '<a href="r" class="md-source">\n<div class="md-source__icon">\n'
        '<svg viewBox="0 0 24 24"><path d="M3"/></svg>\n</div>\n'
        '<div class="md-source__repository">\nr\n</div>\n</a></header>'
        '<ul class="md-nav__list"><li class="md-nav__item"><a href="x/" class="md-nav__link">'
        '<span class="md-ellipsis">X</span></a></li></ul><a href="." class="md-logo">\n'
        '<svg viewBox="0 0 24 24"><use href="#__icon-1"/></svg>\n</a>'
        '<article class="md-content__inner md-typeset">\n<ul>\n<li>a</li>\n</ul>\n'
        f"{svg}\n{svg}\n</article>"
        '<script>\n  var a = "<div>"\n\n  </script>\n<button class="md-top">\n'
        '<svg viewBox="0 0 24 24"><path d="M4"/></svg>\nBack to top\n</button></body>'
    )


def test_procedure_page_frame_is_small(tmp_path: Path) -> None:
    """The HTML around a procedure's own content stays under 20 KB (the navigation lists
    categories, not procedures, and the theme's blank lines are gone)."""
    import re

    project = project_with(tmp_path, 40)
    build(project, tmp_path / "site")
    pages = sorted((tmp_path / "site" / "procedures").glob("*/*-*/index.html"))
    assert pages
    for page in pages:
        html = page.read_text("utf-8")
        match = re.search(
            r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S
        )
        assert match is not None
        assert len(html.encode()) - len(match.group(1).encode()) < 20 * 1024

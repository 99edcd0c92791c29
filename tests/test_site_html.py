"""The built pages, read as HTML: steps, anchors, links, order, language, safety, offline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from sitekit import FIXTURES, REPO, TODAY, build, is_external, make_project, tags, url_scheme

from sopgen.model import Manual, Procedure, Step
from sopgen.validate.pipeline import validate

pytestmark = pytest.mark.slow


def _built(root: Path, procedures: Path, docs: Path | None = REPO / "docs") -> Path:
    project = make_project(root, procedures, docs)
    done = build(project, "--strict")
    assert done.returncode == 0, done.stderr
    return project


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory.mktemp("example"), REPO / "procedures")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory.mktemp("hostile"), FIXTURES / "hostile" / "procedures", None)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory.mktemp("arabic"), FIXTURES / "arabic" / "procedures", None)


def manual_of(project: Path) -> Manual:
    from datetime import date

    manual = validate(project / "procedures", today=date.fromisoformat(TODAY)).manual
    assert manual is not None
    return manual


def page(project: Path, *parts: str) -> str:
    return (project / "site").joinpath(*parts, "index.html").read_text("utf-8")


def procedure_page(project: Path, procedure: Procedure) -> str:
    return page(project, "procedures", procedure.category, procedure.id)


def article(html: str) -> str:
    """The page's own content (Material's article), without the theme around it."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert match, "no article in the page"
    return match.group(1)


def table_of_contents(html: str) -> str:
    """The page's table of contents (Material's secondary sidebar), built from its headings."""
    # Nested headings nest <nav>s, so take the whole sidebar: it ends where the content begins.
    match = re.search(
        r'<div class="md-sidebar md-sidebar--secondary".*?(?=<div class="md-content")', html, re.S
    )
    assert match, "no table of contents in the page"
    return match.group(0)


def published(manual: Manual) -> list[Procedure]:
    return [p for p in manual.procedures if p.status in ("effective", "retired")]


def test_a_procedure_page_has_every_step_with_its_anchor(example: Path) -> None:
    for procedure in published(manual_of(example)):
        found = {t.attrs.get("id") for t in tags(procedure_page(example, procedure))}
        missing = [s.anchor for s in procedure.all_steps() if s.anchor not in found]
        assert missing == [], procedure.id


def test_edit_links_open_the_yaml_file(example: Path) -> None:
    config = yaml.safe_load((example / "mkdocs.yml").read_text("utf-8"))
    root = urljoin(config["repo_url"] + "/", config["edit_uri"] + "../")
    for procedure in published(manual_of(example)):
        html = procedure_page(example, procedure)
        edit = [t.attrs["href"] for t in tags(html) if t.attrs.get("rel") == "edit"]
        assert edit == [f"{root}procedures/{procedure.source}"]
        assert f'href="{root}procedures/{procedure.source}"' in article(html)
        assert ".md" not in edit[0]


def test_report_a_problem_links_name_the_procedure(example: Path) -> None:
    manual = manual_of(example)
    if not manual.report_problem_url:
        pytest.skip("the example manual has no report_problem_url")
    base = manual.report_problem_url.split("{", 1)[0]
    for procedure in published(manual):
        links = [t.attrs.get("href", "") for t in tags(article(procedure_page(example, procedure)))]
        assert any(link.startswith(base) and procedure.id in link for link in links)


def test_role_pages_link_to_the_steps_of_that_role(example: Path) -> None:
    # A step the role checks is linked; a step it does is linked, or a step around it that the
    # role does with everything inside ("2" for 2, 2.1, 2.2), or the steps ("All steps").
    manual = manual_of(example)
    for role in manual.roles:
        hrefs = {t.attrs.get("href", "") for t in tags(article(page(example, "roles", role.id)))}
        for procedure in published(manual):
            if not procedure.is_current:
                continue
            url = f"procedures/{procedure.category}/{procedure.id}/"
            for step, around in _steps_with_ancestors(procedure.steps, ()):
                if step.verify and step.verify.by == role.id:
                    assert any(h.endswith(f"{url}#{step.anchor}") for h in hrefs), (role.id, step)
                if step.role == role.id:
                    anchors = ["steps", step.anchor, *(s.anchor for s in around)]
                    targets = [f"{url}#{anchor}" for anchor in anchors]
                    assert any(h.endswith(tuple(targets)) for h in hrefs), (role.id, targets[1])


def _steps_with_ancestors(
    steps: tuple[Step, ...], around: tuple[Step, ...]
) -> Iterator[tuple[Step, tuple[Step, ...]]]:
    for step in steps:
        yield step, around
        inside = [*step.substeps, *(s for option in step.options for s in option.steps)]
        yield from _steps_with_ancestors(tuple(inside), (*around, step))


def _order_in(html: str, ids: list[str]) -> list[str]:
    positions = {i: html.find(f">{i}<") for i in ids}
    assert all(p >= 0 for p in positions.values()), positions
    return sorted(ids, key=positions.__getitem__)


def test_category_and_all_procedures_tables_keep_the_manual_order(example: Path) -> None:
    manual = manual_of(example)
    current = [p for p in manual.procedures if p.is_current]
    everything = [p.id for p in current]
    assert _order_in(article(page(example, "procedures")), everything) == everything
    for category in manual.categories:
        ids = [p.id for p in current if p.category == category.id]
        if ids:
            assert _order_in(article(page(example, "procedures", category.id)), ids) == ids


def test_procedure_pages_stay_out_of_the_navigation(example: Path) -> None:
    """Scale: the sidebar lists categories, never every procedure, so pages stay small."""
    manual = manual_of(example)
    for procedure in published(manual):
        html = procedure_page(example, procedure)
        nav = html.split('<div class="md-content"', 1)[0]
        for other in published(manual):
            assert f"/{other.id}/" not in nav, (procedure.id, other.id)
        # ... but it still shows where it belongs: a breadcrumb ends at its category's page.
        crumbs = [
            t.attrs["href"] for t in tags(html) if "md-path__link" in t.attrs.get("class", "")
        ]
        assert crumbs and crumbs[-1] == "../", (procedure.id, crumbs)


EXTRA_CATEGORIES = 19  # with the example's own: a nav of 20 or more categories


def _manual_with_extra_categories(root: Path, per_category: int) -> Path:
    """The example manual plus EXTRA_CATEGORIES categories of ``per_category`` procedures."""
    project = make_project(root, REPO / "procedures", REPO / "docs")
    procedures = project / "procedures"
    role, approver = (r.id for r in manual_of(project).roles[:2])
    manual = procedures / "manual.yaml"
    added = ""
    for c in range(EXTRA_CATEGORIES):
        prefix = f"X{chr(ord('A') + c)}"
        added += f"  - id: extra-{c}\n    title: Extra area {c}\n    prefix: {prefix}\n"
        (procedures / f"extra-{c}").mkdir()
        for n in range(per_category):
            (procedures / f"extra-{c}" / f"{prefix}-{n:03d}.yaml").write_text(
                f"id: {prefix}-{n:03d}\ntitle: Extra procedure {n}\ncategory: extra-{c}\n"
                f"status: effective\nrevision: '1'\nowner: {role}\napproved_by: {approver}\n"
                "effective: 2026-05-01\n"
                f"summary: Filler {n}.\nsteps:\n  - do: Do thing {n}.\n"
                "changes: [{revision: '1', date: 2026-05-01, summary: First issue.}]\n",
                "utf-8",
            )
    text = manual.read_text("utf-8")
    manual.write_text(text.replace("categories:\n", "categories:\n" + added, 1), "utf-8")
    return project


def test_a_procedure_page_does_not_grow_with_other_categories(tmp_path: Path) -> None:
    small = _manual_with_extra_categories(tmp_path / "small", 1)
    large = _manual_with_extra_categories(tmp_path / "large", 5)
    for project in (small, large):
        done = build(project, "--strict")
        assert done.returncode == 0, done.stderr
    procedure = next(p for p in published(manual_of(small)) if not p.category.startswith("extra"))
    small_html, large_html = procedure_page(small, procedure), procedure_page(large, procedure)
    assert len(large_html.encode()) == len(small_html.encode())
    # Issue 6's budget: under 20 KB of theme (header, nav, footer) around a page's own content,
    # here with a nav of 20 or more categories. The page's own content is its article and its
    # table of contents, which lists the article's headings.
    own = len(article(large_html).encode()) + len(table_of_contents(large_html).encode())
    assert len(large_html.encode()) - own < 20_000


def test_language_and_direction(example: Path, arabic: Path) -> None:
    english = page(example, "")
    assert re.search(r'<html lang="en" dir="ltr"', english)
    manual = manual_of(arabic)
    html = procedure_page(arabic, manual.procedures[0])
    assert re.search(r'<html lang="ar" dir="rtl"', html)
    assert '<body dir="rtl"' in html
    index = json.loads((arabic / "site" / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["ar"]
    assert "lunr.ar" in " ".join(p.name for p in (arabic / "site").rglob("lunr.ar*"))


# --- untrusted text -----------------------------------------------------------------------

DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}


def html_files(project: Path) -> Iterator[Path]:
    yield from sorted((project / "site").rglob("*.html"))


def test_hostile_text_puts_no_script_into_the_site(hostile: Path) -> None:
    checked = 0
    for path in html_files(hostile):
        html = path.read_text("utf-8")
        for tag in tags(html):
            where = f"{path.relative_to(hostile)} <{tag.name}>"
            assert tag.name not in DANGEROUS_TAGS, where
            assert not [a for a in tag.attrs if a.startswith("on")], where
            for name in URL_ATTRIBUTES & tag.attrs.keys():
                assert url_scheme(tag.attrs[name]) not in {"javascript", "data", "vbscript"}, where
            if tag.name == "meta" and tag.attrs.get("http-equiv", "").lower() == "refresh":
                # only a short address redirects, and only to its procedure's page in the site
                short = path.relative_to(hostile / "site").parts
                assert short[0] == "p" and short[2:] == ("index.html",), where
                assert re.fullmatch(
                    r"0; url=\.\./\.\./procedures/[\w-]+/[\w-]+/", tag.attrs["content"]
                )
            if tag.name == "script" and tag.attrs.get("id") == "sop-run-data":
                # Run mode's data: JSON, never executed, and nothing in it can close the element.
                assert tag.attrs.get("type") == "application/json" and "<" not in tag.text, where
            elif tag.name == "script":
                assert "alert(" not in tag.text, where
                assert not tag.attrs.get("src") or not is_external(tag.attrs["src"]), where
            classes = tag.attrs.get("class", "").split()
            assert "mermaid" not in classes, where  # would load Mermaid from the internet
            assert not tag.attrs.get("id", "").startswith("__") or tag.name != "a", where
        if "<article" in html:  # the theme has its own search and palette forms; content none
            content = article(html)
            assert not [t for t in tags(content) if t.name in {"form", "button"}]
            # The one style is sopgen's print furniture: YAML text in it only as CSS escapes.
            for style in re.findall(r"<style\b[^>]*>(.*?)</style>", content, re.S):
                assert style.startswith("@media print{@page{") and "<" not in style, where
        checked += 1
    assert checked > 5
    # The text is still there, shown as text: the owner sees what they wrote.
    procedure = procedure_page(hostile, manual_of(hostile).procedures[0])
    assert (
        "&lt;script&gt;alert(&#x27;step&#x27;)" in procedure
        or "&lt;script&gt;alert('step')" in (procedure)
    )


def test_hostile_titles_are_escaped_in_the_theme(hostile: Path) -> None:
    """Titles reach <title>, the header, the nav and the search index outside the content."""
    for path in html_files(hostile):
        html = path.read_text("utf-8")
        head = html.split("<article", 1)[0]
        assert "<script>alert" not in head, path
        assert "<svg onload" not in head, path
        assert "&amp;lt;" not in html and "&amp;#" not in html, f"escaped twice: {path}"
    index = (hostile / "site" / "search" / "search_index.json").read_text("utf-8")
    assert "<script>alert" not in index
    tags_page = article(page(hostile, "tags"))
    assert "OPS-001 Open <script>alert('proc-title')" in unescape(tags_page)


# --- offline -------------------------------------------------------------------------------

# Elements and attributes a browser fetches by itself (links a reader clicks are fine).
FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "input": ("src",),
}
FETCHED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                     "apple-touch-icon", "shortcut", "preconnect", "dns-prefetch"}  # fmt: skip
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")
# Strings in Material's JavaScript that load from the internet only when a page asks for them:
# Mermaid for `.mermaid` elements (the sanitizer strips that class from generated pages), a
# ResizeObserver polyfill for browsers without one, and repository facts when repo_url is on
# github.com/gitlab.com (the example's repo_url is not).
LAZY_JS_URLS = ("https://unpkg.com/mermaid", "https://unpkg.com/resize-observer-polyfill",
                "https://api.github.com/", "https://gitlab.com/api/")  # fmt: skip


def external_resources(project: Path) -> list[str]:
    site = project / "site"
    found = []
    for path in sorted(site.rglob("*")):
        where = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            for tag in tags(path.read_text("utf-8")):
                names = FETCHED.get(tag.name, ())
                if tag.name == "link" and FETCHED_LINK_RELS & set(tag.attrs.get("rel", "").split()):
                    names = ("href",)
                for name in names:
                    for url in tag.attrs.get(name, "").split(","):
                        if url.strip() and is_external(url.strip().split()[0]):
                            found.append(f"{where}: <{tag.name} {name}={url.strip()}>")
                if "style" in tag.attrs:
                    found += [f"{where}: style {u}" for u in CSS_URL.findall(tag.attrs["style"])
                              if is_external(u)]  # fmt: skip
        elif path.suffix == ".css":
            text = path.read_text("utf-8")
            found += [f"{where}: {u}" for u in CSS_URL.findall(text) if is_external(u)]
        elif path.suffix == ".js":
            text = path.read_text("utf-8", errors="replace")
            for url in re.findall(r"""["'`](https?://[^"'`\s]+)""", text):
                if url.startswith("http://www.w3.org/") or url.startswith(LAZY_JS_URLS):
                    continue
                if re.search(
                    r"(fetch|importScripts|src\s*=|href\s*=)\s*\(?\s*$",
                    text[: text.find(url)][-40:],
                ):
                    found.append(f"{where}: {url}")
    return found


def test_the_site_loads_nothing_from_the_internet(example: Path, hostile: Path) -> None:
    config = yaml.safe_load((example / "mkdocs.yml").read_text("utf-8"))
    assert config["theme"]["font"] is False
    assert config["extra"]["generator"] is False
    assert not re.search(r"github\.com|gitlab\.com", config.get("repo_url", ""))
    for project in (example, hostile):
        assert external_resources(project) == []
        for path in html_files(project):
            html = path.read_text("utf-8")
            assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path
            assert "unpkg.com" not in html and "cdn.jsdelivr" not in html, path


def test_the_offline_check_would_catch_an_external_resource(tmp_path: Path) -> None:
    """The check itself must be able to fail: a page with a web font and a CDN script."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.com/x.js"></script><img srcset="https://e.example/a.png 2x">'
        '<a href="https://example.com/manual.pdf">a link is fine</a>',
        "utf-8",
    )
    (tmp_path / "site" / "x.css").write_text("@import 'https://e.example/y.css';", "utf-8")
    assert len(external_resources(tmp_path)) == 4


def test_step_images_are_copied_and_linked(arabic: Path) -> None:
    manual = manual_of(arabic)
    for procedure in published(manual):
        html = procedure_page(arabic, procedure)
        page_dir = arabic / "site" / "procedures" / procedure.category / procedure.id
        for step in procedure.all_steps():
            if step.image is None:
                continue
            copied = arabic / "site" / "procedures" / step.image.src
            assert copied.read_bytes() == (arabic / "procedures" / step.image.src).read_bytes()
            images = [t for t in tags(article(html)) if t.name == "img"]
            assert any(
                (page_dir / t.attrs["src"]).resolve() == copied.resolve()
                and t.attrs.get("alt") == step.image.alt
                for t in images
            ), images


def _theme_script(name: str) -> str:
    """The last (the one always written) of Material's inline scripts in a template."""
    import material

    template = Path(material.__file__).parent / "templates" / "partials" / "javascripts" / name
    scripts = re.findall(r"<script>.*?</script>", template.read_text("utf-8"), re.S)
    assert scripts, name
    return str(scripts[-1])


def test_the_palette_script_goes_only_where_there_is_no_palette_to_restore() -> None:
    from sopgen.site.fast.theme_html import finish_page

    script = _theme_script("palette.html")
    bare = f'<html lang="en" class="no-js"><body><header>{script}<label>x</label></header>'
    assert script not in finish_page(bare, "en")
    assert "<header><label>x</label></header>" in finish_page(bare, "en")
    form = '<form class="md-header__option" data-md-component="palette"></form>'
    with_palette = bare.replace("<header>", f"<header>{form}")
    assert script in finish_page(with_palette, "en")


def test_the_content_tab_script_goes_only_where_no_input_could_be_named() -> None:
    from sopgen.site.fast.theme_html import finish_page

    script = _theme_script("content.html")
    search = '<input type="text" class="md-search__input" name="query">'
    page = f'<html lang="en" class="no-js"><body>{search}<article></article>{script}</body>'
    assert finish_page(page, "en").endswith(f"{search}<article></article></body>")
    for named in (
        '<input type="radio" name="__tabbed_1" id="__tabbed_1_1" checked>',
        '<input class="md-option" type="radio" name="__palette" id="__palette_0">',
    ):
        assert script in finish_page(page.replace("<article>", f"<article>{named}"), "en")

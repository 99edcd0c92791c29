"""Write the validated manual as a plain project (config, docs/, assets) into a new folder,
all at once: built in a temporary folder beside it, then renamed into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import escape

import sopgen
from sopgen.export import config as cfg
from sopgen.model import Manual
from sopgen.render import Page, RenderOptions, nav, render_site
from sopgen.render.links import is_published
from sopgen.render.text import front_matter

ASSETS = Path(sopgen.__file__).parent / "assets"
ASSET_DIR = "assets/sopgen"
TAGS_PAGE = "tags.md"
TAGS_LISTING = "<!-- material/tags -->"
HOME_PAGE = "index.md"
DOCS = "docs"  # the exported project's docs folder


class ExportError(Exception):
    """The project could not be written; the message says why (nothing was written)."""


class TargetError(ExportError):
    """The folder to export into is not a new or empty folder of its own (a usage error)."""

    def __init__(self, target: Path, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        listed = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"Cannot export into {target}:\n{listed}")


@dataclass(frozen=True)
class ExportReport:
    target: Path
    procedures: int
    pages: int  # Markdown pages in docs/, generated and hand-written
    files: int
    warnings: list[str] = field(default_factory=list)


def export_project(
    target: Path,
    manual: Manual,
    manual_dir: Path,
    config_file: Path,
    *,
    drafts: bool,
    today: date,
) -> ExportReport:
    """Write ``manual`` (validated) and the project of ``config_file`` into ``target``."""
    manual_dir, config_file = manual_dir.resolve(), config_file.resolve()
    try:
        settings = cfg.read_config(config_file)
    except cfg.ConfigError as error:
        raise ExportError(str(error)) from None
    root = config_file.parent
    docs_dir = (root / cfg.docs_dir(settings)).resolve()
    check_target(target, manual_dir, docs_dir, root)
    options = RenderOptions(
        today=today,
        include_drafts=drafts,
        edit_url=manual.edit_url or _edit_template(settings, root, docs_dir),
        procedures_path=cfg.relative(manual_dir, root),
        directory_urls=cfg.directory_urls(settings),
    )
    files, warnings = _project_files(manual, manual_dir, docs_dir, settings, options)
    files["mkdocs.yml"] = cfg.config_text(
        cfg.exported_config(settings, manual, _nav(settings, manual, options, files), _assets()),
        config_file.name,
    ).encode("utf-8")
    _write_atomically(target, files)
    procedures = sum(is_published(p, options) for p in manual.procedures)
    pages = sum(1 for path in files if path.startswith(f"{DOCS}/") and path.endswith(".md"))
    return ExportReport(target, procedures, pages, len(files), warnings)


def check_target(target: Path, manual_dir: Path, docs_dir: Path, root: Path) -> None:
    """TargetError unless ``target`` is a new or empty folder apart from the manual's sources."""
    problems = []
    where = target.resolve()
    named = {
        manual_dir: "the manual folder",
        manual_dir.parent: "the manual folder's parent",
        root: "the folder of mkdocs.yml",
        docs_dir: "the docs folder",
    }
    git_root = _git_root(manual_dir)
    if git_root is not None:
        named[git_root] = "the repository's root"
    if where in named:
        problems.append(f"it is {named[where]}; export into a folder of its own (e.g. export/)")
    for folder, name in ((manual_dir, "the manual folder"), (docs_dir, "the docs folder")):
        if where != folder and where.is_relative_to(folder):
            problems.append(f"it is inside {name} ({folder}), which the export reads")
    if ".git" in where.parts:
        problems.append("it is inside a .git folder")
    if target.exists() and not target.is_dir():
        problems.append("it is a file, not a folder")
    elif target.is_dir():
        entries = sorted(entry.name for entry in target.iterdir())
        if entries:
            shown = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")
            problems.append(
                f"it is not empty ({len(entries)} entries: {shown}); sopgen export never "
                "overwrites: give a new folder, or empty this one yourself"
            )
    if problems:
        raise TargetError(target, problems)


def _git_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _edit_template(settings: Mapping[str, Any], root: Path, docs_dir: Path) -> str | None:
    """An edit-link template with {path} from the repo root, as MkDocs makes edit links from
    repo_url and edit_uri (edit_uri points into docs/; ".." climbs to the repository root)."""
    repo_url = str(settings.get("repo_url") or "")
    edit_uri = settings.get("edit_uri")
    template = settings.get("edit_uri_template")
    if edit_uri is None and not template:
        edit_uri = _default_edit_uri(repo_url)
    if not (edit_uri or template):
        return None
    up = Path(os.path.relpath(root, docs_dir)).as_posix()
    path = f"{up}/SOPGEN-PATH"
    link = str(template).format(path=path, path_noext=path) if template else f"{edit_uri}{path}"
    base = repo_url if not repo_url or repo_url.endswith("/") else repo_url + "/"
    return urljoin(base, link).replace("SOPGEN-PATH", "{path}")


def _default_edit_uri(repo_url: str) -> str | None:
    """MkDocs' default edit_uri for the forges it knows."""
    host = repo_url.split("//", 1)[-1].split("/", 1)[0].lower()
    if host in ("github.com", "gitlab.com"):
        return "edit/master/docs/"
    if host == "bitbucket.org":
        return "src/default/docs/"
    return None


def _assets() -> list[str]:
    return [f"{ASSET_DIR}/{p.name}" for p in sorted(ASSETS.iterdir()) if p.is_file()]


def _project_files(
    manual: Manual,
    manual_dir: Path,
    docs_dir: Path,
    settings: dict[str, Any],
    options: RenderOptions,
) -> tuple[dict[str, bytes | Path], list[str]]:
    """Every file of the project but its config: relative path -> bytes, or a file to copy."""
    files: dict[str, bytes | Path] = {}
    warnings = []
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            if path.is_file():
                files[f"{DOCS}/{path.relative_to(docs_dir).as_posix()}"] = path
    for page in render_site(manual, options):
        name = f"{DOCS}/{page.path}"
        if name in files:
            warnings.append(f"docs/{page.path} is hand-written; the generated page is left out.")
            continue
        files[name] = _page_text(page).encode("utf-8")
    if cfg.tags_enabled(settings) and f"{DOCS}/{TAGS_PAGE}" not in files:
        title = _tags_title(manual.language)
        files[f"{DOCS}/{TAGS_PAGE}"] = f"# {title}\n\n{TAGS_LISTING}\n".encode()
    images = {s.image.src for p in manual.procedures for s in p.all_steps() if s.image}
    for src in sorted(images):
        image = manual_dir / src
        if image.is_file():
            files.setdefault(f"{DOCS}/procedures/{src}", image)
    for asset in sorted(p for p in ASSETS.iterdir() if p.is_file()):
        files[f"{DOCS}/{ASSET_DIR}/{asset.name}"] = asset
    return files, warnings


def _page_text(page: Page) -> str:
    """A generated page as a Markdown file. A page rendered as HTML is its front matter then
    its HTML, which Markdown passes through as it is (block-level HTML)."""
    if page.body is None:
        return page.markdown
    meta = page.meta if page.meta is not None else {"title": page.title}
    # The themes print front-matter titles and descriptions as they are: YAML text escaped.
    safe: dict[str, str | list[str]] = {
        key: str(escape(value)) if isinstance(value, str) else [str(escape(v)) for v in value]
        for key, value in meta.items()
    }
    return front_matter(safe) + "\n" + page.body().content + "\n"


def _tags_title(language: str) -> str:
    from sopgen.render.strings import Strings

    try:
        return str(Strings(language)("tags"))
    except LookupError:
        return "Tags"


def _nav(
    settings: Mapping[str, Any],
    manual: Manual,
    options: RenderOptions,
    files: Mapping[str, bytes | Path],
) -> list[Any]:
    """The hand-written nav then the manual's; without one, the home page, the manual's pages,
    then the other docs/ pages in MkDocs' order (as the sopgen plugin orders them)."""
    generated: list[Any] = _escaped_nav(nav(manual, options))
    if f"{DOCS}/{TAGS_PAGE}" in files and isinstance(files[f"{DOCS}/{TAGS_PAGE}"], bytes):
        generated.append({str(escape(_tags_title(manual.language))): TAGS_PAGE})
    configured = settings.get("nav")
    generated_paths = {p.path for p in render_site(manual, options)} if configured else set()
    if isinstance(configured, list):
        if _mentions(configured, generated_paths):
            return list(configured)
        return [*configured, *generated]
    hand_written = sorted(
        (
            name.removeprefix(f"{DOCS}/")
            for name, source in files.items()
            if isinstance(source, Path) and name.endswith(".md") and name.startswith(f"{DOCS}/")
        ),
        key=_file_sort_key,
    )
    home = [uri for uri in hand_written if uri == HOME_PAGE]
    guides = [uri for uri in hand_written if uri != HOME_PAGE]
    return [*home, *generated, *_nest(guides)]


def _escaped_nav(items: list[Any]) -> list[Any]:
    """The generated nav with its titles (from YAML) as HTML-safe text: the themes' templates
    print nav titles as they are (the plugin escapes them the same way)."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            out.append(
                {
                    str(escape(title)): _escaped_nav(value) if isinstance(value, list) else value
                    for title, value in item.items()
                }
            )
        else:
            out.append(item)
    return out


def _file_sort_key(path: str) -> tuple[tuple[str, ...], bool, str]:
    """MkDocs' order: by folder, an index page first, then by name."""
    parts = path.split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    return tuple(parts[:-1]), stem not in ("index", "README"), parts[-1]


def _nest(paths: Sequence[str]) -> list[Any]:
    """Paths as a nav: a page per file, a section per folder (titled as MkDocs titles it)."""
    items: list[Any] = []
    sections: dict[str, list[str]] = {}
    for path in paths:
        folder, _, rest = path.partition("/")
        if not rest:
            items.append(path)
        elif folder not in sections:
            sections[folder] = [path]
            items.append(folder)
        else:
            sections[folder].append(path)
    result: list[Any] = []
    for item in items:
        if item in sections:
            inner = [p.partition("/")[2] for p in sections[item]]
            nested = _nest(inner)
            result.append({_folder_title(item): _prefixed(nested, item)})
        else:
            result.append(item)
    return result


def _prefixed(nav_items: list[Any], folder: str) -> list[Any]:
    out: list[Any] = []
    for item in nav_items:
        if isinstance(item, str):
            out.append(f"{folder}/{item}")
        else:
            out.append({title: _prefixed(value, folder) for title, value in item.items()})
    return out


def _folder_title(name: str) -> str:
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _mentions(items: Any, paths: set[str]) -> bool:
    if isinstance(items, str):
        return items in paths
    if isinstance(items, list):
        return any(_mentions(item, paths) for item in items)
    if isinstance(items, dict):
        return any(_mentions(value, paths) for value in items.values())
    return False


def _write_atomically(target: Path, files: Mapping[str, bytes | Path]) -> None:
    """Every file into a temporary folder beside ``target``, then that folder renamed to it:
    ``target`` appears complete or not at all."""
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.export-", dir=parent))
    except OSError as error:
        raise ExportError(f"cannot write beside {target}: {error}") from None
    try:
        temporary.chmod(0o755)
        for name in sorted(files):
            path = temporary / name
            path.parent.mkdir(parents=True, exist_ok=True)
            source = files[name]
            if isinstance(source, Path):
                shutil.copyfile(source, path)
            else:
                path.write_bytes(source)
        if target.is_dir():
            target.rmdir()  # empty (checked): the rename needs it gone
        temporary.rename(target)
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise ExportError(f"cannot write {target}: {error}") from None

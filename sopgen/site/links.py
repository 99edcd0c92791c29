"""Edit links for the site: a procedure's edit button opens its YAML file, from mkdocs.yml."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig

_PLACEHOLDER = "SOPGEN-PATH"


def edit_template(config: MkDocsConfig) -> str | None:
    """An edit-link template with {path} from the repo root, from repo_url and edit_uri."""
    link = _edit_url(config, _PLACEHOLDER)
    return link.replace(_PLACEHOLDER, "{path}") if link else None


def edit_link(template: str, path: str) -> str:
    return template.replace("{path}", path)


def repo_path(config: MkDocsConfig, folder: Path) -> str:
    """A folder's path from the repository root (the folder that holds mkdocs.yml)."""
    base = Path(config.config_file_path or ".").parent.resolve()
    return Path(os.path.relpath(folder.resolve(), base)).as_posix()


def _edit_url(config: MkDocsConfig, path_from_root: str) -> str | None:
    """What MkDocs would make for a file at ``path_from_root`` (relative to mkdocs.yml).

    edit_uri points into docs/ (e.g. `edit/main/docs/`); ".." climbs to the repository root,
    and urljoin folds it away.
    """
    if not (config.edit_uri or config.edit_uri_template):
        return None
    root = Path(config.config_file_path or ".").parent.resolve()
    up = Path(os.path.relpath(root, Path(config.docs_dir).resolve())).as_posix()
    relative = f"{up}/{path_from_root}"
    if config.edit_uri_template:
        link = config.edit_uri_template.format(path=relative, path_noext=relative)
    else:
        link = (config.edit_uri or "") + relative
    base = config.repo_url or ""
    if base and not base.endswith("/"):
        base += "/"
    return urljoin(base, link)

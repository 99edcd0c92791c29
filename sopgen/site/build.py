"""Build the site with MkDocs into a temporary folder beside the target, then swap it in."""

from __future__ import annotations

import glob
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sopgen.site import plugin as sopgen_plugin
from sopgen.validate.pipeline import Result


class SiteError(Exception):
    """The site could not be built; the message says why (no traceback for the user)."""


class ConfigUsageError(SiteError):
    """mkdocs.yml is missing or does not use the sopgen plugin (a usage error)."""


@dataclass(frozen=True)
class BuildReport:
    procedures: int
    pages: int
    seconds: float
    site_dir: Path


def load_site_config(
    config_file: Path, site_dir: Path | None = None, strict: bool = False
) -> tuple[object, sopgen_plugin.SopgenPlugin]:
    """The MkDocs config and its sopgen plugin; ConfigUsageError when either is missing."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not config_file.is_file():
        raise ConfigUsageError(
            f"No {config_file}: run sopgen in the folder that holds mkdocs.yml, or pass "
            "--config-file path/to/mkdocs.yml."
        )
    options: dict[str, Any] = {"strict": strict}
    if site_dir is not None:
        options["site_dir"] = str(site_dir)
    try:
        config = load_config(config_file=str(config_file), **options)
    except ConfigurationError as error:
        raise SiteError(f"{config_file}: {error}") from None
    plugin = config.plugins.get("sopgen")
    if not isinstance(plugin, sopgen_plugin.SopgenPlugin):
        raise ConfigUsageError(
            f"{config_file} does not use the sopgen plugin: add `- sopgen` under `plugins:`."
        )
    return config, plugin


def manual_dir_of(config: object, plugin: sopgen_plugin.SopgenPlugin) -> Path:
    """The procedures folder mkdocs.yml names (relative to mkdocs.yml)."""
    config_path = getattr(config, "config_file_path", None) or "mkdocs.yml"
    return (Path(config_path).parent / plugin.config.procedures_dir).resolve()


def build_site(
    config_file: Path,
    result: Result,
    *,
    site_dir: Path | None,
    drafts: bool,
    strict: bool,
    progress: Callable[[str], None],
    today: date | None = None,
) -> BuildReport:
    """Build the manual in ``result`` (already validated) and swap it in at ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    started = time.perf_counter()
    config, plugin = load_site_config(config_file, strict=strict)
    target = Path(site_dir or getattr(config, "site_dir")).resolve()  # noqa: B009
    docs_dir = Path(getattr(config, "docs_dir")).resolve()  # noqa: B009
    _refuse_unsafe_target(
        target, Path(config_file).resolve().parent, result.manual_dir.resolve(), docs_dir
    )
    _remove_leftovers(target)
    try:
        staging = _staging_folder(target)
    except OSError as error:
        raise SiteError(f"Cannot write beside {target}: {error.strerror}.") from None
    config.site_dir = str(staging)  # type: ignore[attr-defined]
    try:
        plugin.overrides = sopgen_plugin.Overrides(
            procedures_dir=result.manual_dir.resolve(),
            drafts=drafts,
            today=today,
            result=result,
            progress=progress,
        )
        with _mkdocs_log_to(progress):
            progress("Building the site")
            build(config)  # type: ignore[arg-type]
        _swap_in(staging, target)
    except MkDocsException as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteError(str(error).strip() or "The build failed.") from None
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteError(f"Cannot write the site: {error}.") from None
    except BaseException:  # Ctrl+C: MkDocs tells no plugin event, so its workers end here
        plugin.stop_workers()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    procedures, _ = plugin.stats()
    return BuildReport(procedures, plugin.built_pages, time.perf_counter() - started, target)


def _staging_folder(target: Path) -> Path:
    """An empty folder beside ``target`` (same filesystem, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_leftover_prefix(target, "building"), dir=target.parent))
    # mkdtemp makes it private (0700); a site folder is read by a web server: use the umask.
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    return staging


def _leftover_prefix(target: Path, kind: str) -> str:
    # The process id tells a killed build's folder from one a running build still uses.
    return f".{target.name}.{kind}-{os.getpid()}-"


def _remove_leftovers(target: Path) -> None:
    """Remove what builds killed before their end left beside ``target`` (their process is
    gone); a build still running elsewhere keeps its folder."""
    if not target.parent.is_dir():
        return
    for kind in ("building", "old"):
        for folder in target.parent.glob(f".{glob.escape(target.name)}.{kind}-*-*"):
            pid = folder.name.removeprefix(f".{target.name}.{kind}-").split("-", 1)[0]
            if pid.isdigit() and not _running(int(pid)) and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: running
        return True
    return True


def unsafe_site_dir(target: Path, config_dir: Path, manual_dir: Path, docs: Path) -> str | None:
    """Why ``target`` must not be the site folder, which is replaced as a whole: the
    repository, the manual, docs/, git's own folder, or a folder holding any of them."""
    for precious in (config_dir, manual_dir, docs):
        if target == precious or target in precious.parents:
            return f"--site-dir {target} would replace {precious}; pick another."
    if docs in target.parents:
        return f"--site-dir {target} is inside {docs}; pick another."
    if ".git" in target.parts or (target / ".git").exists():
        return f"--site-dir {target} would replace a git repository's files; pick another."
    return None


def _refuse_unsafe_target(target: Path, config_dir: Path, manual_dir: Path, docs: Path) -> None:
    """The site folder is replaced as a whole: never the repository, the manual or docs/."""
    reason = unsafe_site_dir(target, config_dir, manual_dir, docs)
    if reason is not None:
        raise ConfigUsageError(reason)
    if target.exists() and not target.is_dir():
        raise ConfigUsageError(f"--site-dir {target} is a file, not a folder.")


def _swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames on the same filesystem."""
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=_leftover_prefix(target, "old"), dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        old.rename(target)  # put the previous site back
        raise
    shutil.rmtree(old, ignore_errors=True)


class _ProgressHandler(logging.Handler):
    """MkDocs' warnings shown as `warning: ...` lines (it has no handler under the API)."""

    def __init__(self, progress: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        self.progress(f"{record.levelname.lower()}: {record.getMessage()}")


@contextmanager
def _mkdocs_log_to(progress: Callable[[str], None]) -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    handler = _ProgressHandler(progress)
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False  # no second copy from Python's last-resort handler
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate

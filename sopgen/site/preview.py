"""Live preview (`sopgen serve`): MkDocs' server and build, each save rebuilt in the same folder.

``mkdocs serve`` empties its site folder on every save and writes every file again. For a
manual of a thousand procedures, creating those thousand files is a third of a rebuild (0.3 to
1 s on an ordinary disk), while overwriting them costs a twentieth of that. So the preview
builds in place, with MkDocs' own "dirty" build (it keeps the folder and copies only the
static files that changed), made as complete as a build from scratch:

- every page is built again, not only those whose source changed: a page's menu, title and
  links depend on the whole manual (``InPlaceSite.on_nav``);
- whatever the last builds wrote and this one did not (a procedure deleted or moved, a page
  left out) is removed afterwards (``InPlaceSite.on_post_build``).

Changes are seen through the operating system's file events (inotify, FSEvents, ...): MkDocs
looks at every watched file twice a second instead, which costs a quarter of a second on
average and, for thousands of procedures, a steady share of a core. Where file events are not
available (some network and container mounts) the preview falls back to looking.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from watchdog.events import (
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.commands.serve")

PLUGIN_NAME = "sopgen-preview"
POLL_SECONDS = 0.5  # as MkDocs, where file events are unavailable
# What a save is made of; reads (opened, closed without writing) must not trigger a rebuild,
# or the build reading the procedures would trigger the next one.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
]
_DIRTY_WARNING = "A 'dirty' build is being performed"


class InPlaceSite(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Builds a site into the same folder each time, leaving it as a build from scratch would."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._stamp = site_dir.parent / f".{site_dir.name}-build-started"
        self._started = 0
        self._root = str(site_dir)  # as MkDocs spells it in the files' output paths
        self._outputs: set[str] = set()  # the files of the build under way

    def build(self, config: MkDocsConfig, serve_url: str | None) -> None:
        """Build the site of ``config`` (whose site_dir is ours) in place."""
        assert Path(config.site_dir).resolve() == self.site_dir.resolve()
        config.plugins[PLUGIN_NAME] = self
        quiet = _NoDirtyWarning()
        logging.getLogger("mkdocs.commands.build").addFilter(quiet)
        try:
            build(config, serve_url=serve_url, dirty=True)
        finally:
            logging.getLogger("mkdocs.commands.build").removeFilter(quiet)

    @event_priority(100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # The file system's own clock: what this build writes is stamped no earlier.
        self._root = config.site_dir
        self._stamp.write_bytes(b"")
        self._started = _changed(self._stamp.stat())

    @event_priority(-100)  # the files are final
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._outputs = {
            file.abs_dest_path
            for file in files
            if file.inclusion.is_in_serve()  # type: ignore[no-untyped-call]
        }
        for file in files.documentation_pages():
            if file.abs_src_path is not None and os.path.exists(file.abs_dest_path):
                # A dirty build skips a page whose source is older than its output; every page
                # is made again (a menu lists the whole manual), so the output is made older.
                os.utime(file.abs_dest_path, ns=(0, 0))
        return nav

    @event_priority(-200)  # after every plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        for folder, _, names in os.walk(self._root, topdown=False):
            for name in names:
                path = os.path.join(folder, name)
                if path not in self._outputs and _changed(os.stat(path)) < self._started:
                    os.unlink(path)  # not part of this build: left from an earlier one
            if folder != self._root and not os.listdir(folder):
                os.rmdir(folder)


def _changed(status: os.stat_result) -> int:
    """When a file was last written: its inode's change time where there is one, which no copy
    that keeps the original's modification time (``shutil.copy2``) can set in the past."""
    return status.st_mtime_ns if os.name == "nt" else status.st_ctime_ns


class ChangeWatcher:
    """The watchdog observer MkDocs' server uses: the operating system's file events, or
    looking at the files twice a second where those are unavailable."""

    def __init__(self) -> None:
        self._observer: BaseObserver = Observer()
        self._watches: list[tuple[Any, str, bool]] = []

    def schedule(self, handler: Any, path: str, *, recursive: bool = False) -> ObservedWatch:
        self._watches.append((handler, path, recursive))
        return self._observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)

    def unschedule(self, watch: ObservedWatch) -> None:
        self._watches = [
            w for w in self._watches if (w[1], w[2]) != (watch.path, watch.is_recursive)
        ]
        self._observer.unschedule(watch)

    def start(self) -> None:
        try:
            self._observer.start()
        except OSError as error:  # e.g. the system's limit of inotify watches
            log.warning(f"No file events ({error}); looking for changes every {POLL_SECONDS} s.")
            self._observer = PollingObserver(timeout=POLL_SECONDS)
            for handler, path, recursive in self._watches:
                self._observer.schedule(handler, path, recursive=recursive)
            self._observer.start()

    def stop(self) -> None:
        self._observer.stop()

    def join(self) -> None:
        self._observer.join()


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave links stale; the preview's builds do not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_WARNING)


def serve(config_file: str, dev_addr: str | None = None, overrides: Any = None) -> None:
    """Serve the site of ``config_file`` and rebuild it on every change, until Ctrl+C
    (``overrides``: what the sopgen plugin is told, as `sopgen build` tells it)."""
    root = Path(tempfile.mkdtemp(prefix="sopgen-preview-"))
    site = InPlaceSite(root / "site")
    options: dict[str, Any] = {"dev_addr": dev_addr} if dev_addr else {}

    def get_config() -> MkDocsConfig:
        config = load_config(config_file=config_file, site_dir=str(site.site_dir), **options)
        plugin = config.plugins.get("sopgen")
        if overrides is not None and plugin is not None:
            plugin.overrides = overrides
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)  # every page is built each time
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path

    def builder(config: MkDocsConfig | None = None) -> None:
        log.info("Building documentation...")
        config = config or get_config()
        config.site_url = server.url  # the preview's address, as the server spells it
        site.build(config, server.url)

    server = LiveReloadServer(
        builder=builder, host=host, port=port, root=str(site.site_dir), mount_path=mount_path
    )
    server.observer = ChangeWatcher()  # type: ignore[assignment]

    def error_page(code: int) -> bytes | None:
        page = site.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    stopped_by = _stop_on_sigterm()
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for path in config.watch:
            server.watch(path)
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        if stopped_by is not None:
            signal.signal(signal.SIGTERM, stopped_by)
        shutil.rmtree(root, ignore_errors=True)


def _stop_on_sigterm() -> Any:
    """Stop on SIGTERM (a service manager, `timeout`) as on Ctrl+C, so the preview's folder
    is removed; returns the handler it replaces (None outside the main thread)."""

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, stop)

"""Live preview (`sopgen serve`): MkDocs' own `serve` with the sopgen plugin told what to show.

MkDocs' server, watcher, error pages and clean rebuilds are used as they are (public API:
``mkdocs.commands.serve.serve``); the sopgen plugin watches the procedures folder through
its ``on_serve`` event. What `sopgen serve` adds is what its plugin is told (drafts shown):
MkDocs keeps a plugin that has an ``on_startup`` event as one instance for all the configs
it loads in a process (so that one `serve` keeps it across rebuilds), so the instance found
in the config loaded here is the one every rebuild uses.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config


def serve(config_file: str, dev_addr: str | None = None, overrides: Any = None) -> None:
    """Serve the site of ``config_file`` and rebuild it on every change, until Ctrl+C
    (``overrides``: what the sopgen plugin is told, as `sopgen build` tells it)."""
    options: dict[str, Any] = {"dev_addr": dev_addr} if dev_addr else {}
    plugin = load_config(config_file=config_file, **options).plugins.get("sopgen")
    if overrides is not None and plugin is not None:
        plugin.overrides = overrides
    stopped_by = stop_on_sigterm()
    try:
        mkdocs_serve(config_file=config_file, livereload=True, **options)
    except KeyboardInterrupt:
        pass  # before the server started; MkDocs handles one while it serves
    finally:
        if stopped_by is not None:
            signal.signal(signal.SIGTERM, stopped_by)


def stop_on_sigterm() -> Any:
    """Stop on SIGTERM (a service manager, `timeout`) as on Ctrl+C, so MkDocs removes the
    preview's folder; returns the handler it replaces (None outside the main thread)."""

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return None
    # A worker a build forks sets SIGTERM back to the default as it starts (its pool ends it
    # so); the plugin's on_shutdown ends the pools.
    return signal.signal(signal.SIGTERM, stop)

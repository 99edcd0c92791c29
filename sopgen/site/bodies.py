"""The bodies of the pages rendered straight to HTML: made ahead in worker processes for a big
build, and under live preview taken from the last rebuild when nothing they show changed.

MkDocs asks each page for its content one after the other (``HtmlPage.render``). Rendering a
procedure is pure (the model in, HTML out) and about 1 ms, so for a manual of thousands the
bodies are rendered in one worker process per core as soon as the pages are known
(``on_nav``), in the order MkDocs will ask for them; a page waits only for its own.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any

from sopgen.render.options import HtmlBody
from sopgen.validate.filecheck import start_worker

Body = Callable[[], HtmlBody]
# Forking costs ~0.1 s; a body ~1 ms: from a few hundred pages two workers pay.
PARALLEL_MIN_PAGES = 200

_jobs: list[Body] = []  # in a worker process only: what it renders (set as it starts)


def _start_worker(jobs: list[Body]) -> None:
    global _jobs
    start_worker()
    _jobs = jobs


def _render(indices: list[int]) -> list[tuple[int, HtmlBody]]:
    return [(index, _jobs[index]()) for index in indices]


class Bodies:
    """Each page's body by its docs path; kept by the plugin across live-preview rebuilds."""

    def __init__(self) -> None:
        self._bodies: dict[str, Body] = {}
        self._keys: dict[str, str] = {}
        self._last: dict[str, HtmlBody] = {}  # key -> body, of the last rebuild (preview)
        self._now: dict[str, HtmlBody] = {}
        self._ready: dict[str, HtmlBody] = {}
        self._order: list[str] = []
        self._results: Iterator[list[tuple[int, HtmlBody]]] | None = None
        self._pool: Any = None
        self.reused = 0  # bodies taken from the last rebuild (the tests read it)

    def start(
        self,
        bodies: dict[str, Body],
        order: list[str],
        *,
        keys: dict[str, str] | None = None,
        workers: int = 1,
    ) -> None:
        """Take the bodies (docs path -> its render) of this build; ``order``: the paths in
        MkDocs' order; ``keys``: a digest of what a body is made from (preview: a body with
        the key of the last rebuild's is reused); ``workers`` > 1 renders them ahead."""
        self.stop()
        self._bodies, self._keys, self.reused = bodies, keys or {}, 0
        self._last, self._now = self._now, {}
        todo = [path for path in order if path in bodies and self._keys.get(path) not in self._last]
        if workers < 2 or len(todo) < PARALLEL_MIN_PAGES:
            return
        import multiprocessing

        self._order = todo
        # What is made so far stays out of the workers' garbage collections: walking it again
        # and again would copy the memory the forked workers share with this process.
        gc.freeze()
        try:
            context = multiprocessing.get_context("fork")
            jobs = [bodies[path] for path in todo]
            self._pool = context.Pool(workers, initializer=_start_worker, initargs=(jobs,))
        finally:
            gc.unfreeze()
        chunks = [list(range(i, min(i + 16, len(todo)))) for i in range(0, len(todo), 16)]
        self._results = self._pool.imap(_render, chunks)

    def body(self, path: str) -> HtmlBody:
        """The body of the page at ``path`` (made here unless a worker made it)."""
        key = self._keys.get(path)
        body = self._last.get(key) if key is not None else None
        if body is not None:
            self.reused += 1
        else:
            body = self._made_ahead(path) or self._bodies[path]()
        if key is not None:
            self._now[key] = body
        return body

    def _made_ahead(self, path: str) -> HtmlBody | None:
        while self._results is not None and path not in self._ready:
            try:
                batch = next(self._results)
            except StopIteration:
                self._results = None  # every body is made
                break
            for index, body in batch:
                self._ready[self._order[index]] = body
        return self._ready.pop(path, None)

    def stop(self) -> None:
        """End the workers (after the last body, or when the build fails)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        self._pool, self._results, self._order = None, None, []
        self._ready = {}

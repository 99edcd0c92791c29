"""The bodies of the pages rendered straight to HTML: made ahead in worker processes for a big
build, and under live preview taken from the last rebuild when nothing they show changed.

MkDocs asks each page for its content one after the other (``HtmlPage.render``). Rendering a
procedure is pure (the model in, HTML out) and about 1 ms, so for a manual of thousands the
bodies are rendered in one worker process per core as soon as the pages are known
(``on_nav``), in the order MkDocs will ask for them; a page waits only for its own. What else
is made from the model for a page (its search entry: an ``extra``) is made there too, beside
the body, rather than one page after the other in this process.

A body comes back as its HTML and its table of contents in plain tuples: unpickling thousands
of frozen dataclasses costs the build's main process more than the strings themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sopgen.render.options import HtmlBody, TocEntry
from sopgen.site import collector
from sopgen.validate.filecheck import start_worker

Body = Callable[[], HtmlBody]
Extra = Callable[[], Any]
# Forking costs ~0.1 s; a body ~1 ms: from a few hundred pages two workers pay.
PARALLEL_MIN_PAGES = 200

# A table of contents as nested tuples (level, id, title, children): cheap to pickle.
_Toc = tuple[tuple[int, str, str, Any], ...]
_Made = tuple[int, str, _Toc, Any]  # index, body content, its table of contents, the extra

# In a worker process only: what it renders (set as it starts).
_jobs: list[tuple[Body, Extra | None]] = []


def _start_worker(jobs: list[tuple[Body, Extra | None]]) -> None:
    global _jobs
    start_worker()
    _jobs = jobs


def _render(indices: list[int]) -> list[_Made]:
    made = []
    for index in indices:
        body, extra = _jobs[index]
        html = body()
        made.append((index, html.content, _packed(html.toc), extra() if extra else None))
    return made


def _packed(toc: tuple[TocEntry, ...]) -> _Toc:
    return tuple((e.level, e.id, e.title, _packed(e.children)) for e in toc)


def _unpacked(toc: _Toc) -> tuple[TocEntry, ...]:
    return tuple(TocEntry(level, id_, title, _unpacked(kids)) for level, id_, title, kids in toc)


class Bodies:
    """Each page's body by its docs path; kept by the plugin across live-preview rebuilds."""

    def __init__(self) -> None:
        self._bodies: dict[str, Body] = {}
        self._keys: dict[str, str] = {}
        self._last: dict[str, HtmlBody] = {}  # key -> body, of the last rebuild (preview)
        self._now: dict[str, HtmlBody] = {}
        self._ready: dict[str, HtmlBody] = {}
        self._extras: dict[str, Any] = {}  # the extras the workers made, by path
        self._made: set[str] = set()  # the paths the workers have made
        self._order: list[str] = []
        self._results: Iterator[list[_Made]] | None = None
        self._pool: Any = None
        self.reused = 0  # bodies taken from the last rebuild (the tests read it)

    def start(
        self,
        bodies: dict[str, Body],
        order: list[str],
        *,
        keys: dict[str, str] | None = None,
        workers: int = 1,
        extras: dict[str, Extra] | None = None,
    ) -> None:
        """Take the bodies (docs path -> its render) of this build; ``order``: the paths in
        MkDocs' order; ``keys``: a digest of what a body is made from (preview: a body with
        the key of the last rebuild's is reused); ``workers`` > 1 renders them ahead, and
        makes each page's ``extras`` (docs path -> what makes it) beside its body."""
        self.stop()
        self._bodies, self._keys, self.reused = bodies, keys or {}, 0
        self._last, self._now = self._now, {}
        todo = [path for path in order if path in bodies and self._keys.get(path) not in self._last]
        if workers < 2 or len(todo) < PARALLEL_MIN_PAGES:
            return
        import multiprocessing

        self._order = todo
        jobs = [(bodies[path], (extras or {}).get(path)) for path in todo]
        collector.keep_made()  # the workers share it; see site/collector.py
        context = multiprocessing.get_context("fork")
        self._pool = context.Pool(workers, initializer=_start_worker, initargs=(jobs,))
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
        self._wait_for(path)
        return self._ready.pop(path, None)

    def _wait_for(self, path: str) -> None:
        """Take the workers' results until the page at ``path`` is among them (or all are)."""
        while self._results is not None and path not in self._made:
            try:
                batch = next(self._results)
            except StopIteration:
                self._results = None  # every body is made
                break
            for index, content, toc, extra in batch:
                made = self._order[index]
                self._made.add(made)
                self._ready[made] = HtmlBody(content, _unpacked(toc))
                if extra is not None:
                    self._extras[made] = extra

    def extra(self, path: str, make: Extra) -> Any:
        """What a worker made beside the body of the page at ``path`` (it waits for it as
        ``body`` does; the body stays for ``body``); made here by ``make`` when no worker
        made it."""
        self._wait_for(path)
        found = self._extras.pop(path, None)
        return make() if found is None else found

    def stop(self) -> None:
        """End the workers (after the last body, or when the build fails)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        self._pool, self._results, self._order = None, None, []
        self._ready, self._extras, self._made = {}, {}, set()

"""What a build has made stays out of the cyclic garbage collector's full passes until the
next build starts.

A build of thousands of procedures keeps millions of objects alive to its end: the validated
manual, the rendered pages, MkDocs' files, pages and navigation. None of them becomes garbage
while the build runs, yet each full pass of the collector walks all of them again (~0.4 s a
pass at 5,000 procedures, and a build makes several), and in a forked worker that walk
touches, and so copies, memory the worker shares with this process. So they are frozen
(``gc.freeze``) as they are made, and thawed when the next build of the same process starts
(`mkdocs serve`), where whatever cycles they hold are collected as usual. Young objects, the
pages' temporary work, are still collected; reference counting frees everything else.
"""

from __future__ import annotations

import gc


def keep_made() -> None:
    """Everything made so far lives to the end of this build: out of the collector's passes."""
    gc.freeze()


def new_build() -> None:
    """A build starts: what the last one made is the collector's again."""
    gc.unfreeze()

"""What live preview keeps from one rebuild to the next: results worked out from the parts of
the manual that a save did not change.

A save changes one procedure, yet every rebuild used to build the model of every file, and
work out again what each procedure adds to the role, question and metric pages. Under
``serve`` the plugin's ``RebuildMemo`` keeps these results, keyed by what they are made from:

- a procedure's model by the file's content key (its bytes, sopgen's code and schemas);
- anything made from a model object by that object itself (its identity: the model is
  frozen, so an object that is still in the manual still holds what it held) and the other
  arguments, which are plain values.

So a result is reused only when everything it is made from is the same: it cannot be stale.
Results not used by two rebuilds in a row are dropped, so memory follows the manual's size.
Outside ``serve`` a memo is not active and keeps nothing: a build uses each result once.
The memo travels as an object (the plugin's, in ``RenderOptions.memo`` for the renderer).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
MISSING: Any = object()  # what RebuildMemo.get gives for a key it does not hold


class RebuildMemo:
    """Results by key, from this rebuild and the one before; keeps nothing until activated."""

    def __init__(self, *, active: bool = False) -> None:
        self.active = active
        self._now: dict[Hashable, Any] = {}
        self._before: dict[Hashable, Any] = {}

    def keep(self, active: bool) -> None:
        """Start keeping results (live preview), or stop and forget them all."""
        self.active = active
        if not active:
            self._now, self._before = {}, {}

    def next_rebuild(self) -> None:
        """A rebuild starts: what the one before last used and the last did not is dropped."""
        self._before, self._now = self._now, {}

    def get(self, key: Hashable) -> Any:
        """The kept result, or ``MISSING``."""
        if key in self._now:
            return self._now[key]
        value = self._before.pop(key, MISSING)
        if value is not MISSING:
            self._now[key] = value
        return value

    def put(self, key: Hashable, value: Any) -> None:
        if self.active:
            self._now[key] = value

    def call(self, function: Callable[..., T], obj: Any, *args: Hashable) -> T:
        """``function(obj, *args)``, kept while ``obj`` (a frozen model object, or one made
        only from such objects and never changed) is the same object and ``args`` are equal."""
        if not self.active:
            return function(obj, *args)
        key = (function, id(obj), *args)
        found = self.get(key)
        # The entry holds the object, so its id cannot be reused by another while it is kept.
        if found is not MISSING and found[0] is obj:
            return found[1]  # type: ignore[no-any-return]
        value = function(obj, *args)
        self.put(key, (obj, value))
        return value

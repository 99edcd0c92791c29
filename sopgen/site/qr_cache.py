"""The QR codes of the last builds, kept in the user's cache folder: making one costs
milliseconds, and a manual's short addresses rarely change between builds."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from sopgen.render import qr

VERSION = 2  # of the drawings (2: fixed mask, stroked runs); segno's version is kept too


def _path() -> Path:
    from sopgen.validate.cache import user_cache_home

    return user_cache_home() / "qr-codes.json"


def _segno_version() -> str:
    from importlib.metadata import version

    return version("segno")


def load() -> int:
    """Give the renderer the codes kept before; how many were read."""
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    if not isinstance(data, dict) or data.get("version") != [VERSION, _segno_version()]:
        return 0
    codes = data.get("codes")
    if not isinstance(codes, dict):
        return 0
    qr.remember(codes)  # checks every drawing: the file is outside the repository, not trusted
    return len(codes)


PARALLEL_MIN = 40  # below this, forking costs more than it saves


def fill(urls: list[str], parallel: bool) -> None:
    """Make the codes not known yet, on every core when there are many (a first build of a
    big manual: each takes milliseconds); before the page workers fork, so they have them."""
    known = qr.drawings()
    missing = sorted({url for url in urls if url not in known})
    if parallel and len(missing) >= PARALLEL_MIN and (os.cpu_count() or 1) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from sopgen.validate.filecheck import start_worker

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork on this system: made one by one as the pages ask
            return
        workers = os.cpu_count() or 1
        chunk = max(1, len(missing) // (workers * 4))
        with ProcessPoolExecutor(workers, context, start_worker) as pool:
            drawn = pool.map(qr.make_drawing, missing, chunksize=chunk)
            made = dict(zip(missing, drawn, strict=True))
        qr.remember(made)


def save(known: int) -> None:
    """Keep this process's codes when there are new ones (written whole, then renamed)."""
    codes = dict(qr.drawings())
    if len(codes) <= known:
        return
    path = _path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = {"version": [VERSION, _segno_version()], "codes": dict(sorted(codes.items()))}
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".qr-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        pass  # no cache: the codes are made again next time

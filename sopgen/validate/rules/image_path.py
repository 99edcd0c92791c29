"""image-path: an image path stays inside the manual folder and the file exists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "image-path"


def check(sources: Sources) -> Iterator[Problem]:
    """A step's `image.src` is a relative path inside the procedures folder, and the file exists.

    Paths are relative to the procedures folder (`images/reader.png` is
    `procedures/images/reader.png`). Absolute paths, `..` and web addresses are refused: the site
    must work offline and must not publish files from outside the manual. Fix: copy the image into
    the procedures folder (for example `procedures/images/`) and use its relative path.
    """
    root = sources.manual_dir.resolve()
    for document in sources.procedures:
        for where, step, _ in sources.steps(document.data):
            if "image" not in step:
                continue
            src: str = step["image"]["src"]
            at = (*where, "image", "src")
            pure = PurePosixPath(src)
            if "://" in src or src.startswith(("data:", "/", "\\")) or ".." in pure.parts:
                yield document.problem(
                    at,
                    ID,
                    f"Image `{src}` must be a relative path inside the procedures folder "
                    "(like images/reader.png).",
                )
                continue
            target = (root / pure).resolve()
            if not target.is_relative_to(root):
                yield document.problem(at, ID, f"Image `{src}` points outside the manual folder.")
            elif not target.is_file():
                yield document.problem(
                    at,
                    ID,
                    f"Image `{src}` does not exist (looked for "
                    f"{sources.manual_dir.joinpath(pure).as_posix()}).",
                )

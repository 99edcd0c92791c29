"""image-path: an image path stays inside the manual folder and the file exists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from sopgen.problems import Problem
from sopgen.validate.rules import Sources

ID = "image-path"
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})
MAX_SVG_BYTES = 5_000_000
# url(...) or @import that reaches past the drawing itself (url(#gradient) stays inside).
_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


def check(sources: Sources) -> Iterator[Problem]:
    """A step's `image.src` is an image inside the procedures folder, and the file exists.

    Paths are relative to the procedures folder (`images/reader.png` is
    `procedures/images/reader.png`). Absolute paths, `..` and web addresses are refused: the site
    must work offline and must not publish files from outside the manual. Fix: copy the image into
    the procedures folder (for example `procedures/images/`) and use its relative path.

    Only images are published: the file must be a PNG, JPEG, GIF, WebP, AVIF or SVG (a `.md`
    or `.html` file named here is refused). An SVG may not hold scripts, event handlers
    (`onload=`), `foreignObject` or references to other files or addresses, any of which could
    run script or reach the network when the image is opened.
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
            if pure.suffix.lower() not in IMAGE_SUFFIXES:
                yield document.problem(
                    at,
                    ID,
                    f"`{src}` is not an image: name a {', '.join(sorted(IMAGE_SUFFIXES))} file "
                    "(other files are never published from here).",
                )
                continue
            try:
                target = (root / pure).resolve()
            except RuntimeError:  # a loop of links
                target = root / "\0loop"
            if not target.is_relative_to(root):
                yield document.problem(at, ID, f"Image `{src}` points outside the manual folder.")
            elif not target.is_file():
                yield document.problem(
                    at,
                    ID,
                    f"Image `{src}` does not exist (looked for "
                    f"{sources.manual_dir.joinpath(pure).as_posix()}).",
                )
            elif pure.suffix.lower() == ".svg":
                reason = svg_danger(target)
                if reason:
                    yield document.problem(
                        at,
                        ID,
                        f"The SVG image `{src}` {reason}: an SVG is published only without "
                        "scripts, event handlers, foreignObject or references to other files; "
                        "export it again as a plain drawing, or use a PNG.",
                    )


def svg_danger(path: Path) -> str | None:
    """What makes an SVG unsafe to publish (it can run script when opened on its own), or None.

    The file is refused, not cleaned: a drawing needs none of these, and a refusal says what
    to fix where a silently changed drawing would not.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if len(raw) > MAX_SVG_BYTES:
        return f"is larger than {MAX_SVG_BYTES // 1_000_000} MB"
    if b"<!ENTITY" in raw or b"<!DOCTYPE" in raw:
        return "declares a DOCTYPE or entities"
    try:
        tree = ElementTree.fromstring(raw)
    except ElementTree.ParseError:
        return "is not well-formed XML"
    for element in tree.iter():
        name = _local(element.tag)
        if name.lower() in ("script", "foreignobject", "iframe", "embed", "object"):
            return f"contains a <{name}> element"
        for attribute, value in element.attrib.items():
            key = _local(attribute).lower()
            if key.startswith("on"):
                return f"has an event handler ({key})"
            if key in ("href", "src") and not value.strip().startswith("#"):
                return f"refers to another file or address ({value.strip()[:60]})"
            if _OUTSIDE_URL.search(value):
                return "refers to another file or address in a style"
        if name.lower() == "style" and element.text and _OUTSIDE_URL.search(element.text):
            return "refers to another file or address in a style"
    return None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]

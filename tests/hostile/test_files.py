"""Classes 2 and 5: only images are published, every file read is inside the manual, and
writes stay where they belong — through the real CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitekit import TODAY, sopgen

from hostile.hostile_kit import PROCEDURE, edit

IMAGE_STEP = "    minutes: 2\n"
SVGS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "handler": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><path d="M0 0"/></svg>',
    "foreignObject": (
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>'
    ),
    "outside reference": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="https://evil.example/t.png"/></svg>'
    ),
    "style url": (
        '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(//evil.example/x.css);'
        "</style></svg>"
    ),
    "entities": '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"/>',
}


def with_image(manual: Path, src: str) -> None:
    edit(manual, PROCEDURE, IMAGE_STEP, f"{IMAGE_STEP}    image: {{src: {src}, alt: A}}\n")


@pytest.mark.parametrize("name", ["notes.md", "page.html", "data.yaml", "run.js"])
def test_only_images_are_named_as_images(manual: Path, name: str) -> None:
    (manual / "procedures" / "images").mkdir()
    (manual / "procedures" / "images" / name).write_text("# not an image", "utf-8")
    with_image(manual, f"images/{name}")
    done = sopgen("validate", cwd=manual)
    assert done.returncode == 1
    assert f"{PROCEDURE}:27:18: error: `images/{name}` is not an image" in done.stderr


@pytest.mark.parametrize("kind", SVGS)
def test_an_svg_that_could_run_script_is_refused(manual: Path, kind: str) -> None:
    (manual / "procedures" / "images").mkdir()
    (manual / "procedures" / "images" / "a.svg").write_text(SVGS[kind], "utf-8")
    with_image(manual, "images/a.svg")
    done = sopgen("validate", cwd=manual)
    assert done.returncode == 1, done.stderr
    assert f"{PROCEDURE}:27:18: error: The SVG image `images/a.svg`" in done.stderr


def test_a_plain_svg_is_published(manual: Path) -> None:
    (manual / "procedures" / "images").mkdir()
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>'
    svg += '<rect fill="url(#g)" width="4" height="4"/><use href="#g"/></svg>'
    (manual / "procedures" / "images" / "a.svg").write_text(svg, "utf-8")
    with_image(manual, "images/a.svg")
    assert sopgen("validate", cwd=manual).returncode == 0


LINKS = {
    "outside the manual": "/etc/hostname",
    "a device": "/dev/zero",
    "a loop": "OPS-003-loop.yaml",
}


@pytest.mark.parametrize("case", LINKS)
def test_a_procedure_link_outside_or_to_a_device_is_a_problem(manual: Path, case: str) -> None:
    folder = manual / "procedures" / "operations"
    os.symlink(LINKS[case], folder / "OPS-002-link.yaml")
    if case == "a loop":
        os.symlink("OPS-002-link.yaml", folder / "OPS-003-loop.yaml")
    done = sopgen("validate", cwd=manual)  # /dev/zero read to the end would never return
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "procedures/operations/OPS-002-link.yaml:0:0: error: Cannot read the file" in (
        done.stderr
    )


def test_manual_yaml_linked_outside_is_not_read(manual: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((manual / "procedures" / "manual.yaml").read_text("utf-8"), "utf-8")
    (manual / "procedures" / "manual.yaml").unlink()
    os.symlink(outside, manual / "procedures" / "manual.yaml")
    done = sopgen("validate", cwd=manual)
    assert done.returncode == 1 and "outside the manual folder" in done.stderr


def test_an_image_linked_to_a_device_is_a_problem(manual: Path) -> None:
    (manual / "procedures" / "images").mkdir()
    os.symlink("/dev/zero", manual / "procedures" / "images" / "a.png")
    with_image(manual, "images/a.png")
    done = sopgen("validate", cwd=manual)
    assert done.returncode == 1 and f"{PROCEDURE}:27:18: error" in done.stderr


@pytest.mark.parametrize("site_dir", ["procedures", ".", "..", ".git", "docs", "schemas/.."])
def test_site_dir_never_replaces_the_manual_or_the_repository(manual: Path, site_dir: str) -> None:
    (manual / ".git").mkdir()
    (manual / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")

    def files() -> list[str]:  # the validate cache aside, which validation writes first
        return sorted(
            p.relative_to(manual).as_posix()
            for p in manual.rglob("*")
            if ".sopgen-cache" not in p.parts
        )

    before = files()
    done = sopgen("build", "--site-dir", site_dir, "--today", TODAY, cwd=manual)
    assert done.returncode == 2, done.stderr
    assert files() == before


def test_plain_mkdocs_build_refuses_a_site_dir_over_the_manual(manual: Path) -> None:
    from sitekit import run

    edit(manual, "mkdocs.yml", "theme:", "site_dir: procedures\ntheme:")
    done = run("mkdocs", "build", cwd=manual)
    assert done.returncode == 1
    assert (manual / PROCEDURE).is_file()


def test_leftover_build_folders_are_removed_and_ignored(manual: Path) -> None:
    # A build killed before its end left these (their process, 999999999, is gone).
    for kind in ("building", "old"):
        leftover = manual / f".site.{kind}-999999999-abcd"
        leftover.mkdir()
        (leftover / "index.html").write_text("stale", "utf-8")
    done = sopgen("build", "--today", TODAY, cwd=manual)
    assert done.returncode == 0, done.stderr
    assert not list(manual.glob(".site.*"))
    ignored = (manual / ".gitignore").read_text("utf-8")
    assert "/.site.building-*/" in ignored and "/.site.old-*/" in ignored


def test_new_never_writes_outside_the_manual(manual: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (manual / "procedures" / "operations").rename(manual / "procedures" / "moved")
    os.symlink(outside, manual / "procedures" / "operations")
    done = sopgen("new", "Clean up", "--category", "operations", cwd=manual)
    assert done.returncode == 1 and "Nothing was written" in done.stderr
    assert not list(outside.iterdir())
    edit(manual, "procedures/manual.yaml", "  - id: operations", "  - id: ../../escape")
    done = sopgen("new", "Clean up", "--category", "../../escape", cwd=manual)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    assert not (tmp_path / "escape").exists()


def test_init_writes_nothing_unless_it_can_write_everything(tmp_path: Path) -> None:
    target = tmp_path / "new"
    (target / ".github").mkdir(parents=True)
    (target / ".github" / "workflows").write_text("a file where a folder goes", "utf-8")
    done = sopgen("init", target)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    left = sorted(p.relative_to(target).as_posix() for p in target.rglob("*"))
    assert left == [".github", ".github/workflows"]

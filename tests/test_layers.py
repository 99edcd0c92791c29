"""The package's layers hold: each pipeline stage imports only the stages below it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_import_contracts_are_kept() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    done = subprocess.run(
        [lint_imports], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def _python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def test_private_names_of_mkdocs_material_and_markdown_only_in_site_fast() -> None:
    """Outside sopgen/site/fast (used only with the versions it was tested with), sopgen uses
    the public APIs: no `_private` attribute of another object, no private import, no
    override of a name-mangled method; and no module replaces the preview's server parts."""
    import ast

    fast = ROOT / "sopgen" / "site" / "fast"
    allowed = {"os._exit"}  # documented public, despite its name
    found: list[str] = []
    for path in _python_files(ROOT / "sopgen"):
        if fast in path.parents:
            continue
        where = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                text = ast.unparse(node)
                dunder = node.attr.startswith("__") and node.attr.endswith("__")
                own = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
                if not (dunder or own or text in allowed):
                    found.append(f"{where}:{node.lineno}: {text}")
            elif isinstance(node, ast.ImportFrom) and node.module:
                top = node.module.split(".")[0]
                private = [a.name for a in node.names if a.name.startswith("_")]
                private += [p for p in node.module.split(".") if p.startswith("_")]
                if top in ("mkdocs", "material", "markdown", "pymdownx") and private:
                    found.append(f"{where}:{node.lineno}: from {node.module} import {private}")
            elif isinstance(node, ast.FunctionDef) and _name_mangled(node.name):
                found.append(f"{where}:{node.lineno}: def {node.name}")
    assert found == []
    # The check itself finds what it looks for: the guarded module has such names.
    inline = (fast / "markdown_inline.py").read_text("utf-8")
    assert "_InlineProcessor__handleInline" in inline


def _name_mangled(name: str) -> bool:
    """``_Class__method``: a class's private method, as another class overrides it."""
    return name.startswith("_") and not name.endswith("__") and "__" in name.strip("_")


def test_the_preview_is_mkdocs_own_serve() -> None:
    source = (ROOT / "sopgen" / "site" / "preview.py").read_text("utf-8")
    assert "from mkdocs.commands.serve import serve" in source
    for swapped in ("server.observer", "error_handler", "utime", "dirty"):
        assert swapped not in source


def test_at_most_ten_modules_at_the_top_of_the_package() -> None:
    top = sorted(p.name for p in (ROOT / "sopgen").iterdir() if p.suffix == ".py")
    assert len(top) <= 10, top
    # Every folder of the package is a package (no stray empty folder).
    for folder in (ROOT / "sopgen").rglob("*"):
        if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py")):
            assert (folder / "__init__.py").is_file(), folder

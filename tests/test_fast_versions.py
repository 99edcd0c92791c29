"""sopgen.site.fast is used only with the MkDocs and Material versions it was tested with."""

from __future__ import annotations

from sopgen.site.fast import notice, untested


def test_the_installed_versions_are_the_tested_ones() -> None:
    # CI installs what pyproject.toml allows: a new release outside the range fails here first.
    assert untested() is None


def test_versions_outside_the_range_are_named() -> None:
    tested = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2", "markdown": "3.11.3"}
    assert untested(tested) is None
    assert untested({**tested, "mkdocs": "1.7.0"}) == "mkdocs 1.7.0"
    assert untested({**tested, "mkdocs": "1.5.3"}) == "mkdocs 1.5.3"
    assert untested({**tested, "mkdocs-material": "9.9.0b1"}) == "mkdocs-material 9.9.0b1"
    assert untested({**tested, "markdown": "4.0"}) == "markdown 4.0"
    assert untested({"mkdocs": "1.6.1"}) == "mkdocs-material not installed"


def test_the_notice_is_one_line_naming_the_range() -> None:
    line = notice("mkdocs-material 10.0.0")
    assert "\n" not in line
    assert line.startswith("sopgen: mkdocs-material 10.0.0 is outside")
    assert "MkDocs >=1.6,<1.7, Material >=9.8,<9.9, Python-Markdown >=3.11,<3.12" in line
    assert "plain MkDocs way" in line

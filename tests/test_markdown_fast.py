"""The inline shortcut gives exactly the HTML Python-Markdown gives without it."""

from __future__ import annotations

from datetime import date

import markdown
import pytest
from conftest import REPO

from sopgen.render import RenderOptions, render_site
from sopgen.render.options import MARKDOWN_EXTENSIONS
from sopgen.site.fast.markdown_inline import _FastInlineProcessor
from sopgen.site.settings import FAST_INLINE
from sopgen.validate.pipeline import validate

CONTRACT = list(MARKDOWN_EXTENSIONS)
SETTINGS = {name: cfg for name, cfg in MARKDOWN_EXTENSIONS.items() if cfg}

TRICKY = [
    "plain words only",
    "a line that ends in two spaces  \nthen more",
    "**bold** and *em* and _under_ and `code` and \\*escaped\\*",
    "[a link](x.md) ![img](a.png) <https://example.org> <a@b.org> &amp; &copy;",
    '<span class="x">raw</span> text\n\n<div markdown>\ninner *em* plain\n</div>',
    "*[HTML]: Hyper Text Markup Language\n\nHTML in plain text, and **HTML** in bold",
    "Term\n:   definition with [link](y.md)\n\n| a | b |\n| --- | --- |\n| plain | *em* |",
    '!!! note "Title"\n    plain body\n\n??? tip "More"\n    `code` body',
    "# Heading {#h}\n\nplain paragraph\n{.cls}",
]


def _convert(text: str, extra: list[str]) -> str:
    return markdown.Markdown(extensions=CONTRACT + extra, extension_configs=SETTINGS).convert(text)


@pytest.mark.parametrize("text", TRICKY)
def test_same_html_as_without_the_shortcut(text: str) -> None:
    assert _convert(text, [FAST_INLINE]) == _convert(text, [])


def test_same_html_on_every_page_of_the_example_manual() -> None:
    result = validate(REPO / "procedures", today=date(2026, 12, 1))
    assert result.manual is not None
    options = RenderOptions(today=date(2026, 12, 1))
    pages = list(render_site(result.manual, options))
    assert len(pages) > 20
    for page in pages:
        assert _convert(page.markdown, [FAST_INLINE]) == _convert(page.markdown, []), page.path


def test_the_shortcut_is_installed_and_taken() -> None:
    md = markdown.Markdown(extensions=[*CONTRACT, FAST_INLINE], extension_configs=SETTINGS)
    inline = md.treeprocessors["inline"]
    assert isinstance(inline, _FastInlineProcessor)
    md.convert("plain words")
    assert inline._plain is not None and inline._plain.match("plain words")
    assert not inline._plain.match("has *em*")


def test_an_unknown_inline_pattern_turns_the_shortcut_off() -> None:
    # smarty adds patterns for quotes and dashes: text without any of our start characters
    # must still go through them.
    text = 'plain "quoted" words -- and more...'
    fast = markdown.Markdown(extensions=[*CONTRACT, "smarty", FAST_INLINE]).convert(text)
    slow = markdown.Markdown(extensions=[*CONTRACT, "smarty"]).convert(text)
    assert fast == slow
    assert "&ldquo;" in fast

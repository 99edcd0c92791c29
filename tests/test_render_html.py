"""The HTML building blocks agree with MkDocs on URLs and with the toc extension on headings."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.structure.files import File

from sopgen.render.html import attr, heading, href, table, text, url_of

PAGES = [
    "index.md",
    "glossary.md",
    "procedures/index.md",
    "procedures/kitchen/index.md",
    "procedures/kitchen/KT-001.md",
    "procedures/kitchen/KT-002.md",
    "roles/shift-lead.md",
    "reference/fields.md",
    "procedures/kitchen/questions.md",
    "procedures/roles/shift-lead/kitchen.md",
]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_urls_and_links_are_the_ones_mkdocs_makes(directory_urls: bool) -> None:
    files = {path: File(path, "/docs", "/site", directory_urls) for path in PAGES}
    for source, from_file in files.items():
        assert url_of(source, directory_urls) == from_file.url
        for target, to_file in files.items():
            expected = to_file.url_relative_to(from_file)
            assert href(source, target, directory_urls=directory_urls) == expected, (source, target)


def test_anchor_links_on_the_same_page_and_to_others() -> None:
    assert href("glossary.md", "glossary.md", "term-ice") == "#term-ice"
    assert href("roles/a.md", "procedures/k/K-1.md", "step-2") == "../../procedures/k/K-1/#step-2"
    assert href("roles/a.md", "procedures/k/K-1.md", 'x"><script>') == (
        "../../procedures/k/K-1/#x&quot;&gt;&lt;script&gt;"
    )


def test_heading_is_what_the_toc_extension_writes() -> None:
    made = markdown.markdown(
        "## Why it matters {#why}",
        extensions=["attr_list", "toc"],
        extension_configs={"toc": {"permalink": True}},
    )
    # Python-Markdown writes the pilcrow as &para;: the same character in the page.
    assert heading(2, "Why it matters", "why") == made.replace("&para;", "¶")


def test_yaml_text_is_escaped() -> None:
    assert text('<b>Fish & chips</b>\n"hot"') == '&lt;b&gt;Fish &amp; chips&lt;/b&gt; "hot"'
    assert attr('say "hi" <now>') == "say &quot;hi&quot; &lt;now&gt;"


def test_table_is_the_pipe_table_python_markdown_makes() -> None:
    from sopgen.render import tables

    columns, rows = ["ID", "Value"], [["A-1", "<em>x</em>"], ["A-2", ""]]
    for stack in (False, True):
        source = tables.table(columns, rows, "specs", stack=stack)
        made = markdown.markdown(source, extensions=["tables", "md_in_html"])
        assert table(columns, rows, "specs", stack=stack) == made.replace("\n", "")

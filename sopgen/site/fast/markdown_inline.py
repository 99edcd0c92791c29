"""A Markdown extension that skips inline parsing of text no inline pattern can match.

Python-Markdown tries every inline pattern (links, emphasis, code, HTML, ...) on every piece of
text in the page, one regular expression after another. Most text of a generated page (step
texts, table cells, the whitespace between elements) holds none of the characters that any of
those patterns starts with; such text comes out of the patterns unchanged, so it is returned as
it is. The shortcut is taken only while every registered pattern is one whose start characters
are known here: an extension that adds another pattern turns it off, and the output stays the
same as without this extension.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import DelimiterProcessor
from markdown.treeprocessors import InlineProcessor

# Each known pattern and the characters one of its matches must contain. `linebreak` (two
# spaces before a line break) is checked separately; placeholders (\x02...\x03) always go
# through the patterns.
_KNOWN: dict[str, str] = {
    "backtick": "`",
    "escape": "\\",
    "reference": "[",
    "link": "[",
    "image_link": "[",
    "image_reference": "[",
    "short_reference": "[",
    "short_image_ref": "[",
    "autolink": "<",
    "automail": "<",
    "linebreak": "",
    "html": "<",
    "entity": "&",
}


class _FastInlineProcessor(InlineProcessor):  # type: ignore[misc]
    """Python-Markdown's inline processor, returning plain text without trying every pattern."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        self._plain: re.Pattern[str] | None = None
        starts: set[str] = set()
        for name in [item.name for item in self.inlinePatterns._priority]:
            pattern = self.inlinePatterns[name]
            if type(pattern) is DelimiterProcessor:  # emphasis: its tokens (* and _)
                starts.update("".join(pattern.tokens))
            elif name in _KNOWN and type(pattern).__module__ == "markdown.inlinepatterns":
                starts.update(_KNOWN[name])
            else:  # a pattern added or replaced by another extension: no shortcut
                return super().run(tree, ancestors)
        if starts:
            starts_class = re.escape("".join(sorted(starts)))
            # Text is plain when it holds none of the start characters, no placeholder and
            # no two spaces before a line break.
            self._plain = re.compile(rf"[^{starts_class}\x02\x03]*\Z")
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        plain = self._plain
        if plain is not None and plain.match(data) and "  \n" not in data:
            return data
        handle = InlineProcessor._InlineProcessor__handleInline
        return str(handle(self, data, patternIndex))


class FastInlineExtension(Extension):  # type: ignore[misc]
    """Replaces the inline processor with one that returns plain text at once."""

    def extendMarkdown(self, md: Markdown) -> None:
        inline = md.treeprocessors["inline"]
        if type(inline) is InlineProcessor:
            md.treeprocessors.register(_FastInlineProcessor(md), "inline", 20)


def makeExtension(**kwargs: Any) -> FastInlineExtension:
    """The entry point Python-Markdown calls for the name ``sopgen.site.fast.markdown_inline``."""
    return FastInlineExtension(**kwargs)

"""The adapter's second wall: generated page HTML reduced to the allowlist (nh3)."""

from __future__ import annotations

import pytest

from sopgen.sanitize import sanitize_html

KEPT = [
    '<div class="sop-step sop-depth-1" id="step-listen"><p>Do it.</p></div>',
    '<a class="sop-num" href="#step-listen" title="Step 1">1</a>',
    '<a href="../../../roles/support-lead/">Support lead</a>',
    '<a href="https://example.com/m.pdf">Manual</a>',
    '<a href="mailto:ops@example.org">Mail</a>',
    '<a href="tel:+441234">Call</a>',
    '<img alt="The pairing button" src="../images/reader.png">',
    '<abbr title="Return merchandise authorisation number.">RMA</abbr>',
    '<details class="note" open=""><summary>Note</summary><p>x</p></details>',
    '<div class="admonition warning"><p class="admonition-title">Warning</p></div>',
    '<h2 id="steps">Steps<a class="headerlink" href="#steps" title="Permanent link">¶</a></h2>',
    '<input type="checkbox" disabled="">',
    "<table><thead><tr><th>ID</th></tr></thead><tbody><tr><td>CS-001</td></tr></tbody></table>",
    '<span class="sop-tick" aria-hidden="true"></span>',
]


@pytest.mark.parametrize("html", KEPT)
def test_what_the_renderer_emits_survives(html: str) -> None:
    assert sanitize_html(html) == html


DROPPED = {
    "<p>a<script>alert(1)</script>b</p>": "<p>ab</p>",
    '<a href="javascript:alert(1)">x</a>': "<a>x</a>",
    '<a href=" JaVaScRiPt:alert(1)">x</a>': "<a>x</a>",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>': "<a>x</a>",
    '<img src="x" onerror="alert(1)">': '<img src="x">',
    '<p onclick="alert(1)" class="sop-x">t</p>': '<p class="sop-x">t</p>',
    "<p>a<!-- material/tags -->b</p>": "<p>ab</p>",
    '<iframe src="https://evil.example/"></iframe>': "",
    '<div class="mermaid">graph TD</div>': "<div>graph TD</div>",
    '<div id="__search">x</div>': "<div>x</div>",
    '<input type="text" value="x">': "<input>",
    "<style>body{display:none}</style><p>t</p>": "<p>t</p>",
    '<p style="background:url(https://evil.example/t.png)">t</p>': "<p>t</p>",
    '<form action="https://evil.example/"><button>Go</button></form>': "Go",
}


@pytest.mark.parametrize(("html", "expected"), DROPPED.items())
def test_script_links_and_network_hooks_are_dropped(html: str, expected: str) -> None:
    assert sanitize_html(html) == expected

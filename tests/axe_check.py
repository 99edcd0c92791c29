"""The accessibility check every browser test shares: axe-core's serious and critical findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

RULES = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']"


def serious_violations(page: Any, axe: Path) -> list[str]:
    """axe's serious and critical violations on the page as it is once settled.

    The theme fades colours in (a link's colour takes 125 ms to change when the colour scheme
    is applied at load): axe reads computed colours, so a check started mid-transition sees a
    colour that is never shown and reports a contrast that is not there. Wait for every
    animation and transition to end first, with no pointer hovering anything."""
    page.mouse.move(0, 0)
    page.wait_for_function(
        "document.getAnimations().every(animation => animation.playState !== 'running')"
    )
    page.add_script_tag(path=str(axe))
    results = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {RULES}}}}})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]

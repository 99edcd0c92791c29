"""The one list of every rule sopgen reports, each with its documentation.

The rules reference page (``render/reference.py``) is generated from this list, and the tests
check that every rule id the code reports is in it. A rule's text lives with its check: a
cross-file rule's in its module (``ID``, ``check`` docstring), a reading rule's in the
loader's ``READING_RULES``; the two rules of the site build are documented here.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from sopgen.problems import Severity
from sopgen.validate.loader import READING_RULES
from sopgen.validate.pipeline import MANUAL_MISSING_DOC, MANUAL_MISSING_RULE
from sopgen.validate.rules import all_rules
from sopgen.validate.schema import SCHEMA_RULE, SCHEMA_RULE_DOC

# Reported by the site build (the MkDocs plugin), which validates nothing else itself.
LINK_RULE = "link"
LANGUAGE_RULE = "language"
_SITE_RULES = (
    (
        LINK_RULE,
        Severity.WARNING,
        "Every relative link in a procedure's text reaches a file of the site.",
        "A link in a procedure (`[text](../other/page.md)`) leads to no page or file of the "
        "site. MkDocs checks links only in the Markdown it converts and procedure pages are "
        "made as HTML, so sopgen checks them: the message names the file the link would reach "
        "(`docs/...`). Fix the path, relative to the procedure's page, or link to another "
        "procedure by its id in a step's `see:`. `--strict` fails on it.",
    ),
    (
        LANGUAGE_RULE,
        Severity.ERROR,
        "The site's theme has the manual's language.",
        "`language` in manual.yaml names a language the site's theme has no translation for. "
        "Use one it has, such as `en`, `de`, `fr`, `es`, `pt-BR` or `ar` (a longer tag such as "
        "`en-US` falls back to `en`). The live preview shows the site in English meanwhile.",
    ),
)


@dataclass(frozen=True)
class RuleDoc:
    """One rule: its id, severity, what it checks (one line) and what to do about it."""

    id: str
    severity: str
    checks: str
    explanation: str


def every_rule() -> list[RuleDoc]:
    """Every rule, in the order the rules reference explains them."""
    entries = [
        RuleDoc(rule_id, Severity.ERROR.value, checks, text)
        for rule_id, (checks, text) in READING_RULES.items()
    ]
    schema_checks = "Every field is known, required fields are present, each value has its form."
    entries.append(RuleDoc(SCHEMA_RULE, Severity.ERROR.value, schema_checks, SCHEMA_RULE_DOC))
    entries.append(
        RuleDoc(
            MANUAL_MISSING_RULE,
            Severity.ERROR.value,
            "The manual folder has a `manual.yaml`.",
            MANUAL_MISSING_DOC,
        )
    )
    for module in all_rules():
        summary = (module.__doc__ or "").split(":", 1)[-1].strip()
        summary = summary[:1].upper() + summary[1:]
        explanation = inspect.cleandoc(module.check.__doc__ or "")
        severity = getattr(module, "SEVERITY", Severity.ERROR).value
        entries.append(RuleDoc(module.ID, severity, summary, explanation))
    entries += [
        RuleDoc(i, severity.value, checks, text) for i, severity, checks, text in _SITE_RULES
    ]
    return entries

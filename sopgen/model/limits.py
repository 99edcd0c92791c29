"""The numbers in a spec or a metric, read from their words: the range a reading must stay in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sopgen.model import Metric, Procedure, Spec, Step

# A number as people write it: "41", "−18" (a minus sign), "2.5", "2,5", "$200.00".
_NUMBER = r"[-−]?\d+(?:[.,٫]\d+)?"  # \d: Arabic-Indic digits too; ٫ the Arabic point
# The value: an optional currency sign, a number, an optional second number of a range
# ("6–10 °F"), then the unit: the next word ("°F", "g", "minutes", "%").
_VALUE = re.compile(
    rf"^\s*(?P<currency>[$€£¥])?\s*(?P<low>{_NUMBER})"
    rf"(?:\s*(?:[–—-]|to)\s*[$€£¥]?(?P<high>{_NUMBER}))?"
    r"\s*(?P<unit>°\s?[CF]|%|[^\s\d(),.;:]+)?",
    re.IGNORECASE,
)
_PLUS_MINUS = re.compile(rf"±\s*[$€£¥]?\s*(?P<delta>{_NUMBER})")
_AT_MOST = re.compile(r"\b(or below|or less|or under|at most|or fewer|never more|up to)\b", re.I)
_AT_LEAST = re.compile(r"\b(or above|or more|or over|at least|never less)\b", re.I)
_EXACTLY = re.compile(r"\bexactly\b", re.I)
# A metric's investigate_when starts with its threshold: "More than $5.00 in one count".
_THRESHOLD = rf"\s+(?P<rest>[$€£¥]?\s*{_NUMBER}.*)"
_OVER = re.compile(rf"^\s*(more than|over|above|greater than){_THRESHOLD}", re.I)
_UNDER = re.compile(rf"^\s*(less than|under|below|fewer than){_THRESHOLD}", re.I)
_EITHER_WAY = re.compile(r"\b(over or short|either way|or short)\b", re.I)


@dataclass(frozen=True)
class Limit:
    """What a reading at a step is compared with.

    ``low``/``high`` bound the good range, both included (None: unbounded): "41 °F or below"
    accepts 41, and a metric's "More than 5" accepts 5. ``absolute`` compares the size of the
    reading ("$5 over or short").
    """

    name: str  # the spec's item or the metric's name
    kind: str  # "spec" or "metric"
    text: str  # the words it was read from, for messages: "41 °F (5 °C) or below"
    unit: str
    low: float | None
    high: float | None
    absolute: bool = False

    @property
    def checks(self) -> bool:
        """Whether there is a number to compare with (some specs are words only)."""
        return self.low is not None or self.high is not None

    def outside(self, reading: float) -> bool:
        """True when the reading is out of spec, or past the metric's investigate_when."""
        value = abs(reading) if self.absolute else reading
        return (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        )


def parse_number(text: str) -> float | None:
    """A typed reading as a number ("39.5", "39,5", "−2", "$4.10"), or None."""
    match = re.fullmatch(rf"\s*[$€£¥]?\s*(?P<n>{_NUMBER})\s*\S*\s*", text)
    return _number(match.group("n")) if match else None


def _number(text: str) -> float:
    return float(text.replace("−", "-").replace(",", ".").replace("٫", "."))


def spec_limit(spec: Spec) -> Limit:
    """The range a spec allows, read from its value and tolerance."""
    words = f"{spec.value} {spec.tolerance}".strip()
    match = _VALUE.match(spec.value)
    if not match:
        return Limit(spec.item, "spec", words, "", None, None)
    unit = _unit(match)
    low = _number(match.group("low"))
    if match.group("high"):
        return Limit(spec.item, "spec", words, unit, low, _number(match.group("high")))
    delta = _PLUS_MINUS.search(spec.tolerance) or _PLUS_MINUS.search(spec.value)
    if delta:
        size = abs(_number(delta.group("delta")))
        return Limit(spec.item, "spec", words, unit, low - size, low + size)
    if _AT_MOST.search(words):
        return Limit(spec.item, "spec", words, unit, None, low)
    if _AT_LEAST.search(words):
        return Limit(spec.item, "spec", words, unit, low, None)
    if _EXACTLY.search(spec.tolerance):
        return Limit(spec.item, "spec", words, unit, low, low)
    return Limit(spec.item, "spec", words, unit, None, None)  # "the goal", "a guide": no check


def metric_limit(metric: Metric) -> Limit:
    """The threshold in a metric's investigate_when ("More than $5.00 …", "Below 75 % …")."""
    words = metric.investigate_when
    absolute = bool(_EITHER_WAY.search(words))
    for pattern, is_over in ((_OVER, True), (_UNDER, False)):
        found = pattern.match(words)
        value = _VALUE.match(found.group("rest")) if found else None
        if value:
            number = _number(value.group("low"))
            low, high = (None, number) if is_over else (number, None)
            return Limit(metric.name, "metric", words, _unit(value), low, high, absolute)
    return Limit(metric.name, "metric", words, "", None, None)


def _unit(match: re.Match[str]) -> str:
    if match.group("currency"):
        return match.group("currency")
    return (match.group("unit") or "").replace(" ", "")


def step_limit(procedure: Procedure, step: Step) -> Limit | None:
    """The spec (first) or metric a step's `measure` names, as a limit; None if it names none."""
    if step.measure is None:
        return None
    return limit_named(procedure, step.measure)


def limit_named(procedure: Procedure, name: str) -> Limit | None:
    """The spec with that item, else the metric with that name, as a limit."""
    for spec in procedure.specs:
        if spec.item == name:
            return spec_limit(spec)
    for metric in procedure.metrics:
        if metric.name == name:
            return metric_limit(metric)
    return None

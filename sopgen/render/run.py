"""What Run mode needs on a procedure page (a JSON block), and the page's Runs section."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from sopgen.model import Manual, Procedure, Run, Step
from sopgen.model.limits import Limit, step_limit
from sopgen.model.runs import (
    RANGE_WORDS,
    limit_text,
    missed_checks,
    readings,
    step_key,
    steps_by_key,
)
from sopgen.render import html as h
from sopgen.render.strings import Strings
from sopgen.render.text import plain

# The words run.js shows, in the page's language (English for a language with no table).
RUN_LABELS = (
    "run_start", "run_intro", "run_initials", "run_begin", "run_done", "run_value",
    "run_record_value", "run_out_of_spec", "run_in_spec", "run_not_number", "run_checker",
    "run_checker_same", "run_answer", "run_skipped", "run_pending", "run_progress",
    "run_finish", "run_missing", "run_download", "run_share", "run_print", "run_discard",
    "run_old_revision", "run_resume", "run_finished", "run_summary", "run_confirm_discard",
    "run_status", "run_step", "run_by", "run_started", "run_ended", "run_new",
)  # fmt: skip
RUNS_SHOWN = 10  # the latest runs listed on a procedure's page


def run_data(procedure: Procedure, t: Strings) -> str:
    """The data Run mode reads, as a JSON script block: never markup, so YAML text in it stays
    text (``<``, ``>`` and ``&`` escaped, so nothing in it can close the script element)."""
    steps = [_step_data(procedure, step, t) for step in procedure.all_steps()]
    data = {
        "procedure": procedure.id,
        "revision": procedure.revision,
        "title": procedure.title,
        "top": [step_key(step) for step in procedure.steps],
        "steps": steps,
    }
    # "labels" sorts first: the same for every page of a language, encoded once.
    payload = f'{{"labels":{_labels(t.language)},{_json(data)[1:]}'
    return f'<script type="application/json" id="sop-run-data">{payload}</script>'


@lru_cache(maxsize=16)
def _labels(language: str) -> str:
    t = Strings(language)
    return _json({key: t(key) for key in RUN_LABELS})


def _json(data: dict[str, Any]) -> str:
    """Compact JSON, keys sorted; ``<``, ``>`` and ``&`` escaped."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _step_data(procedure: Procedure, step: Step, t: Strings) -> dict[str, Any]:
    """A step for run.js: what it shows and asks. A field that would be false, empty or null
    is left out (run.js reads it so): a page carries this for every step."""
    data: dict[str, Any] = {
        "key": step_key(step),
        "anchor": step.anchor,
        "number": step.number,
        "text": plain(step.text, 120),
    }
    if step.id:
        data["id"] = step.id
    if step.is_decision:
        data["decide"] = True
    if step.substeps:
        data["substeps"] = [step_key(s) for s in step.substeps]
    if step.options:
        data["options"] = [
            {"when": o.when, "goto": o.goto, "steps": [step_key(s) for s in o.steps]}
            for o in step.options
        ]
    if step.record is not None:
        data["record"] = True
    if step.verify is not None:
        data["verify"] = True
    limit = step_limit(procedure, step)
    if limit is not None:
        data["measure"] = {
            "name": limit.name,
            "unit": limit.unit,
            "low": limit.low,
            "high": limit.high,
            "absolute": limit.absolute,
            "range": range_text(limit, t),
        }
    return data


def runs_section(procedure: Procedure, manual: Manual, t: Strings) -> tuple[str, str, str] | None:
    """The Runs section (anchor, heading, body): the latest runs with their readings against
    the spec and their checks, or None when the manual has no run of this procedure."""
    runs = manual.runs_of(procedure.id)
    if not runs:
        return None
    rows = [_run_row(procedure, run, t) for run in runs[:RUNS_SHOWN]]
    columns = [
        h.text(t(key)) for key in ("runs_started", "runs_by", "runs_readings", "runs_checks")
    ]
    intro = h.text(t("runs_intro", shown=min(len(runs), RUNS_SHOWN), total=len(runs)))
    table = h.table(columns, rows, "runs", stack=True)
    return "runs", h.text(t("runs")), f"<p>{intro}</p>{table}"


def _run_row(procedure: Procedure, run: Run, t: Strings) -> list[str]:
    current = run.revision == procedure.revision
    started = h.text(run.started.replace("T", " "))
    if not current:
        started += " " + h.text(t("runs_revision", revision=run.revision))
    values = []
    for reading in readings(procedure, run) if current else []:
        unit = reading.entry.unit or reading.limit.unit
        value = h.text(f"{t('step', number=reading.step.number)}: {reading.entry.value} {unit}")
        limit = h.text(range_text(reading.limit, t))
        if reading.outside:
            flag = h.text(t("runs_outside"))
            values.append(f'<strong class="sop-run-outside">⚠ {value} — {flag} ({limit})</strong>')
        else:
            values.append(f"{value} ({limit})")
    checks = []
    steps = steps_by_key(procedure) if current else {}
    for entry in run.entries:
        if entry.checked_by:
            step = steps.get(entry.step)  # "Step 5", as the page numbers it
            name = t("step", number=step.number) if step else entry.step
            checks.append(h.text(t("runs_checked", step=name, by=entry.checked_by)))
    for step in missed_checks(procedure, run) if current and run.finished else []:
        missed = h.text(t("runs_missed", number=step.number))
        checks.append(f'<strong class="sop-run-outside">⚠ {missed}</strong>')
    return [started, h.text(run.by), "<br>".join(values) or "—", "<br>".join(checks) or "—"]


def range_text(limit: Limit, t: Strings) -> str:
    """A spec's good range in the page's language: "at most 41 °F", "como máximo 5 °C"."""
    return limit_text(limit, {name: t(f"range_{name}") for name in RANGE_WORDS})

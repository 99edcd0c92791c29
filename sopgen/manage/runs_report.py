"""Write the run records (`sopgen runs`) as text, Markdown or JSON: runs that need a look first."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date

from sopgen.manage import UnknownOption
from sopgen.manage.markdown_text import literal
from sopgen.model import Manual
from sopgen.model.runs import Reading, RunSummary, limit_text, run_summaries


def _reading(reading: Reading) -> str:
    unit = reading.entry.unit or reading.limit.unit
    value = f"{reading.entry.value} {unit}".rstrip()
    step = f"step {reading.step.number}"
    if reading.outside:
        return f"{step}: {value} OUTSIDE {reading.limit.name} ({limit_text(reading.limit)})"
    return f"{step}: {value} ({limit_text(reading.limit)})"


def _flags(summary: RunSummary) -> list[str]:
    flags = [f"{len(summary.outside)} out of spec"] if summary.outside else []
    if summary.missed_checks:
        numbers = ", ".join(step.number for step in summary.missed_checks)
        flags.append(f"missed check at step {numbers}")
    if summary.procedure is None:
        flags.append("unknown procedure")
    elif summary.run.revision != summary.procedure.revision:
        flags.append(f"revision {summary.run.revision} (now {summary.procedure.revision})")
    if summary.run.finished is None:
        flags.append("not finished")
    return flags


def text_report(summaries: Sequence[RunSummary]) -> str:
    if not summaries:
        return "No runs recorded (run records live in runs/ beside manual.yaml).\n"
    lines = []
    for summary in summaries:
        run = summary.run
        flags = _flags(summary)
        mark = "!" if summary.needs_attention else " "
        lines.append(
            f"{mark} {run.started}  {run.procedure}  by {run.by}"
            + (f"  [{'; '.join(flags)}]" if flags else "")
            + f"  {run.source}"
        )
        lines += [f"    {_reading(reading)}" for reading in summary.readings]
    attention = sum(1 for summary in summaries if summary.needs_attention)
    lines += ["", f"{len(summaries)} runs, {attention} with readings out of spec or missed checks."]
    return "\n".join(lines) + "\n"


def markdown_report(summaries: Sequence[RunSummary]) -> str:
    if not summaries:
        return "No runs recorded.\n"
    lines = ["## Runs", "", "| Started | Procedure | By | Readings | Needs a look |"]
    lines.append("| --- | --- | --- | --- | --- |")
    for summary in summaries:
        run = summary.run
        readings = "<br>".join(literal(_reading(reading)) for reading in summary.readings)
        lines.append(
            f"| {literal(run.started)} | {literal(run.procedure)} | {literal(run.by)} | "
            f"{readings or '—'} | {literal('; '.join(_flags(summary))) or '—'} |"
        )
    return "\n".join(lines) + "\n"


def json_report(summaries: Sequence[RunSummary]) -> str:
    rows = [
        {
            "path": summary.run.source,
            "procedure": summary.run.procedure,
            "revision": summary.run.revision,
            "by": summary.run.by,
            "started": summary.run.started,
            "finished": summary.run.finished,
            "needs_attention": summary.needs_attention,
            "readings": [
                {
                    "step": reading.entry.step,
                    "number": reading.step.number,
                    "value": reading.entry.value,
                    "unit": reading.entry.unit or reading.limit.unit,
                    "measure": reading.limit.name,
                    "range": limit_text(reading.limit),
                    "outside": reading.outside,
                }
                for reading in summary.readings
            ],
            "missed_checks": [step.number for step in summary.missed_checks],
        }
        for summary in summaries
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


RUNS_REPORTERS: dict[str, Callable[[Sequence[RunSummary]], str]] = {
    "text": text_report,
    "markdown": markdown_report,
    "json": json_report,
}


def runs_report(
    manual: Manual, procedure_id: str | None, since: date | None, output_format: str
) -> str:
    """The runs (of one procedure, started on or after ``since``) as ``output_format``;
    UnknownOption for a procedure the manual does not have."""
    procedures = {procedure.id: procedure for procedure in manual.procedures}
    if procedure_id and procedure_id not in procedures:
        raise UnknownOption(f"no procedure {procedure_id!r} in the manual", "--procedure")
    summaries = run_summaries(
        procedures, manual.runs, procedure_id, since.isoformat() if since else None
    )
    return RUNS_REPORTERS[output_format](summaries)

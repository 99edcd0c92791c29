"""Write who is due to sign what (sopgen.model.training) as text, Markdown or JSON, by person."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from sopgen.manage.markdown_text import literal
from sopgen.model.training import PersonTraining, Requirement


def plain(text: str) -> str:
    """Text from YAML on one line (the CLI escapes what a terminal would act on)."""
    return " ".join(text.split())


def _signed(item: Requirement) -> str:
    if item.signed is None:
        return "never signed"
    return f"signed revision {item.signed.revision} on {item.signed.date.isoformat()}"


def text_report(trainings: Sequence[PersonTraining]) -> str:
    if not trainings:
        return "No people to report: add them to people.yaml beside manual.yaml.\n"
    lines: list[str] = []
    for training in trainings:
        person = training.person
        leaver = "" if person.active else ", left"
        lines += [
            f"{plain(person.name)} ({person.id}{leaver}): {len(training.due)} due, "
            f"{len(training.current)} current"
        ]
        for item in training.due:
            procedure = item.procedure
            lines.append(
                f"  due      {procedure.id}  {plain(procedure.title)} — revision "
                f"{procedure.revision}, {_signed(item)}"
            )
            lines += [
                f"             rev {c.revision} ({c.date.isoformat()}"
                f"{', editorial' if c.editorial else ''}): {plain(c.summary)}"
                for c in item.since
            ]
        if training.current:
            ids = ", ".join(item.procedure.id for item in training.current)
            lines.append(f"  current  {ids}")
        lines.append("")
    due = sum(len(t.due) for t in trainings)
    people = sum(1 for t in trainings if t.due)
    lines.append(
        f"{due} sign-off{'s' if due != 1 else ''} due for {people} of {len(trainings)} people."
    )
    return "\n".join(lines) + "\n"


def markdown_report(trainings: Sequence[PersonTraining]) -> str:
    if not trainings:
        return "No people to report.\n"
    lines = ["## Training due"]
    for training in trainings:
        person = training.person
        lines += ["", f"### {literal(person.name)} ({literal(person.id)})", ""]
        if not training.due:
            lines.append("Nothing due.")
        else:
            lines += [
                "| Procedure | Title | Revision | Signed | Changes since |",
                "| --- | --- | --- | --- | --- |",
            ]
            for item in training.due:
                since = "; ".join(
                    f"rev {literal(c.revision)}: {literal(c.summary)}" for c in item.since
                )
                lines.append(
                    f"| {item.procedure.id} | {literal(item.procedure.title)} | "
                    f"{literal(item.procedure.revision)} | {literal(_signed(item))} | {since} |"
                )
        if training.current:
            lines += ["", "Current: " + ", ".join(i.procedure.id for i in training.current)]
    return "\n".join(lines) + "\n"


def json_report(trainings: Sequence[PersonTraining]) -> str:
    people = [
        {
            "id": training.person.id,
            "name": training.person.name,
            "due": [
                {
                    "procedure": item.procedure.id,
                    "revision": item.procedure.revision,
                    "signed_revision": item.signed.revision if item.signed else None,
                    "changes": [
                        {
                            "revision": change.revision,
                            "date": change.date.isoformat(),
                            "summary": change.summary,
                            "editorial": change.editorial,
                        }
                        for change in item.since
                    ],
                }
                for item in training.due
            ],
            "current": [item.procedure.id for item in training.current],
        }
        for training in trainings
    ]
    return json.dumps({"people": people}, indent=2, ensure_ascii=False) + "\n"


TRAINING_REPORTERS: dict[str, Callable[[Sequence[PersonTraining]], str]] = {
    "text": text_report,
    "markdown": markdown_report,
    "json": json_report,
}

"""Write who is due to sign what (sopgen.model.training) as text, Markdown or JSON, by person."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Sequence

from sopgen.manage import UnknownOption
from sopgen.manage.markdown_text import literal
from sopgen.model import Manual
from sopgen.model.training import PersonTraining, Requirement, any_due, people_training


class NoPeople(Exception):
    """The manual has no people.yaml: there is no one to report on (exit 1)."""


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


def training_report(manual: Manual, people: Sequence[str], output_format: str) -> tuple[str, bool]:
    """What ``people`` (everyone when none) are due to sign, as ``output_format``, and
    whether anyone is due; NoPeople without people.yaml, UnknownOption for an unknown id."""
    if not manual.has_people:
        raise NoPeople(
            "no people.yaml beside manual.yaml: list the staff there (id, name, roles) "
            "to track who has signed what."
        )
    known = [person.id for person in manual.people]
    for person in people:
        if person not in known:
            message = f"no person {person!r} in people.yaml{_did_you_mean(person, known)}"
            raise UnknownOption(message, "--person")
    trainings = people_training(manual, people or None)
    return TRAINING_REPORTERS[output_format](trainings), any_due(trainings)


def _did_you_mean(value: str, known: list[str]) -> str:
    guess = difflib.get_close_matches(value, known, n=1)
    return f"; did you mean {guess[0]!r}?" if guess else f"; people: {', '.join(known)}"

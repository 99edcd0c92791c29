"""The Training page: who is due to sign what, by person and by procedure, and the matrix."""

from __future__ import annotations

from functools import partial

from sopgen.model import Manual, Procedure
from sopgen.model.training import (
    PersonTraining,
    Requirement,
    TrainingState,
    people_training,
    training_state,
)
from sopgen.render.html import file_href, table, text
from sopgen.render.links import (
    TRAINING_PAGE,
    is_published,
    procedure_path,
    role_title,
    signoff_sheet_path,
)
from sopgen.render.lists import body_page, html_page, link, paragraph, section
from sopgen.render.options import HtmlBody, Page, RenderOptions, TocEntry
from sopgen.render.strings import Strings

_STATE_CLASS = {
    TrainingState.CURRENT: "sop-training-current",
    TrainingState.DUE: "sop-training-due",
    TrainingState.NOT_REQUIRED: "sop-training-none",
}


def shows_names(manual: Manual) -> bool:
    """Staff names go on the site only when people.yaml exists and manual.yaml allows it."""
    return manual.has_people and manual.publish_names


def training_pages(manual: Manual, options: RenderOptions) -> list[Page]:
    """training.md, when names may be shown."""
    if not shows_names(manual):
        return []
    title = Strings(manual.language)("training")
    return [body_page(TRAINING_PAGE, title, partial(render_training, manual, options))]


def render_training(manual: Manual, options: RenderOptions) -> HtmlBody:
    t = Strings(manual.language)
    trainings = people_training(manual)
    blocks = [paragraph(text(t("training_intro", today=options.today.isoformat())))]
    sections: list[TocEntry] = []
    for anchor, key, part in (
        ("by-person", "training_by_person", _by_person(trainings, manual, options, t)),
        ("by-procedure", "training_by_procedure", _by_procedure(trainings, manual, options, t)),
        ("matrix", "training_matrix", _matrix(trainings, manual, options, t)),
    ):
        h2, entry = section(text(t(key)), t(key), anchor)
        blocks += [h2, part]
        sections.append(entry)
    return html_page(t("training"), blocks, sections)


def _procedure_link(procedure: Procedure, options: RenderOptions, title: bool = True) -> str:
    label = text(f"{procedure.id} {procedure.title}" if title else procedure.id)
    if not is_published(procedure, options):
        return label
    return link(label, TRAINING_PAGE, procedure_path(procedure), options)


def _signed(item: Requirement, t: Strings) -> str:
    if item.signed is None:
        return t("training_never_signed")
    return t("training_signed", revision=item.signed.revision, date=item.signed.date.isoformat())


def _by_person(
    trainings: list[PersonTraining], manual: Manual, options: RenderOptions, t: Strings
) -> str:
    """Each person: their roles, then each procedure due with the revision they signed."""
    parts = []
    for training in trainings:
        person = training.person
        roles = ", ".join(role_title(manual, role) for role in person.roles)
        heading = f"<strong>{text(person.name)}</strong>"
        if roles:
            heading += f" ({text(roles)})"
        if training.due:
            items = "".join(
                f"<li>{_procedure_link(item.procedure, options)}, "
                f"{text(t('revision'))} {text(item.procedure.revision)}: "
                f"{text(_signed(item, t))}</li>"
                for item in training.due
            )
            detail = f"<ul>{items}</ul>"
        else:
            detail = paragraph(text(t("training_nothing_due")))
        parts.append(f'<li class="sop-training-person">{heading}{detail}</li>')
    return f'<ul class="sop-training">{"".join(parts)}</ul>'


def _by_procedure(
    trainings: list[PersonTraining], manual: Manual, options: RenderOptions, t: Strings
) -> str:
    """Each procedure someone is due on, with who is due and a link to its sign-off sheet."""
    due: dict[str, list[str]] = {}
    for training in trainings:
        for item in training.due:
            due.setdefault(item.procedure.id, []).append(training.person.name)
    items = []
    for procedure in manual.procedures:
        names = due.get(procedure.id)
        if not names:
            continue
        sheet = ""
        if is_published(procedure, options):
            target = _sheet_href(procedure, options)
            sheet = f' · <a href="{target}">{text(t("training_sheet"))}</a>'
        who = text(t("training_due_people", names=", ".join(names)))
        items.append(f"<li>{_procedure_link(procedure, options)}{sheet}<br>{who}</li>")
    if not items:
        return paragraph(text(t("training_none_due")))
    return f'<ul class="sop-training">{"".join(items)}</ul>'


def _sheet_href(procedure: Procedure, options: RenderOptions) -> str:
    return file_href(TRAINING_PAGE, signoff_sheet_path(procedure), options.directory_urls)


def _matrix(
    trainings: list[PersonTraining], manual: Manual, options: RenderOptions, t: Strings
) -> str:
    """People across, the procedures anyone must sign down: current, due or not required, in
    words (and a mark), never colour alone."""
    people = [training.person for training in trainings]
    required = {item.procedure.id for tr in trainings for item in (*tr.due, *tr.current)}
    procedures = [p for p in manual.procedures if p.id in required]
    if not people or not procedures:
        return paragraph(text(t("training_none_due")))
    labels = {
        TrainingState.CURRENT: f"✓ {text(t('training_current'))}",
        TrainingState.DUE: f"<strong>! {text(t('training_due'))}</strong>",
        TrainingState.NOT_REQUIRED: text(t("training_not_required")),
    }
    columns = [text(t("procedure")), *(text(person.name) for person in people)]
    rows = []
    for procedure in procedures:
        # The id only: the title is one click away, and a narrow first column leaves the
        # people's columns room on a phone.
        cells = [_procedure_link(procedure, options, title=False)]
        for person in people:
            state = training_state(manual, person, procedure)
            cells.append(f'<span class="{_STATE_CLASS[state]}">{labels[state]}</span>')
        rows.append(cells)
    return table(columns, rows, "training")

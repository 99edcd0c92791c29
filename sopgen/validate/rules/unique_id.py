"""unique-id: no two procedures share an id."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.problems import Problem
from sopgen.validate.loader import Document
from sopgen.validate.rules import Sources

ID = "unique-id"


def check(sources: Sources) -> Iterator[Problem]:
    """Every procedure id is used once in the whole manual.

    An id is how staff, printouts and other procedures refer to a procedure, so two files with
    the same id make links and references ambiguous. Fix: give the newer file the next free id
    in its category (`sopgen new` picks one for you), and never reuse an id, even of a retired
    procedure.
    """
    first: dict[str, Document] = {}
    for document in sources.procedures:
        procedure_id = document.data["id"]
        if procedure_id in first:
            yield document.problem(
                ("id",),
                ID,
                f"Id `{procedure_id}` is already used by {first[procedure_id].display_path}; "
                "give this procedure the next free id.",
            )
        else:
            first[procedure_id] = document

"""Live preview: where a file's errors keep its procedure out of the site, a page of its problems
stands at the procedure's address instead of a 404 (MkDocs' live reload then shows the
procedure again on the next good save, as for any page)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from sopgen.problems import Problem
from sopgen.validate.loader import MANUAL_FILE, read_document

if TYPE_CHECKING:
    from sopgen.render.options import Page
    from sopgen.validate.pipeline import Result

PROCEDURES_INDEX = "procedures/index.md"


class ProblemPages:
    """Remembers where each procedure's page was in the last build, for the builds in which
    its file cannot be read (a YAML syntax error leaves no id to place the page by)."""

    def __init__(self) -> None:
        # procedure file (its path from the manual folder) -> its page's docs path
        self.page_of_source: dict[str, str] = {}
        self.generated: set[str] = set()  # the docs paths the last good build generated

    def remember(self, pages: dict[str, Page]) -> None:
        """The pages of a build whose manual could be read (its problem pages too)."""
        self.generated = set(pages)
        for path, page in pages.items():
            if page.source is not None:
                self.page_of_source[page.source] = path

    def pages(self, result: Result, taken: set[str]) -> list[Page]:
        """Problem pages for this build: one per procedure file kept out by its errors (at its
        page's address); when the manual itself cannot be read, the whole list of problems at
        every address the last good build had. ``taken``: docs paths already in the site."""
        from sopgen.render.problems_page import problem_page

        errors = {problem.path for problem in result.problems if problem.is_error}
        by_file: dict[str, list[Problem]] = defaultdict(list)
        for problem in result.problems:
            if problem.path in errors:
                by_file[problem.path].append(problem)
        if not by_file:
            return []
        if result.manual is None:
            manual = next((shown for shown in by_file if shown.endswith(MANUAL_FILE)), None)
            shown = manual or sorted(by_file)[0]
            paths = (self.generated | {PROCEDURES_INDEX}) - taken
            listed = [problem for problems in by_file.values() for problem in problems]
            return [problem_page(path, shown, listed, 0) for path in sorted(paths)]
        in_manual = {procedure.source for procedure in result.manual.procedures}
        total = sum(len(problems) for problems in by_file.values())
        found = []
        for shown, problems in sorted(by_file.items()):
            source = _source(Path(shown), result.manual_dir)
            if source is None or source in in_manual:
                continue  # not a procedure file, or its page is built (rule errors show in the log)
            path = self.page_of_source.get(source) or _page_from_data(result.manual_dir / source)
            if path is None or path in taken:
                continue
            taken.add(path)
            found.append(problem_page(path, shown, problems, total - len(problems)))
        return found


def _source(shown: Path, manual_dir: Path) -> str | None:
    """A problem's file as a procedure source (its path from the manual folder), or None."""
    try:
        relative = shown.resolve().relative_to(manual_dir.resolve())
    except (OSError, ValueError):
        return None
    source = relative.as_posix()
    return source if "/" in source and source.endswith((".yaml", ".yml")) else None


def _page_from_data(path: Path) -> str | None:
    """The page address a procedure file names (its category and id), if it can be read."""
    data = read_document(path).data
    if not isinstance(data, dict):
        return None
    category, procedure_id = data.get("category"), data.get("id")
    if not (isinstance(category, str) and isinstance(procedure_id, str)):
        return None
    if not all(part.replace("-", "").isalnum() for part in (category, procedure_id)):
        return None  # not a name the site would make a page of
    return f"procedures/{category}/{procedure_id}.md"

"""The `sopgen` command line: thin Click commands over the pipeline (heavy imports inside)."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sopgen import __version__
from sopgen.reporters import FORMAT_NAMES
from sopgen.terminal import printable_lines

if TYPE_CHECKING:
    from sopgen.model import Manual
    from sopgen.validate.pipeline import Result

DEFAULT_MANUAL_DIR = "procedures"
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def manual_dir_argument(function: Any) -> Any:
    """The MANUAL_DIR argument shared by the commands that read a manual."""
    return click.argument(
        "manual_dir",
        required=False,
        default=DEFAULT_MANUAL_DIR,
        type=click.Path(file_okay=False, path_type=Path),
    )(function)


def require_folder(manual_dir: Path) -> None:
    """Exit 2 with a clear message when the manual folder is missing (a usage error)."""
    if not manual_dir.is_dir():
        raise click.UsageError(
            f"No folder {manual_dir}: run sopgen in your manual's repository, or pass the folder "
            "that holds manual.yaml (for example `sopgen validate path/to/procedures`)."
        )


def parse_today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD.") from None


strict_option = click.option(
    "--strict",
    is_flag=True,
    help="Fail on warnings too (an overdue review fails only with --fail-overdue).",
)
fail_overdue_option = click.option(
    "--fail-overdue", is_flag=True, help="Treat overdue reviews as errors."
)
no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file again instead of reusing results kept in .sopgen-cache/.",
)

today_option = click.option(
    "--today",
    metavar="YYYY-MM-DD",
    default=None,
    hidden=False,
    help="Check review dates as of this day instead of today.",
)


AS_COMMAND = "sopgen"  # the click context's obj when run as the `sopgen` command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sopgen")
def cli() -> None:
    """Build a manual of standard operating procedures from YAML files.

    Procedures live in procedures/ as YAML; `sopgen validate` checks them, `sopgen build`
    renders the manual as a static site.
    """


@cli.command()
@manual_dir_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default="auto",
    show_default=True,
    help="text for people, json for tools, github for annotations; auto is github inside "
    "GitHub Actions.",
)
@strict_option
@fail_overdue_option
@no_cache_option
@today_option
def validate(
    manual_dir: Path,
    output_format: str,
    strict: bool,
    fail_overdue: bool,
    no_cache: bool,
    today: str | None,
) -> None:
    """Check every procedure against the schema and the cross-file rules.

    Prints each problem as path:line:col: severity: message [rule]. Exits 0 when clean,
    1 when there are errors (or warnings with --strict), 2 on a usage error.
    """
    from sopgen.reporters import reporter_for
    from sopgen.validate.cache import ValidateCache, cache_dir_for
    from sopgen.validate.pipeline import validate as run_validation

    require_folder(manual_dir)
    cache = None if no_cache else ValidateCache(cache_dir_for(manual_dir))
    result = run_validation(
        manual_dir,
        today=parse_today(today),
        fail_overdue=fail_overdue,
        cache=cache,
        build_model=False,
    )
    failed = result.failed(strict=strict)
    report = reporter_for(output_format)(result.problems)
    machine = output_format == "json" or report.startswith("::") or output_format == "github"
    if machine:
        click.echo(report, nl=False)
    elif result.problems:
        click.echo(report, nl=False, err=True)
    else:
        click.echo(f"{result.checked} procedures checked. No problems found.")
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


@cli.command()
@click.argument(
    "name",
    type=click.Choice(["procedure", "manual", "people", "signoffs", "run"]),
    default="procedure",
)
def schema(name: str) -> None:
    """Print the JSON Schema for a procedure file, manual.yaml, people.yaml, a sign-off file or
    a run record."""
    from sopgen.validate.schema import SCHEMA_NAMES, schema_text

    click.echo(schema_text(next(n for n in SCHEMA_NAMES if n == name)), nl=False)


# --- The owner's workflow: init, new, review, diff ------------------------------------------

# new and diff take the manual folder as an option: their arguments are a title or revisions.
manual_dir_option = click.option(
    "--manual-dir",
    "-m",
    default=DEFAULT_MANUAL_DIR,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder that holds manual.yaml.",
)


# The reports of the owner's workflow (review, runs, training).
report_format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)


@cli.command()
@click.argument(
    "directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
def init(directory: Path) -> None:
    """Start a new manual repository in DIRECTORY (default: here).

    Writes procedures/ (manual.yaml and a sample procedure), the schemas for editors,
    mkdocs.yml, a pre-commit config, a GitHub Actions workflow and a README. Never overwrites:
    if any of these files exists, lists them, writes nothing and exits 1.
    """
    from sopgen.manage.scaffold import (
        NotAFolder,
        WouldOverwrite,
        installed_requirement,
        scaffold,
    )

    try:
        written = scaffold(directory)
    except NotAFolder as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:  # nothing was left behind: scaffold removes what it wrote
        click.echo(f"error: nothing written: {error.strerror}: {error.filename}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except WouldOverwrite as error:
        click.echo("error: nothing written; these files already exist:", err=True)
        for path in error.existing:
            click.echo(f"  {path}", err=True)
        sys.exit(EXIT_PROBLEMS)
    for path in written:
        click.echo(f"wrote {path}")
    where = "" if directory == Path(".") else f"cd {directory} && "
    click.echo(
        f"\nNext: {where}git init && pip install pre-commit && pre-commit install, then "
        '`sopgen new "Title" --category operations` and `sopgen serve` to preview.'
    )
    warning = installed_requirement()[1]
    if warning:
        click.echo(f"\nwarning: {warning}", err=True)


@cli.command()
@click.argument("title")
@click.option("--category", "-c", required=True, metavar="ID", help="The category's id.")
@click.option(
    "--owner", metavar="ROLE", help="The owning role (default: the category's usual owner)."
)
@manual_dir_option
def new(title: str, category: str, owner: str | None, manual_dir: Path) -> None:
    """Write a new draft procedure called TITLE with the category's next free id.

    The file goes to MANUAL_DIR/<category>/<ID>-<title-words>.yaml with the required fields
    filled and the optional ones as comments. Never overwrites a file.
    """
    from sopgen.manage.new_procedure import NewProcedureError, UnknownChoice, create_procedure

    require_folder(manual_dir)
    try:
        made = create_procedure(manual_dir, title, category, owner)
    except UnknownChoice as error:
        raise click.UsageError(str(error)) from None
    except NewProcedureError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"wrote {made.path} ({made.procedure_id}, draft, owner {made.owner})")
    if not made.schema_found:
        click.echo(
            "note: no schemas/procedure.schema.json found above the manual, so the file has no "
            "`# yaml-language-server: $schema=` line for editors. Create it with "
            "`sopgen schema procedure > schemas/procedure.schema.json`.",
            err=True,
        )


@cli.command()
@manual_dir_argument
@click.option(
    "--within",
    default=30,
    show_default=True,
    type=click.IntRange(min=0, max=36_500),  # a hundred years: dates stay in range
    metavar="DAYS",
    help="Also list reviews due within this many days.",
)
@click.option("--owner", "owners", multiple=True, metavar="ROLE", help="Only this owner (repeat).")
@report_format_option
@click.option("--fail-overdue", is_flag=True, help="Exit 1 when any review is overdue.")
@today_option
def review(
    manual_dir: Path,
    within: int,
    owners: tuple[str, ...],
    output_format: str,
    fail_overdue: bool,
    today: str | None,
) -> None:
    """List procedures overdue for review or due soon, drafts and in-review, by owner.

    Exits 0, or 1 with --fail-overdue when any review is overdue (for a scheduled CI job), or
    when manual.yaml cannot be read.
    """
    from sopgen.manage import UnknownOption
    from sopgen.manage.review_report import review_report

    require_folder(manual_dir)
    day = parse_today(today) or date.today()
    manual, note = _readable_manual(manual_dir, day)
    try:
        report, overdue = review_report(manual, day, within, owners, output_format)
    except UnknownOption as error:
        raise click.BadParameter(str(error), param_hint=error.option) from None
    _echo_note(note)
    _echo_report(report, output_format)
    sys.exit(EXIT_PROBLEMS if fail_overdue and overdue else EXIT_OK)


@cli.command()
@manual_dir_argument
@click.option("--procedure", "procedure_id", metavar="ID", help="Only the runs of this procedure.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only runs started on or after this day.")
@report_format_option
def runs(manual_dir: Path, procedure_id: str | None, since: str | None, output_format: str) -> None:
    """List the run records in runs/: readings out of spec and missed checks first.

    Exits 0 when it has listed them, 1 when manual.yaml cannot be read, 2 on a usage error.
    """
    from sopgen.manage import UnknownOption
    from sopgen.manage.runs_report import runs_report

    require_folder(manual_dir)
    day = parse_today(since) if since else None
    manual, note = _readable_manual(manual_dir, None)
    try:
        report = runs_report(manual, procedure_id, day, output_format)
    except UnknownOption as error:
        raise click.BadParameter(str(error), param_hint=error.option) from None
    _echo_note(note)
    _echo_report(report, output_format)
    sys.exit(EXIT_OK)


@cli.command()
@click.argument("base")
@click.argument("head", required=False)
@manual_dir_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown is ready to post as a pull-request comment.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
def diff(base: str, head: str | None, manual_dir: Path, output_format: str, strict: bool) -> None:
    """What changed in the procedures between git revisions BASE and HEAD.

    HEAD defaults to the working tree. Reports procedures added, removed and retired; per
    procedure the steps added, removed, reworded or moved and the fields changed. A change to
    the steps of an issued procedure without a new revision and `changes` entry is a warning.
    Exits 0, or 1 with --strict when there are warnings; 2 when a revision is unknown.
    """
    from sopgen.manage.diff_report import DIFF_REPORTERS
    from sopgen.manage.gitrev import GitError
    from sopgen.manage.procedure_diff import diff_manuals
    from sopgen.manage.versions import load_version

    if head is None:
        require_folder(manual_dir)
    try:
        old = load_version(manual_dir, base)
        new = load_version(manual_dir, head)
    except GitError as error:
        raise click.UsageError(str(error)) from None
    changes = diff_manuals(
        old.manual,
        new.manual,
        base=old.label,
        head=new.label,
        notes=old.notes + new.notes,
        folder=manual_dir.as_posix(),
    )
    _echo_report(DIFF_REPORTERS[output_format](changes), output_format)
    sys.exit(EXIT_PROBLEMS if strict and (changes.warnings or changes.notes) else EXIT_OK)


@cli.command()
@manual_dir_argument
@click.option("--person", "people", multiple=True, metavar="ID", help="Only this person (repeat).")
@report_format_option
@click.option("--fail-due", is_flag=True, help="Exit 1 when anyone is due to sign anything.")
@today_option
def training(
    manual_dir: Path,
    people: tuple[str, ...],
    output_format: str,
    fail_due: bool,
    today: str | None,
) -> None:
    """Per person, the procedures due for a sign-off and those they are current on.

    A person is due on an effective procedure that names one of their roles when they have not
    signed its current revision, or a revision after which every change is editorial. Exits 0,
    or 1 with --fail-due when anything is due (for a scheduled CI job), or when the records
    cannot be read.
    """
    from sopgen.manage import UnknownOption
    from sopgen.manage.training_report import NoPeople, training_report

    require_folder(manual_dir)
    manual, note = _readable_manual(manual_dir, parse_today(today) or date.today(), records=True)
    _echo_note(note)
    try:
        report, due = training_report(manual, people, output_format)
    except NoPeople as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except UnknownOption as error:
        raise click.BadParameter(str(error), param_hint=error.option) from None
    _echo_report(report, output_format)
    sys.exit(EXIT_PROBLEMS if fail_due and due else EXIT_OK)


@cli.command()
@click.argument("person")
@click.argument("procedure")
@click.option(
    "--method",
    type=click.Choice(["read", "trained", "assessed"]),
    default="read",
    show_default=True,
    help="How they learnt it; trained needs --trainer.",
)
@click.option("--trainer", metavar="ID", help="Who trained them (a person id).")
@click.option(
    "--date", "signed_on", metavar="YYYY-MM-DD", help="When they signed (default: today)."
)
@manual_dir_option
def sign(
    person: str,
    procedure: str,
    method: str,
    trainer: str | None,
    signed_on: str | None,
    manual_dir: Path,
) -> None:
    """Record that PERSON signed the current revision of PROCEDURE.

    Appends one entry to MANUAL_DIR/signoffs/PERSON.yaml (created if missing); the entries and
    comments already there are left as they are. The result is validated: if the new entry has
    a problem (a date before the revision took effect...), the file is put back and sign exits 1.
    """
    from sopgen.manage.sign import SignUsageError, checked_request, sign
    from sopgen.reporters import text_report

    day = parse_today(signed_on) or date.today()
    require_folder(manual_dir)
    manual, note = _readable_manual(manual_dir, date.today(), records=True)
    _echo_note(note)
    try:
        request = checked_request(manual, person, procedure, method, trainer, day)
    except SignUsageError as error:
        raise click.UsageError(str(error)) from None
    shown, problems = sign(manual_dir, request)
    if problems:
        click.echo(text_report(problems), nl=False, err=True)
        click.echo(f"error: nothing written; {shown} is as it was.", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(
        f"{shown}: {request.person.id} signed {request.procedure.id} revision "
        f"{request.procedure.revision} ({method}, {day.isoformat()})"
    )


def _readable_manual(
    manual_dir: Path, today: date | None, *, records: bool = False
) -> tuple[Any, str | None]:
    """The validated manual model (files with errors left out) and a note saying so, or exit
    1 when manual.yaml (or, for the ``records`` of who signed what, people.yaml) cannot be
    read."""
    from sopgen.reporters import text_report
    from sopgen.validate.pipeline import validate as run_validation

    result = run_validation(manual_dir, today=today)
    if result.manual is None:
        click.echo(text_report(result.errors), nl=False, err=True)
        sys.exit(EXIT_PROBLEMS)
    people = (manual_dir / "people.yaml").resolve()
    in_people = [problem for problem in result.errors if Path(problem.path).resolve() == people]
    if records and in_people:  # without people.yaml the records mean nothing: say why
        click.echo(text_report(in_people), nl=False, err=True)
        sys.exit(EXIT_PROBLEMS)
    if not result.errors:
        return result.manual, None
    broken = len({problem.path for problem in result.errors})
    left_out = "" if records else " are left out"
    return result.manual, f"note: {broken} file(s) with errors{left_out}; run `sopgen validate`."


def _echo_note(note: str | None) -> None:
    if note is not None:
        click.echo(note, err=True)


def _echo_report(report: str, output_format: str) -> None:
    """A report on stdout; text made safe for a terminal (YAML's control characters escaped)."""
    click.echo(printable_lines(report) if output_format == "text" else report, nl=False)


# --- The site: `sopgen build` and `sopgen serve` (the MkDocs plugin does the rendering) ---


def manual_dir_argument_optional(function: Any) -> Any:
    """MANUAL_DIR for the site commands: default is the plugin's procedures_dir."""
    return click.argument(
        "manual_dir", required=False, type=click.Path(file_okay=False, path_type=Path)
    )(function)


config_file_option = click.option(
    "--config-file",
    "-f",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The MkDocs configuration that uses the sopgen plugin.",
)


def _stop_on_problems(result: Result, *, strict: bool, nothing_done: str) -> Manual:
    """Print the validation's problems; exit 1 (saying what was not done) when they fail it;
    else the manual."""
    from sopgen.reporters import text_report

    if result.problems:
        click.echo(text_report(result.problems), nl=False, err=True)
    if result.manual is None or result.failed(strict=strict):
        click.echo(f"error: {nothing_done}; fix the problems above.", err=True)
        sys.exit(EXIT_PROBLEMS)
    return result.manual


def _site_config(config_file: Path) -> tuple[Any, Any]:
    """mkdocs.yml and its sopgen plugin, or a usage error (exit 2) saying what is missing."""
    from sopgen.site.build import ConfigUsageError, SiteError, load_site_config

    try:
        return load_site_config(config_file)
    except ConfigUsageError as error:
        raise click.UsageError(str(error)) from None
    except SiteError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_PROBLEMS)


@cli.command()
@click.argument("target", metavar="DIR", type=click.Path(path_type=Path))
@manual_dir_argument_optional
@click.option(
    "--config-file",
    "--config",
    "-f",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The MkDocs configuration to carry over (its sopgen plugin is left out).",
)
@click.option("--drafts", is_flag=True, help="Include draft and in-review procedures.")
@today_option
def export(
    target: Path, manual_dir: Path | None, config_file: Path, drafts: bool, today: str | None
) -> None:
    """Write the validated manual into DIR as a plain project that `zensical build` or
    `properdocs build` builds without sopgen: mkdocs.yml, docs/ with every page, image and
    sopgen's style sheet.

    DIR must be new or empty; MANUAL_DIR defaults to the plugin's procedures_dir. On any
    problem nothing is written. Exits 0 when written, 1 on problems, 2 on usage.
    """
    from sopgen.export import ExportError, TargetError, export_project
    from sopgen.export.config import ConfigError, procedures_dir, read_config
    from sopgen.validate.loader import display_path_for
    from sopgen.validate.pipeline import validate as run_validation

    if not config_file.is_file():
        raise click.UsageError(
            f"No {config_file}: run sopgen in the folder that holds mkdocs.yml, or pass "
            "--config path/to/mkdocs.yml."
        )
    try:
        settings = read_config(config_file)
    except ConfigError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_PROBLEMS)
    manual_dir = manual_dir or config_file.parent / procedures_dir(settings)
    require_folder(manual_dir)
    day = parse_today(today) or date.today()
    result = run_validation(manual_dir, today=day)
    manual = _stop_on_problems(result, strict=False, nothing_done="nothing was exported")
    try:
        report = export_project(target, manual, manual_dir, config_file, drafts=drafts, today=day)
    except TargetError as error:
        raise click.UsageError(str(error)) from None
    except ExportError as error:
        click.echo(f"error: {error} Nothing was exported.", err=True)
        sys.exit(EXIT_PROBLEMS)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"Exported {report.procedures} procedures, {report.pages} pages into "
        f"{display_path_for(report.target)}. Build it there with `zensical build` or "
        "`properdocs build`."
    )


@cli.command()
@manual_dir_argument_optional
@config_file_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: site_dir from mkdocs.yml, usually site/).",
)
@click.option("--drafts", is_flag=True, help="Include draft and in-review procedures.")
@strict_option
@fail_overdue_option
@no_cache_option
@today_option
def build(
    manual_dir: Path | None,
    config_file: Path,
    site_dir: Path | None,
    drafts: bool,
    strict: bool,
    fail_overdue: bool,
    no_cache: bool,
    today: str | None,
) -> None:
    """Validate the manual, then build its site.

    MANUAL_DIR defaults to the plugin's procedures_dir in mkdocs.yml (usually procedures/).

    The site is built in a temporary folder and swapped in only when complete: on any
    error the previous site stays as it was. Exits 0 when built, 1 on problems, 2 on usage.
    """
    from sopgen.site.build import ConfigUsageError, SiteError, build_site, manual_dir_of
    from sopgen.validate.cache import ValidateCache, cache_dir_for
    from sopgen.validate.loader import display_path_for
    from sopgen.validate.pipeline import validate as run_validation

    config, plugin = _site_config(config_file)
    manual_dir = manual_dir or manual_dir_of(config, plugin)
    require_folder(manual_dir)

    def progress(message: str) -> None:
        click.echo(message, err=True)

    progress(f"Validating {display_path_for(manual_dir)}")
    day = parse_today(today)
    # Files whose bytes were checked before (by validate or an earlier build) are not parsed
    # again; the cross-file rules and the model always run on the whole manual.
    cache = None if no_cache else ValidateCache(cache_dir_for(manual_dir))
    result = run_validation(manual_dir, today=day, fail_overdue=fail_overdue, cache=cache)
    _stop_on_problems(result, strict=strict, nothing_done="the site was not built")
    try:
        report = build_site(
            config_file,
            result,
            site_dir=site_dir,
            drafts=drafts,
            strict=strict,
            progress=progress,
            today=day,
        )
    except ConfigUsageError as error:
        raise click.UsageError(str(error)) from None
    except SiteError as error:
        click.echo(f"error: {error} The previous site is unchanged.", err=True)
        sys.exit(EXIT_PROBLEMS)
    procedures = f"{report.procedures} procedure{'' if report.procedures == 1 else 's'}"
    click.echo(
        f"Built {procedures}, {report.pages} pages in {report.seconds:.1f} s "
        f"into {display_path_for(report.site_dir)}"
    )
    if click.get_current_context().obj == AS_COMMAND:
        # Done, and the site is in place: freeing a big manual's millions of objects one by
        # one at interpreter exit takes seconds (1.5 s at 5,000 procedures) for nothing.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


@cli.command()
@config_file_option
@click.option(
    "--dev-addr",
    "-a",
    metavar="IP:PORT",
    default=None,
    callback=lambda ctx, param, value: _dev_addr(value),
    help="Address to serve on (default: dev_addr from mkdocs.yml, 127.0.0.1:8000).",
)
@click.option("--no-drafts", is_flag=True, help="Hide drafts, as `sopgen build` does.")
def serve(config_file: Path, dev_addr: str | None, no_drafts: bool) -> None:
    """Preview the manual; the page reloads when a procedure or a docs page changes.

    Drafts and in-review procedures are shown with their banner. Problems are printed as
    warnings and the preview keeps running; stop it with Ctrl+C.
    """
    import logging

    from mkdocs.exceptions import MkDocsException

    from sopgen.site import plugin as sopgen_plugin
    from sopgen.site.preview import serve as preview

    _site_config(config_file)  # usage errors before the server starts
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(handler)
    mkdocs_logger.setLevel(logging.INFO)
    try:
        preview(str(config_file), dev_addr, sopgen_plugin.Overrides(drafts=not no_drafts))
    except MkDocsException as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OSError as error:  # the port is taken, or the address is not this machine's
        raise click.UsageError(
            f"cannot serve on {dev_addr or 'the dev_addr of mkdocs.yml'}: {error.strerror}. "
            "Pick another with --dev-addr, like --dev-addr 127.0.0.1:8001."
        ) from None


def _dev_addr(value: str | None) -> str | None:
    """``IP:PORT`` with a port from 1 to 65535, or a usage error that shows the form."""
    if value is None:
        return None
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(
            f"{value!r} is not IP:PORT with a port from 1 to 65535, like 127.0.0.1:8001.",
            param_hint="--dev-addr",
        )
    return value


# --- end of the site commands ---


def main() -> None:
    """Console-script entry point."""
    # Material prints a banner about MkDocs 2.0 on every build; it is noise for our users.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # The `sopgen` command itself, not a caller of `cli` (tests, scripts): see `build`.
    cli(prog_name="sopgen", obj=AS_COMMAND)

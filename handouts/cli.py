"""The ``handouts`` command. Each command parses options, calls one function, prints results.

ReportLab is imported only by commands that lay out pages, so ``--help`` and ``list`` start fast;
and nothing but Click is imported until a command runs (each body imports what it uses: the
library, the errors, pathlib), so ``--help`` costs little more than Click itself.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .usage import Handouts

if TYPE_CHECKING:
    from pathlib import Path

    from .errors import Problem
    from .story import Personal

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILED = 1
EXIT_STYLE = 3
EXIT_INTERRUPTED = 128  # plus the signal's number, as a shell reports a process a signal ended

# The process ends right after its command: let it end without the garbage collector walking every
# object one last time (about 50 ms of a 350 ms build). Nothing is left to collect that matters:
# files are closed and synced by the code that writes them, and weakref finalizers still run.
atexit.register(gc.freeze)


def report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def print_table(rows: Sequence[tuple[str, ...]], broken: list[Problem]) -> None:
    """Rows in aligned columns on stdout; then the files that could not be read, and exit 1 if any."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1])
    if broken:
        report(broken)
        sys.exit(EXIT_FAILED)


def debugging() -> bool:
    """Whether ``--debug`` was given (tracebacks of internal errors are shown)."""
    context = click.get_current_context(silent=True)
    return bool(context and context.find_root().params.get("debug"))


def report_error(error: Exception, file: Path | None = None) -> None:
    """An exception as its error lines; an internal error (a bug) once, with its traceback under --debug."""
    from .errors import HandoutError, problems_for

    if not isinstance(error, (HandoutError, OSError)) and debugging():
        import traceback  # only here: --help and every command start without it

        traceback.print_exc()
    report(problems_for(error, file))


def report_trace(trace: str) -> None:
    """The traceback of an internal error met in a worker process, under --debug."""
    if trace and debugging():
        click.echo(trace, err=True, nl=False)


def friendly(function: F) -> F:
    """The error boundary of every command: problems become error lines and an exit code, an
    internal error is reported once with a hint to --debug, and an interrupted command says so.
    Never a traceback unless --debug."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import Interrupted

        try:
            return function(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:
            raise  # the reader went away (`handouts list | head -1`): Click ends quietly, exit 1
        except KeyboardInterrupt:
            click.echo("error: stopped (Ctrl-C); the handouts printed above are complete", err=True)
            sys.exit(EXIT_INTERRUPTED + signal.SIGINT)
        except Interrupted as stop:
            name = signal.Signals(stop.signum).name
            click.echo(f"error: stopped ({name}); the handouts printed above are complete", err=True)
            sys.exit(EXIT_INTERRUPTED + stop.signum)
        except Exception as error:
            report_error(error)
            sys.exit(EXIT_FAILED)

    return wrapper  # type: ignore[return-value]


class PathType:
    """Click's ``path_type`` for folder and file options: the value comes out as a pathlib.Path,
    and pathlib is imported only when an option is used (``--help`` starts without it)."""

    def __new__(cls, value: str) -> Any:
        from pathlib import Path

        return Path(value)


topics_option = click.option(
    "--topics",
    "topics_dir",
    type=click.Path(path_type=PathType, file_okay=False),
    help="Your folder of topic files, used beside the bundled topics (default: ./topics if present).",
)
styles_option = click.option(
    "--styles",
    "styles_dir",
    type=click.Path(path_type=PathType, file_okay=False),
    help="Your folder of style files, used beside the bundled styles (default: ./styles if present).",
)
PAPER = click.Choice(["a4", "letter"], case_sensitive=False)  # --paper A4 is a4
style_option = click.option(
    "--style", "style_name", default="default", show_default=True, help="Style name, or path to a style .yaml file."
)


def personal_options(function: F) -> F:
    """``--for``, ``--clinician`` and ``--note``: details printed in a "Prepared for" box under the title."""
    function = click.option("--note", help='A short note printed in the "Prepared for" box.')(function)
    function = click.option("--clinician", help='The clinician\'s name, printed in the "Prepared for" box.')(function)
    return click.option(
        "--for",
        "patient",
        help='The patient\'s name, printed in a "Prepared for" box under the title (never in file names).',
    )(function)


def personal_from(patient: str | None, clinician: str | None, note: str | None) -> Personal | None:
    """A ``story.Personal`` for the options given, or None when none were."""
    if not (patient or clinician or note):
        return None
    from .story import Personal

    return Personal(patient or None, clinician or None, note or None)


allow_outside_option = click.option(
    "--allow-outside-paths",
    is_flag=True,
    help="Let styles and topics use files outside their own folders: logo, fonts, extends, pictures "
    "(only for files you trust).",
)


def load_style_or_exit(
    name: str, styles_dir: Path | None, allow_outside_paths: bool = False, outcome: str = "no handouts were built"
) -> Any:
    from . import library
    from .loading import StyleOptions, load_style

    folder = library.styles_dir(styles_dir)
    options = StyleOptions(allow_outside_paths=allow_outside_paths)
    file: Path | None = None
    try:
        file = library.find_style(name, folder)
        style = load_style(file, find=lambda parent, base: library.find_style(parent, folder, base), options=options)
        report(options.warnings)
        return style
    except Exception as error:
        report_error(error, file)
        click.echo(f"error: {outcome} because the style cannot be used", err=True)
        sys.exit(EXIT_STYLE)


@click.group(name="handouts", cls=Handouts, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handouts")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
def main(debug: bool) -> None:
    """Branded, printable patient handouts from YAML topics.

    Topics live in topics/<id>.yaml and a clinic's branding in styles/<name>.yaml.

    \b
    Example:
      handouts list
      handouts build --all --style default -o out
    """
    # pydantic looks through every installed package's entry points for plugins when it builds its
    # first validator (~10 ms of a cold build); this command uses none. A value the user set stays.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def parse_languages(value: str | None) -> list[str] | None:
    """``--lang es`` / ``--lang en,es`` / ``--lang all`` -> codes (None: each topic's own language)."""
    if value is None:
        return None
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise click.BadParameter(
            "give a language code such as es, a comma list such as en,es, or all", param_hint="'--lang'"
        )
    return codes


FORMATS = {
    "pdf": ["pdf"],
    "html": ["html"],
    "pdf,html": ["pdf", "html"],
    "html,pdf": ["pdf", "html"],
    "all": ["pdf", "html"],
}


def parse_formats(value: str, editions: list[bool]) -> list[str]:
    """``--format pdf|html|pdf,html|all`` -> formats; large print is a PDF edition only."""
    formats = FORMATS.get(value.replace(" ", "").lower())
    if formats is None:
        raise click.BadParameter(f"'{value}' is not a format; use pdf, html, pdf,html or all", param_hint="'--format'")
    if formats == ["html"] and editions != [False]:
        raise click.UsageError(
            "large print is an edition of the PDF; the HTML edition has none (readers zoom it): "
            "leave out --large-print/--edition, or use --format pdf,html"
        )
    return formats


def parse_editions(edition: str, large_print: bool) -> list[bool]:
    if large_print:
        return [True]
    return {"standard": [False], "large": [True], "all": [False, True]}[edition]


def style_key(name: str) -> str:
    """The folder a style's handouts go to in a multi-style batch: its name, or its file's stem."""
    from pathlib import Path

    return Path(name).stem if name.endswith((".yaml", ".yml")) else name


@main.command()
@click.argument("topics", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Build every topic.")
@click.option(
    "--style",
    "style_names",
    multiple=True,
    default=["default"],
    show_default=True,
    help="Style name or path to a style .yaml file; repeat it to build each style into <out>/<style>/.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=PathType),
    default="out",
    show_default=True,
    help="Folder to write the files into.",
)
@click.option(
    "--format",
    "output_format",
    default="pdf",
    show_default=True,
    help="pdf, html (one accessible, self-contained web page per handout: <id>.html), pdf,html, or all.",
)
@click.option("--paper", type=PAPER, help="Paper size (default: the style's).")
@click.option("--lang", "language", help="Language code, a comma list (en,es), or all (every language each topic has).")
@click.option(
    "--edition",
    type=click.Choice(["standard", "large", "all"], case_sensitive=False),
    default="standard",
    show_default=True,
    help="Standard print, large print (16 pt), or both (PDF only: the HTML edition has one edition).",
)
@click.option(
    "--large-print",
    is_flag=True,
    help="Build the 16 pt large-print edition (same as --edition large). PDF only: the HTML edition has no "
    "large print, readers zoom it.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Build in this many processes at once (default: the number of CPUs).",
)
@personal_options
@topics_option
@styles_option
@allow_outside_option
@friendly
def build(
    topics: tuple[str, ...],
    everything: bool,
    style_names: tuple[str, ...],
    out: Path,
    output_format: str,
    paper: str | None,
    language: str | None,
    edition: str,
    large_print: bool,
    jobs: int | None,
    patient: str | None,
    clinician: str | None,
    note: str | None,
    topics_dir: Path | None,
    styles_dir: Path | None,
    allow_outside_paths: bool,
) -> None:
    """Build handouts as PDF files (or web pages, with --format) and print each file's path.

    TOPICS are topic ids (file names without .yaml) or paths to topic files. Paths are
    printed in a stable order however many processes build them. The HTML edition
    (<id>.html, <id>.es.html) is one accessible page with its pictures and font inside.

    \b
    Example:
      handouts build flat-feet-back-pain
      handouts build --all --style styles/riverside.yaml --paper a4 -o out
      handouts build sciatica-and-feet --lang es --large-print
      handouts build --all --lang all --edition all --style default --style northside-uk
      handouts build footwear-checklist --for "Ann Lee" --clinician "Dr Shah"
      handouts build --all --lang all --format html
    """
    from . import library
    from .batch import Settings, build_all, default_workers, plan
    from .errors import HandoutError, Problem

    if not topics and not everything:
        raise click.UsageError("name at least one topic, or use --all")
    editions = parse_editions(edition, large_print)
    formats = parse_formats(output_format, editions)
    keys = [style_key(name) for name in style_names]
    if clash := next((key for key in keys if keys.count(key) > 1), None):
        same = " and ".join(name for name in style_names if style_key(name) == clash)
        raise HandoutError([Problem(f"--style {same} would both write into {out / clash}; rename one of the files")])
    styles = {
        key: load_style_or_exit(name, styles_dir, allow_outside_paths)
        for key, name in zip(keys, style_names, strict=True)
    }
    planned = plan(
        list(topics),
        everything,
        library.topics_dir(topics_dir),
        parse_languages(language),
        editions,
        list(styles) if len(styles) > 1 else [next(iter(styles))],
        formats,
    )
    settings = Settings(styles, out, paper, personal_from(patient, clinician, note), allow_outside_paths)
    failed = 0
    # closing(): an interruption while a path is printed still ends the workers at once.
    with (
        progress_bar(len(planned)) as advance,
        contextlib.closing(build_all(planned, settings, jobs or default_workers(), advance)) as results,
    ):
        for result in results:
            report_trace(result.trace)
            report(result.problems)
            if result.ok and result.path is not None:
                click.echo(str(result.path))
            else:
                failed += 1
    if failed:
        click.echo(f"error: {failed} of {len(planned)} handouts failed; {len(planned) - failed} built", err=True)
        sys.exit(EXIT_FAILED)


@contextlib.contextmanager
def progress_bar(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal and there is more than one handout; else nothing."""
    if total < 2 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="Building", file=sys.stderr) as bar:
        yield bar.update


@main.command(name="list")
@topics_option
@friendly
def list_topics(topics_dir: Path | None) -> None:
    """List the topics: id, title, languages, review dates (overdue marked), and whether each is
    your own file or bundled with the tool.

    \b
    Example:
      handouts list
      handouts list --topics my-topics
    """
    from . import library
    from .clock import today
    from .errors import problems_for
    from .loading import load_topic

    folder = library.topics_dir(topics_dir)
    rows = [("ID", "TITLE", "LANGUAGES", "REVIEWED", "REVIEW DUE", "FROM")]
    broken: list[Problem] = []
    now = today()
    for files in library.scan_topics(folder).values():
        if files.source is None:
            continue
        try:
            topic = load_topic(files.source, check_pictures=False).topic
        except Exception as error:  # one bad file is one line; the rest are listed
            broken += problems_for(error, files.source)
            continue
        due = topic.review_due_date
        mark = " OVERDUE" if due < now else ""
        languages = ", ".join([topic.language, *files.languages()])
        where = "bundled" if files.bundled else str(files.source)
        rows.append((files.id, topic.title, languages, topic.reviewed.isoformat(), due.isoformat() + mark, where))
    print_table(rows, broken + library.misnamed_topics(folder))


@main.command()
@click.argument("topics", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Check every topic.")
@style_option
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter", "all"], case_sensitive=False),
    help="Check on this paper size, or on both with all (default: the style's paper).",
)
@click.option("--lang", "language", help="Language code, a comma list (en,es), or all (every language each topic has).")
@click.option("--large-print", is_flag=True, help="Check the large-print edition (page budget 4).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@topics_option
@styles_option
@allow_outside_option
@friendly
def check(
    topics: tuple[str, ...],
    everything: bool,
    style_name: str,
    paper: str | None,
    language: str | None,
    large_print: bool,
    strict: bool,
    topics_dir: Path | None,
    styles_dir: Path | None,
    allow_outside_paths: bool,
) -> None:
    """Check topics and the style: format, readability, review dates, glyphs, page budget.

    Prints each topic's reading figures and page counts. Exits 1 when any topic has an
    error (with --strict, a warning).

    \b
    Example:
      handouts check --all
      handouts check footwear-checklist --style styles/riverside.yaml --strict
    """
    import dataclasses

    from . import library
    from .batch import plan
    from .checks import check_jobs

    if not topics and not everything:
        raise click.UsageError("name at least one topic, or use --all")
    style = load_style_or_exit(style_name, styles_dir, allow_outside_paths)
    jobs = plan(list(topics), everything, library.topics_dir(topics_dir), parse_languages(language), [large_print])
    papers = ["letter", "a4"] if paper == "all" else [paper or style.paper]
    failed = 0
    for checked in check_jobs(jobs, style, papers, allow_outside_paths=allow_outside_paths):
        problems = [
            p if p.severity == "error" or not strict else dataclasses.replace(p, severity="error")
            for p in checked.problems
        ]
        report(problems)
        click.echo(checked.line())
        failed += any(p.severity == "error" for p in problems)
    if failed:
        click.echo(f"error: {failed} of {len(jobs)} topics failed the check", err=True)
        sys.exit(EXIT_FAILED)


@main.command(name="print")
@click.argument("topics", nargs=-1, required=True)
@click.option("--printer", help="Printer to use (default: the style's printer, else the system's default printer).")
@click.option(
    "--copies", type=click.IntRange(1, 99), default=1, show_default=True, help="How many copies of each handout."
)
@click.option("--one-sided", is_flag=True, help="Print on one side only (default: double-sided for 2+ pages).")
@style_option
@click.option("--paper", type=PAPER, help="Paper size (default: the style's).")
@click.option("--lang", "language", help="Print the translation in this language, e.g. es.")
@click.option("--large-print", is_flag=True, help="Print the 16 pt large-print edition.")
@personal_options
@topics_option
@styles_option
@friendly
def print_command(
    topics: tuple[str, ...],
    printer: str | None,
    copies: int,
    one_sided: bool,
    style_name: str,
    paper: str | None,
    language: str | None,
    large_print: bool,
    patient: str | None,
    clinician: str | None,
    note: str | None,
    topics_dir: Path | None,
    styles_dir: Path | None,
) -> None:
    """Print handouts through the system print service (CUPS), without writing a file.

    Handouts of two or more pages print double-sided (long edge) unless --one-sided. The job
    in the printer queue is named after the handout's title.

    \b
    Example:
      handouts print footwear-checklist
      handouts print flat-feet-back-pain --printer FrontDesk --copies 2
      handouts print sciatica-and-feet --for "Ann Lee" --note "Walk daily"
    """
    from . import library
    from .batch import plan
    from .printing import print_handouts

    style = load_style_or_exit(style_name, styles_dir)
    jobs = plan(list(topics), False, library.topics_dir(topics_dir), parse_languages(language), [large_print])
    personal = personal_from(patient, clinician, note)
    failed = 0
    for result in print_handouts(
        jobs, style, printer=printer, copies=copies, one_sided=one_sided, paper=paper, personal=personal
    ):
        report(result.problems)
        if not result.ok:
            failed += 1
        elif result.request:
            click.echo(f"{result.job.name}: sent to {result.printer} as {result.request} ({result.summary(copies)})")
    if failed:
        click.echo(f"error: nothing was printed; {failed} of {len(jobs)} handouts could not be built", err=True)
        sys.exit(EXIT_FAILED)


@main.command()
@friendly
def printers() -> None:
    """List the printers the system print service (CUPS) knows; the default one is marked.

    \b
    Example:
      handouts printers
    """
    from .printing import list_printers

    found = list_printers()
    for name in found.names:
        click.echo(f"{name} (default)" if name == found.default else name)
    if not found.names:
        click.echo("no printers are set up in the print service (CUPS)", err=True)


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any but this computer's needs a passphrase.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8800,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--style", "style_names", multiple=True, help="Style to offer; repeat it to offer several (default: default)."
)
@click.option("--printer", help="Printer chosen at first (default: the style's printer, else the system's default).")
@click.option(
    "--passphrase-file",
    type=click.Path(path_type=PathType, dir_okay=False),
    help="File whose first line is the passphrase every browser must type once (or set HANDOUTS_PASSPHRASE).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the front desk in the web browser.")
@topics_option
@styles_option
@friendly
def serve(
    host: str,
    port: int,
    style_names: tuple[str, ...],
    printer: str | None,
    passphrase_file: Path | None,
    open_browser: bool,
    topics_dir: Path | None,
    styles_dir: Path | None,
) -> None:
    """Serve the front desk: find, preview, personalise and print handouts in a web browser.

    Prints the address first, then serves until Ctrl-C. Only this computer can connect unless
    --host names another address, which needs a passphrase. Nothing about patients is stored.

    \b
    Example:
      handouts serve --open
      handouts serve --style riverside-us --printer FrontDesk
      handouts serve --host 0.0.0.0 --passphrase-file ~/.handouts-passphrase
    """
    from . import library
    from .web.config import DeskConfig, check_host, read_passphrase
    from .web.server import serve as run_server

    passphrase = read_passphrase(passphrase_file)
    check_host(host, passphrase)
    names = style_names or ("default",)
    for name in names:
        load_style_or_exit(name, styles_dir, outcome="the front desk was not started")
    folders = library.topics_dir(topics_dir), library.styles_dir(styles_dir)
    config = DeskConfig(*folders, style_names=names, printer=printer, passphrase=passphrase)
    run_server(config, host, port, open_browser=open_browser)


@main.command(name="styles")
@styles_option
@friendly
def list_styles(styles_dir: Path | None) -> None:
    """List the styles you can use: name, clinic, paper, and your own file or "bundled".

    \b
    Example:
      handouts styles
      handouts styles --styles my-styles
    """
    from . import library
    from .errors import problems_for
    from .loading import StyleOptions, load_style

    folder = library.styles_dir(styles_dir)
    rows = [("NAME", "CLINIC", "PAPER", "FROM")]
    broken: list[Problem] = []
    for name, file in library.scan_styles(folder).items():
        try:
            style = load_style(
                file,
                find=lambda parent, base: library.find_style(parent, folder, base),
                options=StyleOptions(allow_outside_paths=True, check_files=False),
            )
        except Exception as error:  # one bad file is one line; the rest are listed
            broken += problems_for(error, file)
            continue
        rows.append((name, style.clinic.name, style.paper, "bundled" if library.is_bundled(file) else str(file)))
    print_table(rows, broken + library.misnamed_styles(folder))


@main.group(name="style")
def style_group() -> None:
    """Make a clinic style.

    \b
    Example:
      handouts style new riverside
    """


@style_group.command(name="new")
@click.argument("name")
@styles_option
@friendly
def style_new(name: str, styles_dir: Path | None) -> None:
    """Write styles/NAME.yaml with every key and a comment on each, extending default.

    Refuses to overwrite a file that is already there.

    \b
    Example:
      handouts style new riverside
      handouts build --all --style styles/riverside.yaml
    """
    from pathlib import Path

    from .scaffold import new_style

    folder = styles_dir or Path("styles")
    click.echo(str(new_style(name, folder)))


@main.command()
@click.argument("kind", type=click.Choice(["topic", "style"], case_sensitive=False))
def schema(kind: str) -> None:
    """Print the JSON Schema of topic or style files (for editors that check YAML as you type).

    The same schemas are kept in handouts/schemas/.

    \b
    Example:
      handouts schema topic > topic.schema.json
      handouts schema style
    """
    from .scaffold import schema_text

    click.echo(schema_text(kind), nl=False)

"""The ``handouts`` command. Each command parses options, calls one function, prints results.

ReportLab is imported only by commands that lay out pages, so ``--help`` and ``list`` start fast.
"""

from __future__ import annotations

import dataclasses
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, library
from .errors import HandoutError, Problem

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILED = 1
EXIT_STYLE = 3


def report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def friendly(function: F) -> F:
    """Turn HandoutError into error lines and an exit code; never show a traceback unless --debug."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except HandoutError as error:
            report(error.problems)
            sys.exit(EXIT_FAILED)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:
            if click.get_current_context().find_root().params.get("debug"):
                traceback.print_exc()
            click.echo(
                f"error: internal error ({type(error).__name__}: {error}); run with --debug for details", err=True
            )
            sys.exit(EXIT_FAILED)

    return wrapper  # type: ignore[return-value]


topics_option = click.option(
    "--topics",
    "topics_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of topic files (default: ./topics if present, else the bundled topics).",
)
styles_option = click.option(
    "--styles",
    "styles_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of style files (default: ./styles if present, else the bundled styles).",
)
style_option = click.option(
    "--style", "style_name", default="default", show_default=True, help="Style name, or path to a style .yaml file."
)


def load_style_or_exit(name: str, styles_dir: Path | None) -> Any:
    from .loading import load_style

    folder = library.styles_dir(styles_dir)
    try:
        file = library.find_style(name, folder)
        return load_style(file, find=lambda parent, base: library.find_style(parent, folder, base))
    except HandoutError as error:
        report(error.problems)
        click.echo("error: no handouts were built because the style cannot be used", err=True)
        sys.exit(EXIT_STYLE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


@main.command()
@click.argument("topics", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Build every topic.")
@style_option
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder to write PDFs into.",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), help="Paper size (default: the style's).")
@click.option("--lang", "language", help="Build the translation in this language, e.g. es.")
@click.option("--large-print", is_flag=True, help="Build the 16 pt large-print edition.")
@topics_option
@styles_option
@friendly
def build(
    topics: tuple[str, ...],
    everything: bool,
    style_name: str,
    out: Path,
    paper: str | None,
    language: str | None,
    large_print: bool,
    topics_dir: Path | None,
    styles_dir: Path | None,
) -> None:
    """Build handouts as PDF files and print each file's path.

    TOPICS are topic ids (file names without .yaml) or paths to topic files.

    \b
    Example:
      handouts build flat-feet-back-pain
      handouts build --all --style styles/riverside.yaml --paper a4 -o out
      handouts build sciatica-and-feet --lang es --large-print
    """
    from .batch import build_all, plan

    if not topics and not everything:
        raise click.UsageError("name at least one topic, or use --all")
    style = load_style_or_exit(style_name, styles_dir)
    jobs = plan(list(topics), everything, library.topics_dir(topics_dir), language, large_print)
    failed = 0
    for result in build_all(jobs, style, out, paper):
        report(result.problems)
        if result.ok and result.path is not None:
            click.echo(str(result.path))
        else:
            failed += 1
    if failed:
        click.echo(f"error: {failed} of {len(jobs)} handouts failed; {len(jobs) - failed} built", err=True)
        sys.exit(EXIT_FAILED)


@main.command(name="list")
@topics_option
@friendly
def list_topics(topics_dir: Path | None) -> None:
    """List the topics: id, title, languages, review dates (overdue marked).

    \b
    Example:
      handouts list
      handouts list --topics my-topics
    """
    import datetime as dt

    from .loading import load_topic

    folder = library.topics_dir(topics_dir)
    rows = [("ID", "TITLE", "LANGUAGES", "REVIEWED", "REVIEW DUE")]
    broken: list[Problem] = []
    for files in library.scan_topics(folder).values():
        if files.source is None:
            continue
        try:
            topic = load_topic(files.source).topic
        except HandoutError as error:
            broken += error.problems
            continue
        due = topic.review_due_date
        mark = " OVERDUE" if due < dt.date.today() else ""
        languages = ", ".join([topic.language, *files.languages()])
        rows.append((files.id, topic.title, languages, topic.reviewed.isoformat(), due.isoformat() + mark))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1])
    if broken:
        report(broken)
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("topics", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Check every topic.")
@style_option
@click.option("--paper", type=click.Choice(["a4", "letter"]), help="Check on this paper size (default: both).")
@click.option("--lang", "language", help="Check the translation in this language.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@topics_option
@styles_option
@friendly
def check(
    topics: tuple[str, ...],
    everything: bool,
    style_name: str,
    paper: str | None,
    language: str | None,
    strict: bool,
    topics_dir: Path | None,
    styles_dir: Path | None,
) -> None:
    """Check topics and the style: format, readability, review dates, glyphs, page budget.

    Prints each topic's reading figures and page counts. Exits 1 when any topic has an
    error (with --strict, a warning).

    \b
    Example:
      handouts check --all
      handouts check footwear-checklist --style styles/riverside.yaml --strict
    """
    from .batch import plan
    from .checks import check_jobs

    if not topics and not everything:
        raise click.UsageError("name at least one topic, or use --all")
    style = load_style_or_exit(style_name, styles_dir)
    jobs = plan(list(topics), everything, library.topics_dir(topics_dir), language, False)
    papers = [paper] if paper else ["letter", "a4"]
    failed = 0
    for checked in check_jobs(jobs, style, papers):
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

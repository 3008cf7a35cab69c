"""Printing through the system print service (CUPS): list its printers with ``lpstat``, send with ``lp``.

A handout is built in memory and handed to ``lp`` on standard input, so a personalised handout is
never written to disk by this tool. ``lp`` exists on Linux (Debian's cups-client) and on macOS.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .batch import Job, load
from .errors import HandoutError, Problem, did_you_mean, problems_for
from .loading import LoadedTopic
from .models import Style

if TYPE_CHECKING:
    from .story import Personal

LPSTAT_SECONDS = 15
LP_SECONDS = 60


@dataclass(frozen=True)
class Printers:
    """The printers CUPS knows, sorted, and the default one (None when there is no default)."""

    names: list[str]
    default: str | None


@dataclass
class Printed:
    """One handout: built in memory, then sent to ``printer`` as CUPS job ``request``."""

    job: Job
    title: str = ""
    pages: int = 0
    printer: str = ""
    request: str = ""
    sides: str = ""
    problems: list[Problem] = field(default_factory=list)
    pdf: bytes = field(default=b"", repr=False)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def summary(self, copies: int) -> str:
        """``2 pages, double-sided, 1 copy``."""
        pages = f"{self.pages} page" + ("" if self.pages == 1 else "s")
        sides = "one-sided" if self.sides == "one-sided" else "double-sided"
        return f"{pages}, {sides}, {copies} cop" + ("y" if copies == 1 else "ies")


def list_printers() -> Printers:
    """Ask CUPS for its printers and its default printer."""
    output = _run(["lpstat", "-r", "-d", "-e"], LPSTAT_SECONDS).stdout.decode("utf-8", "replace")
    names: list[str] = []
    default = None
    for line in output.splitlines():
        line = line.strip()
        if line == "scheduler is not running":
            raise HandoutError([Problem("the print service (CUPS) is not running, so nothing can be printed")])
        if line.startswith("system default destination:"):
            default = line.partition(":")[2].strip() or None
        elif line and " " not in line:  # printer names have no spaces; status lines do
            names.append(line)
    return Printers(sorted(set(names), key=str.lower), default)


def choose_printer(name: str | None, printers: Printers, *, from_style: bool = False) -> str:
    """The CUPS name of the printer asked for (names are not case-sensitive), or the default one."""
    listed = ", ".join(printers.names)
    asked = f'"{name}" (from printer: in the style)' if from_style else f'"{name}"'
    if name is None:
        if printers.default:
            return printers.default
        if not printers.names:
            raise HandoutError([Problem("no printers are set up in the print service (CUPS)")])
        raise HandoutError(
            [Problem(f"there is no default printer; printers: {listed} (choose one with --printer NAME)")]
        )
    for known in printers.names:
        if known.lower() == name.lower():
            return known
    if not printers.names:
        raise HandoutError([Problem(f"no printer named {asked}; no printers are set up in the print service (CUPS)")])
    hint = did_you_mean(name, printers.names)
    raise HandoutError([Problem(f"no printer named {asked}; printers: {listed}" + (f" ({hint})" if hint else ""))])


def send(pdf: bytes, *, printer: str, title: str, copies: int, sides: str, paper: str) -> str:
    """Hand the PDF to ``lp`` on standard input; return the CUPS request id, e.g. ``FrontDesk-12``."""
    command = ["lp", "-d", printer, "-t", title, "-n", str(copies)]
    for option in (f"sides={sides}", f"media={paper}", "document-format=application/pdf"):
        command += ["-o", option]
    result = _run(command, LP_SECONDS, pdf)
    said = result.stdout.decode("utf-8", "replace")
    found = re.search(r"request id is (\S+)", said, re.IGNORECASE)
    if result.returncode != 0 or found is None:
        message = _last_line(result.stderr) or _last_line(result.stdout) or f"lp exited with code {result.returncode}"
        raise HandoutError([Problem(f'the printer "{printer}" refused "{title}": {message}')])
    return found.group(1)


def print_handouts(
    jobs: list[Job],
    style: Style,
    *,
    printer: str | None,
    copies: int,
    one_sided: bool,
    paper: str | None,
    personal: Personal | None = None,
    load_topic: Callable[[Path], LoadedTopic] | None = None,
) -> Iterator[Printed]:
    """Check the printer, build every handout in memory, then send each one.

    When any handout cannot be built, the results are yielded with their problems and nothing is
    sent, so a set of handouts is never half printed. Two or more pages print double-sided
    (long edge) unless ``one_sided``. ``load_topic`` reads a topic file (the web app passes its own).
    """
    target = choose_printer(printer or style.printer, list_printers(), from_style=not printer and bool(style.printer))
    media = paper or style.paper
    ready = build_in_memory(
        jobs, style, target, one_sided=one_sided, paper=paper, personal=personal, load_topic=load_topic
    )
    if not all(result.ok for result in ready):
        yield from ready
        return
    for result in ready:
        result.request = send(
            result.pdf, printer=target, title=result.title, copies=copies, sides=result.sides, paper=media
        )
        result.pdf = b""
        yield result


def build_in_memory(
    jobs: list[Job],
    style: Style,
    printer: str,
    *,
    one_sided: bool,
    paper: str | None,
    personal: Personal | None,
    load_topic: Callable[[Path], LoadedTopic] | None = None,
) -> list[Printed]:
    """Each handout built in memory, ready for ``printer``, or with the problems that stopped it."""
    from .build import Options, build_handout
    from .loading import with_placeholders

    ready: list[Printed] = []
    for job in jobs:
        result = Printed(job, printer=printer)
        try:
            loaded = load(job, load_topic)
            options = Options(paper=paper, large_print=job.large_print, personal=personal)
            built = build_handout(loaded, style, options)
            result.title = with_placeholders(loaded, style).title
            result.pdf, result.pages = built.pdf, built.pages
            result.sides = "one-sided" if one_sided or built.pages < 2 else "two-sided-long-edge"
        except Exception as error:  # one handout's failure, whatever it is, is that handout's line
            result.problems = problems_for(error, job.file)
        ready.append(result)
    return ready


def _run(command: list[str], seconds: int, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "LC_ALL": "C"}  # lpstat's words are read below; C keeps them in English
    try:
        return subprocess.run(command, input=data, capture_output=True, timeout=seconds, env=environment, check=False)
    except FileNotFoundError:
        if sys.platform == "win32":
            # Windows has no CUPS to install: say what works there instead.
            why = (
                "Windows has no CUPS print service; build the PDF (handouts build) and print it from a PDF "
                "viewer, or use the front desk's Download PDF"
            )
        else:
            why = f"the '{command[0]}' command was not found; install CUPS (on Debian or Ubuntu: sudo apt install cups cups-client)"
        raise HandoutError([Problem(f"cannot print: {why}")]) from None
    except subprocess.TimeoutExpired:
        raise HandoutError(
            [Problem(f"the print service (CUPS) did not answer within {seconds} seconds; check the printer queue")]
        ) from None


def _last_line(data: bytes) -> str:
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    if not lines:
        return ""
    return re.sub(r"^lp(stat)?:\s*(Error\s*-\s*)?", "", lines[-1])


def print_packet(
    jobs: list[Job],
    style: Style,
    *,
    printer: str | None,
    copies: int,
    one_sided: bool,
    paper: str | None,
    personal: Personal | None = None,
    load_topic: Callable[[Path], LoadedTopic] | None = None,
) -> list[Printed]:
    """Several handouts sent as one print job, so they come out of the printer together.

    Printed double-sided (unless ``one_sided``), each handout starts on a sheet of its own. When
    any handout cannot be built, nothing is sent and the results carry the problems.
    """
    from .packet import combine

    target = choose_printer(printer or style.printer, list_printers(), from_style=not printer and bool(style.printer))
    ready = build_in_memory(
        jobs, style, target, one_sided=one_sided, paper=paper, personal=personal, load_topic=load_topic
    )
    if not all(result.ok for result in ready):
        return ready
    pdf, pages = combine([result.pdf for result in ready], sheet_per_handout=not one_sided)
    sides = "one-sided" if one_sided or pages < 2 else "two-sided-long-edge"
    title = " + ".join(result.title for result in ready)
    request = send(pdf, printer=target, title=title, copies=copies, sides=sides, paper=paper or style.paper)
    for result in ready:
        result.request, result.sides, result.pdf = request, sides, b""
    return ready

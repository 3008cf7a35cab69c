"""Printing through a real CUPS daemon, and the errors when printing cannot happen.

The daemon (``cups`` and ``cups_daemon`` fixtures) is in cupsd.py, shared with the front-desk tests.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import sys
import tempfile
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.build import build_handout
from handouts.library import find_style, find_topic
from handouts.loading import load_style, load_topic

from .conftest import STYLES, TOPICS, Run, pdf_text, write
from .cupsd import FRONT_DESK, OFFICE, Cups, file_system_now, files_mentioning, opened_for_writing, wait_for_pdf


def request_of(output: str) -> str:
    found = re.search(r" as (\S+-\d+) \(", output)
    assert found, output
    return found.group(1)


def job_attributes(cups: Cups, request: str) -> dict[str, list[object]]:
    """The job's attributes as CUPS keeps them: its control file c<number>, an IPP message."""
    data = (cups.spool / f"c{int(request.rsplit('-', 1)[1]):05d}").read_bytes()
    attributes: dict[str, list[object]] = {}
    name, i = "", 8  # skip version, operation and request id
    while i < len(data):
        tag = data[i]
        i += 1
        if tag == 0x03:  # end of attributes
            break
        if tag < 0x10:  # the start of an attribute group
            continue
        (length,) = struct.unpack(">H", data[i : i + 2])
        name = data[i + 2 : i + 2 + length].decode() or name  # an empty name: another value of the same attribute
        i += 2 + length
        (length,) = struct.unpack(">H", data[i : i + 2])
        value = data[i + 2 : i + 2 + length]
        i += 2 + length
        if tag in (0x21, 0x23):  # integer or enum
            attributes.setdefault(name, []).append(struct.unpack(">i", value)[0])
        else:  # text, keywords and names are UTF-8; dates, ranges and collections stay bytes
            attributes.setdefault(name, []).append(value.decode() if 0x40 <= tag <= 0x5F else value)
    return attributes


def handout_pdf(topic: str) -> bytes:
    """The handout as ``handouts build`` makes it in the default style (the same bytes every time)."""
    style = load_style(find_style("default", STYLES), find=lambda parent, base: find_style(parent, STYLES, base))
    source = find_topic(topic, TOPICS).source
    assert source is not None
    return build_handout(load_topic(source), style).pdf


# ----- with a real CUPS daemon -----


def test_print_sends_two_copies_double_sided_and_the_printer_gets_the_handout(run: Run, cups: Cups) -> None:
    result = run("print", "footwear-checklist", "--copies", "2", "--printer", FRONT_DESK)
    assert result.exit_code == 0, result.output
    request = request_of(result.stdout)
    assert result.stdout == f"footwear-checklist: sent to {FRONT_DESK} as {request} (2 pages, double-sided, 2 copies)\n"
    printed = wait_for_pdf(cups, request)
    assert len(PdfReader(printed).pages) == 2
    assert printed.read_bytes() == handout_pdf("footwear-checklist")  # the handout itself reached the printer
    job = job_attributes(cups, request)
    assert job["copies"] == [2]
    assert job["sides"] == ["two-sided-long-edge"]
    assert job["media"] == ["letter"]
    assert job["job-name"] == ["Footwear checklist"]
    assert job["document-format"] == ["application/pdf"]


def test_one_sided_and_a_style_printer(run: Run, cups: Cups, tmp_path: Path) -> None:
    style = write(tmp_path, "styles/desk.yaml", f"extends: default\npaper: a4\nprinter: {OFFICE.lower()}\n")
    result = run("print", "when-to-see-a-specialist", "--style", style, "--one-sided")
    assert result.exit_code == 0, result.output
    request = request_of(result.stdout)
    assert request.startswith(f"{OFFICE}-")
    wait_for_pdf(cups, request)
    job = job_attributes(cups, request)
    assert (job["copies"], job["sides"], job["media"]) == ([1], ["one-sided"], ["a4"])


def test_printers_lists_the_printers_and_the_default(run: Run, cups: Cups) -> None:
    result = run("printers")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{FRONT_DESK} (default)\n{OFFICE}\n"


def test_a_misspelled_printer_is_one_error_line_with_a_suggestion(run: Run, cups: Cups) -> None:
    before = cups.tool("lpstat", "-W", "all", "-o").stdout
    result = run("print", "footwear-checklist", "--printer", "FrontDsk")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: no printer named \"FrontDsk\"; printers: {FRONT_DESK}, {OFFICE} (did you mean '{FRONT_DESK}'?)\n"
    )
    assert cups.tool("lpstat", "-W", "all", "-o").stdout == before  # no job was made


def test_a_printer_that_refuses_jobs_is_one_error_line(run: Run, cups: Cups) -> None:
    cups.tool("cupsreject", OFFICE)
    try:
        result = run("print", "footwear-checklist", "--printer", OFFICE)
    finally:
        cups.tool("cupsaccept", OFFICE)
    assert result.exit_code == 1
    assert result.stderr == (
        f'error: the printer "{OFFICE}" refused "Footwear checklist": Destination "{OFFICE}" is not accepting jobs.\n'
    )


def test_an_unknown_topic_prints_nothing_at_all(run: Run, cups: Cups) -> None:
    before = cups.tool("lpstat", "-W", "all", "-o").stdout
    result = run("print", "footwear-checklist", "footwear-checklst")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "error: nothing was printed; 1 of 2 handouts could not be built"
    assert cups.tool("lpstat", "-W", "all", "-o").stdout == before


def test_a_personalised_handout_goes_to_cups_from_memory_and_nowhere_else(run: Run, cups: Cups, tmp_path: Path) -> None:
    # A name no other test run (in parallel, with a daemon of its own) prints, so a file naming it is ours.
    patient = f"Test Patient {os.getpid()}-{time.monotonic_ns()}"
    writes: list[str] = []
    commands: list[list[str]] = []
    watching = False

    def audit(event: str, args: tuple[object, ...]) -> None:
        if not watching:
            return
        # (an int is a descriptor already open, such as the pipe to lp; __pycache__ is Python's own)
        if (
            event == "open"
            and not isinstance(args[0], int)
            and opened_for_writing(args)
            and "__pycache__" not in str(args[0])
        ):
            writes.append(str(args[0]))
        elif event in ("os.rename", "os.replace", "os.link", "os.symlink", "os.truncate"):
            writes.append(f"{event} {args}")
        elif event == "subprocess.Popen":
            argv = args[1]
            assert isinstance(argv, list | tuple), argv  # (executable, args, cwd, env): args is a sequence
            commands.append([str(a) for a in argv])

    sys.addaudithook(audit)
    work = Path.cwd()
    start = file_system_now()
    watching = True
    try:
        result = run("print", "footwear-checklist", "--for", patient, "--clinician", "Dr Shah")
    finally:
        watching = False
    assert result.exit_code == 0, result.output
    assert patient not in result.output
    printed = wait_for_pdf(cups, request_of(result.stdout))

    # The tool opened no file for writing, and handed the PDF to lp on standard input (no file argument).
    assert writes == []
    lp = [command for command in commands if Path(command[0]).name == "lp"]
    assert len(lp) == 1
    assert not [word for word in lp[0] if os.path.exists(word)], lp[0]
    # No file under the working folder or the temporary folder names the patient, except what the print
    # service itself keeps (its spool and the printers' output, in its own folder).
    assert files_mentioning(patient, [work, Path(tempfile.gettempdir())], start, skip=cups.root) == []
    # The printed PDF has the details in it; the job name, which CUPS keeps in its history, does not.
    text = pdf_text(printed)
    assert f"Prepared for: {patient}" in text
    assert "Clinician: Dr Shah" in text
    job = job_attributes(cups, request_of(result.stdout))
    assert job["job-name"] == ["Footwear checklist"]
    assert job["sides"] == ["two-sided-long-edge"]


# ----- without a print service -----


def test_build_prints_the_details_but_keeps_them_out_of_file_names_and_metadata(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    start = file_system_now()
    result = run("build", "footwear-checklist", "--for", "Jane Example", "--note", "Walk daily", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out / 'footwear-checklist.pdf'}\n"
    reader = PdfReader(out / "footwear-checklist.pdf")
    assert "Jane Example" not in str(reader.metadata)
    assert "Jane Example" not in str(reader.xmp_metadata or "")
    assert "Prepared for: Jane Example Note: Walk daily" in pdf_text(out / "footwear-checklist.pdf")
    # The search used for printing above would have found a PDF like this one.
    assert files_mentioning("Jane Example", [tmp_path], start, skip=tmp_path / "none") == [
        out / "footwear-checklist.pdf"
    ]


def test_no_print_service_is_one_error_line(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("lpstat") is None:
        pytest.skip("lpstat not installed (Debian's cups-client)")
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-such.sock"))
    for args in (["printers"], ["print", "footwear-checklist"]):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr == "error: the print service (CUPS) is not running, so nothing can be printed\n"


def test_no_lp_command_is_one_error_line(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("print", "footwear-checklist")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: cannot print: the 'lpstat' command was not found; install CUPS "
        "(on Debian or Ubuntu: sudo apt install cups cups-client)\n"
    )

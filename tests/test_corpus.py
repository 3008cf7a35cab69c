"""Bad input never crashes the tool, never loses a file, never reaches outside (issue 5).

A data-driven corpus: every ``tests/corpus/<kind>/<name>.expect`` is one case, a small YAML file:

    # what the case shows
    exit: 1                          # the exit code
    stderr: |                        # every line on standard error, exactly
      error: {file}:4:15: sections[0].heading: ...
    pdf_text: ["No"]                 # a build that succeeds: text the PDF must show, as typed
    not_pdf_text: ["**real**"]       # ... and text it must not
    args: [--allow-outside-paths]    # more command-line arguments
    command: check                   # instead of build
    setup: deep-nesting              # a function in SETUPS makes the input (huge or binary) or the scene
    out: [a.pdf]                     # the files in the output folder afterwards (default: the one PDF
                                     # of a build that succeeds, none when it fails)

``topics/<name>.expect`` builds ``topics/<name>.yaml`` in the default style; ``styles/<name>.expect``
builds ``good-topic.yaml`` with ``--style styles/<name>.yaml``; ``output/<name>.expect`` cases get
their whole scene from their setup. Placeholders: {file} the input file as given on the command
line, {dir} its folder, {corpus} this corpus folder, {work} the working folder, {out} the output
folder (all resolved).

Every case also asserts: no "Traceback", standard output holds only the paths of PDFs written,
no temporary file is left anywhere, files already in the output folder are unchanged unless the
case writes them, nothing is written into the corpus, and every character of every PDF written
lies inside its page.
"""

from __future__ import annotations

import errno
import os
import re
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import BUNDLED_TOPICS, REPO, Run, pdf_text, write

CORPUS = Path(__file__).resolve().parent / "corpus"
GOOD_TOPIC = CORPUS / "good-topic.yaml"
CASES = sorted(CORPUS.glob("*/*.expect"))


@dataclass
class Scene:
    """What one case runs: the command-line arguments, the input file and the output folder."""

    args: list[str | Path]
    file: Path | None
    out: Path
    before: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Case:
    kind: str
    name: str
    expect: dict[str, Any]  # the .expect file as YAML reads it

    @property
    def input(self) -> Path:
        return CORPUS / self.kind / f"{self.name}.yaml"


Setup = Callable[[Case, Path, pytest.MonkeyPatch], Scene]
SETUPS: dict[str, Setup] = {}


def setup(name: str) -> Callable[[Setup], Setup]:
    def register(function: Setup) -> Setup:
        SETUPS[name] = function
        return function

    return register


def default_scene(case: Case, file: Path, tmp: Path) -> Scene:
    out = tmp / "out"
    extra = [str(a) for a in case.expect.get("args", [])]
    if case.expect.get("command") == "check":
        return Scene(["check", file, *extra], file, out)
    if case.kind == "styles":
        return Scene(["build", GOOD_TOPIC, "--style", file, "-o", out, *extra], file, out)
    return Scene(["build", file, "-o", out, *extra], file, out)


def generated(case: Case, tmp: Path, content: bytes) -> Path:
    file = tmp / "generated" / case.kind / f"{case.name}.yaml"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(content)
    return file


# ----- inputs too big or too odd to keep in the repository -----

DEEP = 50_000


@setup("deep-nesting")
def _deep_nesting(case: Case, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    text = "title: Test topic\nreviewed: 2026-11-01\nsections: " + "[" * DEEP + "]" * DEEP + "\n"
    return default_scene(case, generated(case, tmp, text.encode()), tmp)


@setup("over-1mb")
def _over_1mb(case: Case, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    text = GOOD_TOPIC.read_bytes() + b"# padding to make the file too big\n" * 30_000
    return default_scene(case, generated(case, tmp, text[:1_000_001]), tmp)  # one byte over the limit


HUGE_SENTENCE = "Walk a little every day and rest when your feet hurt. "


@setup("huge-topic")
def _huge_topic(case: Case, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    paragraph = HUGE_SENTENCE * 10  # 110 words
    body = "".join(f"      - {paragraph}\n" for _ in range(182))  # 20,020 words
    text = "title: A very long topic\nreviewed: 2026-11-01\nsections:\n  - heading: Everything\n    body:\n" + body
    return default_scene(case, generated(case, tmp, text.encode()), tmp)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that says it is ``width`` x ``height`` but holds almost no pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def huge_logo(width: int, height: int) -> Setup:
    def make(case: Case, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
        style = generated(case, tmp, b"extends: default\nlogo: huge.png\n")
        (style.parent / "huge.png").write_bytes(png_header_only(width, height))
        return default_scene(case, style, tmp)

    return make


SETUPS["logo-30-megapixels"] = huge_logo(6000, 5000)
SETUPS["logo-400-megapixels"] = huge_logo(20_000, 20_000)


# ----- output folders that cannot be written -----


def _topic(tmp: Path, name: str = "a.yaml") -> Path:
    file = tmp / "work" / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(GOOD_TOPIC.read_text())
    return file


@setup("out-is-a-file")
def _out_is_a_file(case: Case, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    out = tmp / "out"
    out.write_text("not a folder\n")
    return Scene(["build", _topic(tmp), "-o", out], None, out)


@setup("out-under-a-file")
def _out_under_a_file(case: Case, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    topic = _topic(tmp)
    (tmp / "work" / "printouts").write_text("not a folder\n")
    out = tmp / "work" / "printouts" / "today"
    return Scene(["build", topic, "-o", out], None, out)


@setup("pdf-name-is-a-folder")
def _pdf_name_is_a_folder(case: Case, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    out = tmp / "out"
    (out / "a.pdf").mkdir(parents=True)
    (out / "a.pdf" / "keep.txt").write_text("a file inside the folder\n")
    return Scene(["build", _topic(tmp), "-o", out], None, out)


@setup("folder-not-writable")
def _folder_not_writable(case: Case, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    # The tests run as root, who may write anywhere: the refusal is simulated where the file is made.
    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    out = tmp / "out"
    return Scene(["build", _topic(tmp), "-o", out], None, out)


@setup("same-file-twice")
def _same_file_twice(case: Case, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    first, second = _topic(tmp), _topic(tmp, "copy/a.yaml")
    out = tmp / "out"
    return Scene(["build", first, second, "-o", out], None, out)


# ----- running a case -----


def load_case(path: Path) -> Case:
    return Case(path.parent.name, path.stem, yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def listing(folder: Path) -> list[str]:
    """Every file and folder under ``folder``, relative to it."""
    found = []
    for parent, folders, files in os.walk(folder):
        found += [os.path.relpath(os.path.join(parent, name), folder) for name in folders + files]
    return sorted(found)


def assert_inside_the_page(pdf: Path) -> None:
    """Every character drawn lies inside its page: no text runs off the paper."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        for number in range(len(document)):
            page = document[number]
            text = page.get_textpage()
            width, height = page.get_size()
            for index in range(text.count_chars()):
                left, bottom, right, top = text.get_charbox(index)
                assert 0 <= left <= right <= width and 0 <= bottom <= top <= height, (
                    f"{pdf.name} page {number + 1}: character {index} at ({left:.0f}, {bottom:.0f}) is off the page"
                )
            text.close()
            page.close()
    finally:
        document.close()


@pytest.fixture
def scene(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> tuple[Case, Scene]:
    """The case's scene, made after ``run`` has made the working folder (tmp_path/work)."""
    case = load_case(request.param)
    name = case.expect.get("setup")
    if name is not None:
        made = SETUPS[str(name)](case, tmp_path, monkeypatch)
    else:
        assert case.input.is_file(), f"{case.input} is missing"
        made = default_scene(case, case.input, tmp_path)
    made.before = snapshot(made.out)
    return case, made


def placeholders(case: Case, made: Scene, tmp_path: Path) -> dict[str, str]:
    values = {"corpus": str(CORPUS), "work": str(tmp_path / "work"), "out": str(made.out)}
    if made.file is not None:
        values |= {"file": str(made.file), "dir": str(made.file.parent.resolve())}
    return values


def fill(text: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(corpus|work|out|file|dir)\}", lambda m: values[m.group(1)], text)


@pytest.mark.parametrize("scene", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES], indirect=True)
def test_corpus_case(scene: tuple[Case, Scene], run: Run, tmp_path: Path, fake_gs: Path) -> None:
    case, made = scene
    expect = case.expect
    corpus_before = listing(CORPUS)

    result = run(*made.args)
    assert not fake_gs.exists(), fake_gs.read_text()  # Ghostscript never runs, whatever the file

    values = placeholders(case, made, tmp_path)
    assert "Traceback" not in result.output
    assert result.exit_code == expect["exit"], result.output
    expected_errors = fill(str(expect.get("stderr", "")), values).splitlines()
    assert result.stderr.splitlines() == expected_errors

    wanted_pdfs = expect.get("out")
    if wanted_pdfs is None:
        topic = GOOD_TOPIC.stem if case.kind == "styles" else case.name
        wanted_pdfs = [f"{topic}.pdf"] if expect["exit"] == 0 and expect.get("command") != "check" else []
    written = sorted(set(snapshot(made.out)) - set(made.before))
    assert written == sorted(str(name) for name in wanted_pdfs)
    if expect.get("command") != "check":
        assert result.stdout.splitlines() == [str(made.out / name) for name in written]
    for name, data in made.before.items():  # what was there before is untouched
        assert (made.out / name).read_bytes() == data, name
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")], "a temporary file was left behind"
    assert listing(CORPUS) == corpus_before

    for name in written:
        assert_inside_the_page(made.out / name)
    if written and (expect.get("pdf_text") or expect.get("not_pdf_text")):
        text = pdf_text(made.out / written[0])
        for wanted in expect.get("pdf_text", []):
            assert wanted in text
        for unwanted in expect.get("not_pdf_text", []):
            assert unwanted not in text


def test_the_corpus_is_big_enough_and_every_case_has_its_input() -> None:
    bad_inputs = [c for c in map(load_case, CASES) if c.expect["exit"] != 0]
    assert len(bad_inputs) >= 45
    for case in map(load_case, CASES):
        assert case.input.is_file() or "setup" in case.expect, case.name
        assert str(case.expect.get("setup", "")) in ("", *SETUPS), case.name
    orphans = [p for p in CORPUS.glob("*/*.yaml") if not p.with_suffix(".expect").is_file()]
    assert orphans == []


# ----- must show 2: a billion laughs and 50,000-deep nesting, in a process of their own -----


def _peak_kb(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], int, float]:
    """Run ``python -m handouts ARGS`` under a small parent that reports the child's peak memory."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run([sys.executable, '-m', 'handouts', *sys.argv[1:]], capture_output=True, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stdout.write(f'{done.returncode} {peak} {seconds}\\n' + done.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, *args], cwd=cwd, capture_output=True, text=True, check=True)
    first, _, stderr = result.stdout.partition("\n")
    code, peak, seconds = first.split()
    child = subprocess.CompletedProcess(args, int(code), "", stderr)
    kb = int(peak) // (1024 if sys.platform == "darwin" else 1)  # macOS reports bytes
    return child, kb, float(seconds)


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX only")
def test_billion_laughs_fails_fast_in_little_memory(tmp_path: Path) -> None:
    laughs = CORPUS / "topics" / "billion-laughs.yaml"
    assert laughs.stat().st_size == 342
    baseline_file = write(tmp_path, "baseline.yaml", "title: [x]\n")  # fails at the same stage, no anchors
    baseline, baseline_kb, baseline_seconds = _peak_kb(["build", str(baseline_file), "-o", "out"], tmp_path)
    result, kb, seconds = _peak_kb(["build", str(laughs), "-o", "out"], tmp_path)
    assert baseline.returncode == 1
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"error: {laughs}:1:4: anchors and aliases (&name, *name) are not supported; write the text out in full"
    )
    assert "Traceback" not in result.stderr
    assert kb - baseline_kb < 100 * 1024, f"{kb - baseline_kb} KB more than a plain failure"
    # A hang guard, not a benchmark (speed is measured by tests/bench.py): expanding the aliases
    # would take minutes, refusing them takes no longer than any other failure.
    assert seconds - baseline_seconds < 10, f"{seconds:.2f} s against {baseline_seconds:.2f} s"
    assert not (tmp_path / "out").exists()


def test_billion_laughs_is_refused_without_expanding_in_process(run: Run, tmp_path: Path) -> None:
    start = time.perf_counter()
    result = run("build", CORPUS / "topics" / "billion-laughs.yaml", "-o", tmp_path / "out")
    assert time.perf_counter() - start < 10  # a hang guard: expanding the aliases would take minutes
    assert result.exit_code == 1


def test_50000_deep_nesting_fails_cleanly_in_its_own_process(tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.yaml", "title: " + "[" * DEEP + "]" * DEEP + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "handouts", "build", str(deep), "-o", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1  # never 139 or -11 (a segfault in the C parser)
    assert result.stderr.splitlines() == [
        f"error: {deep}:1:47: the data is nested more than 40 levels deep; a handout never needs this, "
        "so check the brackets and the indentation",
        "error: 1 of 1 handouts failed; 0 built",
    ]
    assert not (tmp_path / "out").exists()


# ----- must show 3: a disk that fills up mid-write keeps the previous PDF -----


def test_disk_full_mid_write_keeps_the_previous_pdf_byte_for_byte(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    topic = write(tmp_path, "keep.yaml", GOOD_TOPIC.read_text())
    out = tmp_path / "out"
    assert run("build", topic, "-o", out).exit_code == 0
    before = (out / "keep.pdf").read_bytes()
    write(tmp_path, "keep.yaml", GOOD_TOPIC.read_text().replace("A paragraph.", "A changed paragraph."))

    real_write = os.write
    written: list[int] = []

    def fill_up(fd: int, data: bytes) -> int:
        """Take 4 KB, then report the disk full."""
        if sum(written) >= 4096:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(real_write(fd, bytes(data)[:4096]))
        return written[-1]

    monkeypatch.setattr("handouts.build.os.write", fill_up)
    result = run("build", topic, "-o", out)

    assert sum(written) == 4096  # the failure came mid-write, not before it
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {out / 'keep.pdf'}: cannot write the PDF: No space left on device; free some space and build again",
        "error: 1 of 1 handouts failed; 0 built",
    ]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert (out / "keep.pdf").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["keep.pdf"]  # no temporary file left


def test_a_pdf_gets_the_permissions_of_any_new_file(run: Run, tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("POSIX permissions")
    mask = os.umask(0o022)
    try:
        assert run("build", GOOD_TOPIC, "-o", tmp_path / "out").exit_code == 0
    finally:
        os.umask(mask)
    assert (tmp_path / "out" / "good-topic.pdf").stat().st_mode & 0o777 == 0o644


# ----- must show 4: a batch of four with one broken topic -----


def test_a_batch_of_four_with_one_broken_writes_three_pdfs_one_error_and_a_summary(run: Run, tmp_path: Path) -> None:
    topics = tmp_path / "topics"
    for name in ("one", "two", "three"):
        write(topics, f"{name}.yaml", GOOD_TOPIC.read_text())
    write(topics, "broken.yaml", GOOD_TOPIC.read_text().replace("title: Test topic", "titel: Test topic"))
    out = tmp_path / "out"
    result = run("build", "--all", "--topics", topics, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {topics / 'broken.yaml'}:1:1: titel: unknown key 'titel'; did you mean 'title'?",
        "error: 1 of 8 handouts failed; 7 built",
    ]
    built = ["one", "two", "three", *BUNDLED_TOPICS]  # a topics folder adds to the bundled topics
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.pdf" for n in built)
    assert sorted(result.stdout.splitlines()) == sorted(str(out / f"{n}.pdf") for n in built)
    assert "Traceback" not in result.output


# ----- --debug shows tracebacks; nothing else ever does -----


def test_only_debug_shows_a_traceback(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import handouts.build

    def explode(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug in the tool")

    monkeypatch.setattr(handouts.build, "make_story", explode)
    plain = run("build", GOOD_TOPIC, "-o", tmp_path / "out", internal_error_expected=True)
    assert plain.exit_code == 1
    assert "Traceback" not in plain.output
    assert plain.stderr.splitlines() == [
        f"error: {GOOD_TOPIC}: internal error (ZeroDivisionError), a bug in handouts; run with --debug for details",
        "error: 1 of 1 handouts failed; 0 built",
    ]
    debug = run("--debug", "build", GOOD_TOPIC, "-o", tmp_path / "out", internal_error_expected=True)
    assert debug.exit_code == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "ZeroDivisionError: a bug in the tool" in debug.stderr
    assert not (tmp_path / "out").exists()


def test_no_traceback_in_a_real_process_either(tmp_path: Path) -> None:
    """The corpus runs in process; one bad file through ``python -m handouts`` shows the same lines."""
    result = subprocess.run(
        [sys.executable, "-m", "handouts", "build", str(CORPUS / "topics" / "python-tag.yaml"), "-o", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].endswith(
        "YAML tags such as '!!python/object/apply:os.system' are not allowed; remove the tag or put the text in quotes"
    )

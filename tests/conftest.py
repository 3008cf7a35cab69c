from __future__ import annotations

import io
import os
import random
import shutil
import signal
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner, Result
from hypothesis import settings
from PIL import Image
from pypdf import PdfReader

from handouts.cli import main

from .browser import browser  # the real-browser fixture, for every test module
from .cupsd import cups, cups_daemon  # the printing and front-desk tests share one CUPS daemon

__all__ = ["browser", "cups", "cups_daemon"]

REPO = Path(__file__).resolve().parent.parent
TOPICS = REPO / "topics"
STYLES = REPO / "styles"
# The day the suite runs on, whatever the computer's clock says: the bundled topics fall due for
# review on 2028-11-01, and answers about review dates must not change as the calendar moves on.
TODAY = "2027-01-01"
# Every topics folder adds to these (a file with the same id wins), so `--all` builds them too.
BUNDLED_TOPICS = ["flat-feet-back-pain", "footwear-checklist", "sciatica-and-feet", "when-to-see-a-specialist"]

# A suite started in the background (`pytest &` in a script) inherits Ctrl-C as ignored, and so
# would every command it starts: the Ctrl-C tests need it to reach them as it does from a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# The suite starts some 70 Python processes (its workers, the commands under test, servers). Where
# PYTHONDONTWRITEBYTECODE is set, each would compile the package, and each worker the test modules,
# all over again: let them keep Python's compiled files (in __pycache__ folders, which git ignores).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the one source of today's date (handouts.clock), for this process and the commands it starts."""
    monkeypatch.setenv("HANDOUTS_TODAY", TODAY)


# Hypothesis: "ci" (the default, and what the README's test command runs) derandomizes, so a failure
# found once is found again on every run and machine; "long" (HYPOTHESIS_PROFILE=long) explores ten
# times as many random examples and keeps failures in .hypothesis/ to replay them first next time.
# Tests state their example counts through ``examples(n)``, so the profile scales every one of them.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("long", print_blob=True)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
EXAMPLE_SCALE = {"ci": 1, "long": 10}
settings.load_profile(PROFILE)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The real-browser tests first and together. xdist's work stealing gives each worker a run of
    consecutive tests and steals from the end of a run, so one worker runs them all and starts the
    one Chromium (about a second of CPU to start) instead of each worker starting its own."""
    items.sort(key=lambda item: "browser" not in getattr(item, "fixturenames", ()))


def examples(count: int) -> int:
    """``count`` examples in the CI profile, ten times as many in the long one."""
    return count * EXAMPLE_SCALE.get(PROFILE, 1)


Run = Callable[..., Result]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def run(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the CLI in an empty working folder, so ./topics and ./styles are not picked up by accident."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("HANDOUTS_TOPICS", raising=False)
    monkeypatch.delenv("HANDOUTS_STYLES", raising=False)

    def invoke(*args: str | Path, internal_error_expected: bool = False) -> Result:
        result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
        # An internal error is a bug: no test passes with one unless it provokes it on purpose.
        assert internal_error_expected or "internal error" not in result.output, result.output
        return result

    return invoke


@pytest.fixture(scope="session")
def huge_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 6000x4000 noisy JPEG (over 2 MB), made once per run (per xdist worker) for the tests that need one."""
    path = tmp_path_factory.mktemp("photo") / "photo.jpg"
    noise = random.Random(6000).randbytes(6000 * 4000 * 3)  # (Pillow's effect_noise takes 3 times as long)
    Image.frombytes("RGB", (6000, 4000), noise).save(path, quality=90)
    return path


def pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    """An RGB image's pixels, row by row."""
    flat = getattr(image, "get_flattened_data", None)  # Pillow 13 renamed getdata
    return list(flat() if flat else image.getdata())


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def page_lines(pdf: Path | bytes) -> list[str]:
    """Each page's extracted text, its lines as PDFium reads them. PDFium gives the same words as
    pypdf's extract_text (compared on the bundled handouts) many times faster."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [document[n].get_textpage().get_text_range() for n in range(len(document))]
    finally:
        document.close()


def page_texts(pdf: Path | bytes) -> list[str]:
    """Each page's extracted text, whitespace collapsed to single spaces."""
    return [" ".join(text.split()) for text in page_lines(pdf)]


def pdf_text(pdf: Path | bytes) -> str:
    """All extracted text of a PDF, whitespace collapsed to single spaces."""
    return " ".join(page_texts(pdf))


def pdf_text_as_coded(pdf: Path | bytes) -> str:
    """All text of a PDF exactly as its characters are coded, whitespace collapsed. pypdf, slower:
    PDFium joins a lone combining mark to the letter before it, which a test of text printed
    exactly as typed must see as it is."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def faces(pdf: Path, phrase: str) -> list[tuple[str, str]]:
    """(character, font face) for each character of the first place ``phrase`` is printed, spaces left out."""
    from .printed import first_place

    return [(char.text, char.face) for char in first_place(pdf, phrase)]


MINIMAL_TOPIC = """
title: Test topic
reviewed: 2026-11-01
sections:
  - heading: A heading
    body:
      - A paragraph.
"""


def copy_topic(name: str, folder: Path, as_name: str | None = None) -> Path:
    """A bundled topic copied into ``folder`` with the pictures it names (paths are relative)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "images").exists():
        shutil.copytree(TOPICS / "images", folder / "images")
    target = folder / f"{as_name or name}.yaml"
    target.write_text((TOPICS / f"{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return target


@pytest.fixture
def fake_gs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``gs`` first on PATH that records its arguments; Pillow's memory of where gs is, forgotten."""
    from PIL import EpsImagePlugin

    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "gs-calls.log"
    gs = folder / "gs"
    gs.write_text(f'#!/bin/sh\necho "gs $*" >> "{log}"\nexit 1\n')
    gs.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr(EpsImagePlugin, "gs_binary", None)
    monkeypatch.setattr(EpsImagePlugin, "gs_windows_binary", None)
    return log

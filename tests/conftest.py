from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
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


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the one source of today's date (handouts.clock), for this process and the commands it starts."""
    monkeypatch.setenv("HANDOUTS_TODAY", TODAY)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def run(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
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


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def pdf_text(path: Path | bytes) -> str:
    """All extracted text of a PDF, whitespace collapsed to single spaces."""
    import io

    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else path)
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


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
    import shutil

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

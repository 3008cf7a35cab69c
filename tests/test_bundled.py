"""The bundled topics and styles: every pair builds, fits its budget and passes check."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.build import build_handout
from handouts.library import scan_styles, scan_topics
from handouts.loading import load_style, load_topic

from .conftest import STYLES, TOPICS, Run

TOPIC_FILES = [f for t in scan_topics(TOPICS).values() for f in [t.source, *t.translations.values()] if f]
STYLE_FILES = sorted(p for p in STYLES.glob("*.yaml"))


def test_the_four_bundled_topics_are_there() -> None:
    assert sorted(scan_topics(TOPICS)) == [
        "flat-feet-back-pain",
        "footwear-checklist",
        "sciatica-and-feet",
        "when-to-see-a-specialist",
    ]


@pytest.mark.parametrize("style_file", STYLE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("topic_file", TOPIC_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_topic_in_every_style_fits_its_page_budget(topic_file: Path, style_file: Path, paper: str) -> None:
    from handouts.build import Options
    from handouts.library import find_style

    style = load_style(style_file, find=lambda name, base: find_style(name, STYLES, base))
    loaded = load_topic(topic_file)
    built = build_handout(loaded, style, Options(paper=paper))
    assert 1 <= built.pages <= loaded.topic.max_pages
    assert len(PdfReader(__import__("io").BytesIO(built.pdf)).pages) == built.pages


def test_check_all_passes_in_every_bundled_style(run: Run) -> None:
    for style in scan_styles(STYLES):
        result = run("check", "--all", "--style", style, "--paper", "all")
        assert result.exit_code == 0, result.output
        assert len(result.stdout.splitlines()) == len(scan_topics(TOPICS))
        assert all(
            ": ok (grade " in line and "letter 2 pages, a4 2 pages" in line for line in result.stdout.splitlines()
        )


def test_no_topic_writes_an_emergency_number_literally() -> None:
    for file in TOPIC_FILES:
        text = file.read_text(encoding="utf-8")
        for number in ("911", "999", "112", "111"):
            assert number not in text, f"{file.name} writes {number}; use {{emergency_number}}"

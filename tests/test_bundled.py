"""The bundled topics and styles: every pair builds, fits its budget and passes check."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.library import scan_styles, scan_topics

from .bundled import STYLE_NAMES, TOPIC_FILES, bundled_build, bundled_pdf, bundled_topic
from .conftest import STYLES, TOPICS, Run, page_texts


def test_the_four_bundled_topics_are_there() -> None:
    assert sorted(scan_topics(TOPICS)) == [
        "flat-feet-back-pain",
        "footwear-checklist",
        "sciatica-and-feet",
        "when-to-see-a-specialist",
    ]


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_the_command_prints_the_bytes_the_tests_read(run: Run, tmp_path: Path, style: str) -> None:
    """The layout, language and picture tests read handouts built by the library, once per process:
    ``handouts build`` gives the same bytes, in each language and on each paper."""
    for paper in ("letter", "a4"):
        out = tmp_path / paper
        result = run("build", "sciatica-and-feet", "--style", style, "--lang", "all", "--paper", paper, "-o", out)
        assert result.exit_code == 0, result.output
        for suffix in ("", ".es"):
            printed = (out / f"sciatica-and-feet{suffix}.pdf").read_bytes()
            assert printed == bundled_pdf(TOPICS / f"sciatica-and-feet{suffix}.yaml", style, paper), (suffix, paper)


@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("topic_file", TOPIC_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_topic_in_every_style_fits_its_page_budget(topic_file: Path, style: str, paper: str) -> None:
    built = bundled_build(topic_file, style, paper)
    assert 1 <= built.pages <= bundled_topic(topic_file).topic.max_pages
    assert len(page_texts(built.pdf)) == built.pages


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

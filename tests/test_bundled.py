"""The bundled topics and styles: every pair builds, fits its budget and passes check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.build import build_handout
from handouts.library import scan_styles, scan_topics
from handouts.loading import load_style, load_topic

from .conftest import STYLES, TOPICS

GOLDEN = Path(__file__).parent / "golden"
TOPIC_FILES = [f for t in scan_topics(TOPICS).values() for f in [t.source, *t.translations.values()] if f]
STYLE_FILES = sorted(p for p in STYLES.glob("*.yaml"))


def test_the_four_bundled_topics_are_there():
    assert sorted(scan_topics(TOPICS)) == [
        "flat-feet-back-pain",
        "footwear-checklist",
        "sciatica-and-feet",
        "when-to-see-a-specialist",
    ]


@pytest.mark.parametrize("style_file", STYLE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("topic_file", TOPIC_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_topic_in_every_style_fits_its_page_budget(topic_file, style_file, paper):
    from handouts.build import Options
    from handouts.library import find_style

    style = load_style(style_file, find=lambda name, base: find_style(name, STYLES, base))
    loaded = load_topic(topic_file)
    built = build_handout(loaded, style, Options(paper=paper))
    assert 1 <= built.pages <= loaded.topic.max_pages
    assert len(PdfReader(__import__("io").BytesIO(built.pdf)).pages) == built.pages


def test_check_all_passes_in_every_bundled_style(run):
    for style in scan_styles(STYLES):
        result = run("check", "--all", "--style", style, "--paper", "all")
        assert result.exit_code == 0, result.output
        assert len(result.stdout.splitlines()) == len(scan_topics(TOPICS))
        assert all(
            ": ok (grade " in line and "letter 2 pages, a4 2 pages" in line for line in result.stdout.splitlines()
        )


@pytest.mark.parametrize("topic_file", TOPIC_FILES, ids=lambda p: p.stem)
def test_golden_text(run, tmp_path, topic_file):
    """The words a patient reads, per bundled handout in the default style. UPDATE_GOLDEN=1 rewrites."""
    result = run("build", topic_file, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    pages = PdfReader(Path(result.stdout.strip())).pages
    text = "".join(
        f"--- page {n} ---\n" + "\n".join(line.strip() for line in page.extract_text().splitlines()) + "\n"
        for n, page in enumerate(pages, start=1)
    )
    golden = GOLDEN / (Path(result.stdout.strip()).stem + ".txt")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden text yet: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == golden.read_text(encoding="utf-8")


def test_no_topic_writes_an_emergency_number_literally():
    for file in TOPIC_FILES:
        text = file.read_text(encoding="utf-8")
        for number in ("911", "999", "112", "111"):
            assert number not in text, f"{file.name} writes {number}; use {{emergency_number}}"

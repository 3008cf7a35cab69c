"""The bundled topics meet the writing standard: plain, honest, complete on emergencies."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.library import scan_topics
from handouts.loading import load_topic
from handouts.readability import score, sentences

from .conftest import TOPICS, Run, pdf_text

FILES = {files.id: files for files in scan_topics(TOPICS).values()}
ENGLISH = [files.source for files in FILES.values() if files.source]
SPANISH = [files.translations["es"] for files in FILES.values() if "es" in files.translations]


@pytest.mark.parametrize("file", ENGLISH, ids=lambda p: p.stem)
def test_english_reads_at_grade_6_smog_8_with_short_sentences(file: Path) -> None:
    topic = load_topic(file).topic
    reading = score(topic)
    assert reading.scores["grade"] <= 6.0, reading.summary()
    assert reading.scores["SMOG"] <= 8.0, reading.summary()
    longest = max(sentences(topic), key=lambda s: s.words)
    assert longest.words <= 20, longest.text


@pytest.mark.parametrize("file", SPANISH, ids=lambda p: p.stem)
def test_spanish_is_fairly_easy_or_easier(file: Path) -> None:
    reading = score(load_topic(file).topic)
    assert reading.scores["Fernández-Huerta"] >= 70, reading.summary()


def test_there_is_a_spanish_edition_of_every_topic() -> None:
    assert sorted(FILES) == sorted(f for f, files in FILES.items() if "es" in files.translations)


CAUDA_EQUINA = {
    "en": [
        "Sciatica in both legs",
        "weakness or numbness in both legs",
        "genitals or bottom",
        "wiping feels different",
        "pee",
        "bladder is full",
        "bowel control",
        "New loss of sexual function",
    ],
}


@pytest.mark.parametrize("topic", ["sciatica-and-feet", "when-to-see-a-specialist"])
def test_emergency_signs_are_complete_and_use_the_clinics_number(run: Run, tmp_path: Path, topic: str) -> None:
    uk = run("build", topic, "--style", "northside-uk", "-o", tmp_path / "uk")
    us = run("build", topic, "-o", tmp_path / "us")
    assert uk.exit_code == us.exit_code == 0
    uk_text, us_text = pdf_text(tmp_path / "uk" / f"{topic}.pdf"), pdf_text(tmp_path / "us" / f"{topic}.pdf")
    assert "999" in uk_text and "A&E" in uk_text and "911" not in uk_text
    assert "911" in us_text and "emergency room" in us_text and "999" not in us_text
    for sign in CAUDA_EQUINA["en"]:
        assert sign in us_text, sign
    assert "cauda equina syndrome" in us_text


def test_flat_feet_is_honest_about_insoles(run: Run, tmp_path: Path) -> None:
    run("build", "flat-feet-back-pain", "-o", tmp_path)
    text = pdf_text(tmp_path / "flat-feet-back-pain.pdf")
    assert "do not use insoles to treat low back pain" in text
    assert "not proven for back pain" in text


@pytest.mark.parametrize("file", [*ENGLISH, *SPANISH], ids=lambda p: p.name)
def test_every_topic_is_dated_versioned_and_sourced(file: Path) -> None:
    topic = load_topic(file).topic
    assert topic.review_due and topic.review_due > topic.reviewed
    assert topic.version and topic.sources

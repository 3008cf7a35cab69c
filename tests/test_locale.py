"""Issue 12's must-shows: each clinic's own English, complete urgency advice, Spanish with no English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from .bundled import bundled_pdf
from .conftest import TOPICS, page_texts, pdf_text, write

Run = Callable[..., Result]
STYLES = ["default", "riverside-us", "northside-uk"]
US_STYLES = ["default", "riverside-us"]
UK_WORDS = ["GP", "poo", "back passage", "A&E", "999", "tick", "Tick", "shop", "spells", "colour"]


def handout_text(topic: str, style: str, language: str = "en", paper: str | None = None) -> str:
    """The bundled handout's text, as ``handouts build TOPIC --style STYLE --lang LANGUAGE`` prints
    it (the same bytes, as test_bundled.py checks)."""
    return " ".join(pages(topic, style, language, paper))


def pages(topic: str, style: str, language: str = "en", paper: str | None = None) -> list[str]:
    suffix = "" if language == "en" else f".{language}"
    return page_texts(bundled_pdf(TOPICS / f"{topic}{suffix}.yaml", style, paper))


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("topic", ["sciatica-and-feet", "when-to-see-a-specialist"])
def test_emergency_and_same_day_signs_are_complete_and_in_the_right_tier(topic: str, style: str) -> None:
    text = handout_text(topic, style)
    emergency = text[text.index("Emergency:") : text.index("Get seen today")]
    assert "New loss of sexual function" in emergency
    same_day = text[text.index("Get seen today") : text.index("See your doctor within a few days")]
    assert "foot drop" in same_day and "New weakness in a foot or leg" in same_day
    # foot drop and new weakness appear nowhere in a slower tier
    slower = text[text.index("See your doctor within a few days") :]
    assert "foot drop" not in slower and "weakness" not in slower.lower().replace("weakness, tingling", "")
    for sign in ("cancer", "weight", "fever"):
        assert sign in text, sign
    if topic == "when-to-see-a-specialist":
        assert "suddenly turns cold, pale or blue" in emergency


@pytest.mark.parametrize("style", US_STYLES)
def test_us_handouts_have_no_uk_words(style: str) -> None:
    for topic in ("sciatica-and-feet", "when-to-see-a-specialist", "footwear-checklist", "flat-feet-back-pain"):
        text = handout_text(topic, style)
        words = set(text.replace(".", " ").replace(",", " ").split())
        for word in UK_WORDS:
            found = word in words if " " not in word else word in text
            assert not found, f"{topic} ({style}) prints '{word}'"
        assert "911" in text or topic in ("footwear-checklist", "flat-feet-back-pain")


def test_uk_handouts_name_111_and_never_911_or_the_a_and_e() -> None:
    for topic in ("sciatica-and-feet", "when-to-see-a-specialist"):
        text = handout_text(topic, "northside-uk")
        assert "NHS 111" in text and "999" in text and "go to A&E" in text
        for wrong in ("911", "emergency room", "the A&E", "physical therapist", "primary care"):
            assert wrong not in text, wrong


@pytest.mark.parametrize("style", STYLES)
def test_spanish_handouts_print_no_english_fixed_words(style: str) -> None:
    for topic in ("sciatica-and-feet", "when-to-see-a-specialist"):
        text = handout_text(topic, style, "es")
        for english in (
            "emergency room",
            "urgent care",
            "A&E",
            "Key points",
            "Page ",
            "Sources",
            "Podiatry",
            "Foot, ankle",
        ):
            assert english not in text, (topic, style, english)
        assert "(emergency room)" not in text and "Revísese los pies por lo menos una vez al año" not in text
        assert "Casi siempre mejora" not in text
        assert "Emergencia: llame al" in text and "Consulte hoy mismo" in text
    us = handout_text("sciatica-and-feet", "riverside-us", "es")
    assert "llame a su médico para una cita hoy mismo" in us and "Podología, pisada y columna" in us


UK_CLINIC = """
extends: default
locale: en-GB
clinic: {name: Eastgate Feet}
same_day_route: ring Eastgate Feet on 0161 496 0999 for a same-day slot, or call NHS 111
"""


def test_a_uk_clinic_style_with_its_own_route_builds_every_topic_with_no_us_word(run: Run, tmp_path: Path) -> None:
    style = write(tmp_path, "eastgate.yaml", UK_CLINIC)
    out = tmp_path / "out"
    result = run("build", "--all", "--style", style, "-o", out)
    assert result.exit_code == 0, result.output
    texts = {pdf.name: pdf_text(pdf) for pdf in out.glob("*.pdf")}
    assert len(texts) == 4
    for name, text in texts.items():
        for us_word in ("911", "emergency room", "urgent care", "physical therapist", "primary care", "store", "color"):
            assert us_word not in text, (name, us_word)
    assert "ring Eastgate Feet on 0161 496 0999 for a same-day slot" in texts["sciatica-and-feet.pdf"]
    assert "if you tick any of these" in texts["sciatica-and-feet.pdf"]


def test_an_unknown_locale_is_an_error_line(run: Run, tmp_path: Path) -> None:
    style = write(tmp_path, "au.yaml", "extends: default\nlocale: en-AU\n")
    result = run("build", "sciatica-and-feet", "--style", style, "-o", tmp_path / "out")
    assert result.exit_code != 0
    assert f"error: {style}:2:9: locale: expected one of en-US, en-GB, es-US, es-GB, got 'en-AU'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_topic_missing_the_word_for_the_styles_locale_is_an_error_line(run: Run, tmp_path: Path) -> None:
    topic = write(
        tmp_path,
        "t.yaml",
        """
        title: T
        reviewed: 2026-11-01
        words:
          store: {en-US: store}
        sections:
          - heading: H
            body: ["Go to the {store}."]
        """,
    )
    ok = run("build", topic, "-o", tmp_path / "us")
    assert ok.exit_code == 0 and "Go to the store." in pdf_text(tmp_path / "us" / "t.pdf")
    result = run("build", topic, "--style", "northside-uk", "-o", tmp_path / "uk")
    assert result.exit_code != 0
    assert (
        f"error: {topic}:4:10: words.store: no word for en-GB, the clinic style's locale (this topic gives en-US); "
        "add en-GB: ..." in result.stderr
    )


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("topic", ["sciatica-and-feet", "when-to-see-a-specialist"])
def test_every_emergency_sign_is_on_page_1(topic: str, style: str) -> None:
    """Tier 1 comes first: the whole Emergency box prints on page 1, on both papers, in both languages."""

    last = {
        "sciatica-and-feet": ("erection problems", "de erección"),
        "when-to-see-a-specialist": ("turning black", "negro"),
    }
    for paper in ("letter", "a4"):
        for language, (title, index) in (("en", ("Emergency:", 0)), ("es", ("Emergencia:", 1))):
            page_1 = pages(topic, style, language, paper)[0]
            assert title in page_1 and last[topic][index] in page_1, (paper, language)


def test_every_locale_file_gives_every_locale_word() -> None:
    """handouts/locales/<locale>.yaml: one file per locale the model knows, each with every word."""
    import yaml

    from handouts import locales, placeholders

    assert locales.available() == sorted(locales.KNOWN)
    for locale in locales.KNOWN:
        data = yaml.safe_load((Path(locales.__file__).parent / f"{locale}.yaml").read_text(encoding="utf-8"))
        assert sorted(data) == sorted(placeholders.LOCALE_WORDS), locale


def test_the_large_print_offer_says_front_desk_in_the_us_and_reception_in_the_uk() -> None:
    us = handout_text("footwear-checklist", "riverside-us")
    uk = handout_text("footwear-checklist", "northside-uk")
    assert "ask at the front desk or call (555) 010-0199" in us and "reception" not in us
    assert "ask at reception or call 0161 496 0123" in uk

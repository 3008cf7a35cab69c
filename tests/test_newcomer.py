"""A newcomer's first day (issue 11): own topics and styles beside the bundled ones, files as clinics
save them, mistakes in plain words, `check` fitted to the clinic, usage errors like ours, and a
clock the answers do not depend on."""

from __future__ import annotations

import codecs
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts import library
from handouts.errors import HandoutError

from .conftest import BUNDLED_TOPICS, MINIMAL_TOPIC, REPO, TOPICS, examples, pdf_text, write

Run = Callable[..., Result]
# A topic that passes `check` (MINIMAL_TOPIC's one short paragraph scores as hard to read).
EASY_TOPIC = MINIMAL_TOPIC.replace("A paragraph.", "Walk a little each day. It is good for your feet.")

LOCAL_STYLE = """
extends: default
clinic:
  name: Ankle Clinic
  phone: "01234 567890"
"""


def bundled_listing(result: Result) -> list[str]:
    """The ids and where-from column of `list` or `styles`, one "id from" string a row."""
    return [f"{line.split()[0]} {line.split()[-1]}" for line in result.stdout.splitlines()[1:]]


# ----- must show 2: own topics beside the bundled ones -----


def test_a_folder_with_its_own_topic_builds_it_and_every_bundled_topic(run: Run, tmp_path: Path) -> None:
    write(Path("topics"), "ankle.yaml", MINIMAL_TOPIC.replace("Test topic", "Ankle sprains"))
    result = run("build", "--all", "-o", "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"out/{name}.pdf" for name in sorted(["ankle", *BUNDLED_TOPICS])]
    assert "Ankle sprains" in pdf_text(Path("out/ankle.pdf"))

    listing = run("list")
    assert listing.exit_code == 0, listing.output
    assert listing.stdout.splitlines()[0].split() == ["ID", "TITLE", "LANGUAGES", "REVIEWED", "REVIEW", "DUE", "FROM"]
    assert bundled_listing(listing) == ["ankle topics/ankle.yaml"] + [f"{name} bundled" for name in BUNDLED_TOPICS]


def test_an_own_topic_with_a_bundled_id_wins_translations_and_all(run: Run) -> None:
    write(Path("topics"), "footwear-checklist.yaml", MINIMAL_TOPIC.replace("Test topic", "Our shoe advice"))
    listing = run("list")
    row = next(line for line in listing.stdout.splitlines() if line.startswith("footwear-checklist "))
    assert re.split(r"\s{2,}", row)[0:3] == ["footwear-checklist", "Our shoe advice", "en"]
    assert row.endswith("topics/footwear-checklist.yaml")
    # (only "en": the bundled Spanish translates the bundled text, not this one)

    result = run("build", "footwear-checklist", "-o", "out")
    assert "Our shoe advice" in pdf_text(Path("out/footwear-checklist.pdf"))
    refused = run("build", "footwear-checklist", "--lang", "es", "-o", "out")
    assert (
        refused.stderr.splitlines()[0]
        == "error: topic 'footwear-checklist' has no 'es' translation; languages: en (the source)"
    )
    assert result.exit_code == 0


def test_own_translation_of_a_bundled_topic_adds_a_language(run: Run) -> None:
    spanish = (TOPICS / "footwear-checklist.es.yaml").read_text(encoding="utf-8")
    write(Path("topics"), "footwear-checklist.fr.yaml", spanish.replace("language: es", "language: fr"))
    row = next(line for line in run("list").stdout.splitlines() if line.startswith("footwear-checklist "))
    assert "en, es, fr" in row and row.endswith("bundled")


def test_own_styles_sit_beside_the_bundled_ones_and_styles_says_which(run: Run) -> None:
    write(Path("styles"), "ankle.yml", LOCAL_STYLE)
    write(Path("styles"), "northside-uk.yaml", LOCAL_STYLE.replace("Ankle Clinic", "Our Northside"))
    result = run("styles")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split() == ["NAME", "CLINIC", "PAPER", "FROM"]
    assert bundled_listing(result) == [
        "ankle styles/ankle.yml",
        "northside-uk styles/northside-uk.yaml",
        "default bundled",
        "riverside-us bundled",
    ]


def test_own_default_that_extends_default_changes_the_bundled_default(run: Run) -> None:
    write(Path("styles"), "default.yaml", LOCAL_STYLE)
    write(Path("topics"), "ankle.yaml", MINIMAL_TOPIC)
    result = run("build", "ankle", "-o", "out")
    assert result.exit_code == 0, result.output
    text = pdf_text(Path("out/ankle.pdf"))
    assert "Ankle Clinic" in text and "01234 567890" in text
    assert bundled_listing(run("styles"))[0] == "default styles/default.yaml"


def test_a_style_that_extends_itself_by_path_is_still_a_circle(run: Run) -> None:
    style = write(Path("styles"), "loop.yaml", "extends: loop.yaml\n")
    result = run("build", "--all", "--style", "loop")
    assert result.exit_code == 3
    assert (
        result.stderr.splitlines()[0]
        == f"error: {style}:1:10: extends: 'extends' goes round in a circle: loop.yaml -> loop.yaml"
    )


# ----- files as clinics save them -----


def test_yml_is_a_topic_like_yaml(run: Run) -> None:
    write(Path("topics"), "ankle.yml", MINIMAL_TOPIC)
    write(Path("topics"), "ankle.es.yml", MINIMAL_TOPIC + "language: es\n")
    assert run("build", "ankle", "--lang", "all", "-o", "out").stdout.splitlines() == [
        "out/ankle.pdf",
        "out/ankle.es.pdf",
    ]
    assert run("build", "topics/ankle.yml", "-o", "by-path").stdout == "by-path/ankle.pdf\n"


def test_misnamed_topic_files_each_get_a_line_and_the_others_still_build(run: Run) -> None:
    topics = Path("topics")
    for name in ("ankle.v2.yaml", "knee.yaml.txt", "st.pat.yaml", "heel.yaml", "heel.yml"):
        write(topics, name, MINIMAL_TOPIC)
    expected = [
        "error: topics/ankle.v2.yaml: a topic's name cannot have a dot in it (a dot comes before a language code, "
        "as in ankle.es.yaml); rename the file ankle-v2.yaml",
        "error: topics/heel.yml: heel.yaml is used and this file is not; remove one of them",
        "error: topics/knee.yaml.txt: the file name ends in .txt, so this topic is not used; rename it knee.yaml "
        "(Windows hides endings such as .txt: in File Explorer, turn on View > File name extensions)",
        "error: topics/st.pat.yaml: this is named as the 'pat' translation of a topic 'st', but there is no st.yaml; "
        "if 'st.pat' is the topic's name, rename the file st-pat.yaml (a dot in a file name comes before a "
        "language code)",
    ]
    listing = run("list")
    assert listing.exit_code == 1
    assert listing.stderr.splitlines() == expected
    assert [row.split()[0] for row in listing.stdout.splitlines()[1:]] == sorted(["heel", *BUNDLED_TOPICS])

    build = run("build", "--all", "-o", "out")
    assert build.exit_code == 1
    assert build.stderr.splitlines() == [*expected, "error: 4 of 9 handouts failed; 5 built"]
    check = run("check", "knee", "ankle.v2")
    assert check.stdout.splitlines() == ["knee: errors", "ankle.v2: errors"]
    assert check.stderr.splitlines() == [expected[2], expected[0], "error: 2 of 2 topics failed the check"]
    by_name = run("build", "knee", "ankle.v2", "-o", "out")
    assert by_name.stderr.splitlines() == [expected[2], expected[0], "error: 2 of 2 handouts failed; 0 built"]


def test_style_saved_with_txt_ending_is_named_when_asked_for(run: Run) -> None:
    write(Path("styles"), "ankle.yaml.txt", LOCAL_STYLE)
    result = run("build", "--all", "--style", "ankle")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        "error: styles/ankle.yaml.txt: the file name ends in .txt, so this style is not used; rename it ankle.yaml "
        "(Windows hides endings such as .txt: in File Explorer, turn on View > File name extensions)"
    )
    assert run("styles").stderr.splitlines() == result.stderr.splitlines()[:1]


# ----- must show 3: ten mistakes a receptionist makes, each one line to act on -----


HEAD = "title: Test\nreviewed: 2026-11-01\nsections:\n  - heading: A\n    body:\n"

# Each mistake as typed, and the one line that says what to do, on the line where the mistake is.
SYNTAX_MISTAKES = {
    "1 colon in a sentence": (
        HEAD + "      - Important: keep your feet dry.\n",
        'error: {file}:6:9: sections[0].body[0]: the colon after "Important" makes this line read as a "name: value" '
        'pair; put the whole sentence in quotes: - "Important: keep your feet dry."',
    ),
    "1 colon in a list item": (
        HEAD + "      - bullets:\n          - Tip: wear socks\n",
        'error: {file}:7:13: sections[0].body[0].bullets[0]: the colon after "Tip" makes this line read as a '
        '"name: value" pair; put the whole sentence in quotes: - "Tip: wear socks"',
    ),
    "1 colon in a title": (
        'title: Flat feet: "what" to know\nreviewed: 2026-11-01\n',
        'error: {file}:1:17: the colon after "Flat feet" makes this line read as a "name: value" pair; '
        """put the whole text in quotes: title: 'Flat feet: "what" to know'""",
    ),
    "2 missing dash out of line": (
        "title: Test\nkey_points:\n  - Wear shoes\n  Avoid heels\nreviewed: 2026-11-01\n",
        "error: {file}:4:3: this line is not a 'name: value' line or a list item; if it is one more item of the "
        "list above, start it with '- ', or if it continues the text above, move it onto that line",
    ),
    "3 tab indent": (
        HEAD + "\t- Hello.\n",
        "error: {file}:6:1: this line is indented with a tab; indent with spaces only (tabs cannot be used in "
        "these files)",
    ),
    "6 wrong date format": (
        MINIMAL_TOPIC.replace("2026-11-01", "01/11/2026"),
        "error: {file}:2:11: reviewed: expected a date as YYYY-MM-DD (e.g. 2026-11-01), got '01/11/2026'",
    ),
    "no colon after a name (not the next line)": (
        MINIMAL_TOPIC.replace("reviewed: ", "reviewed "),
        "error: {file}:2:1: this line has no ':' after its name; write it as reviewed: 2026-11-01 (the name, a "
        "colon, a space, then the value)",
    ),
    "no colon after a name in a list": (
        MINIMAL_TOPIC.replace("heading: A heading", "heading A heading"),
        "error: {file}:4:5: this line has no ':' after its name; write it as heading: A heading (the name, a "
        "colon, a space, then the value)",
    ),
    "no space after a colon": (
        "title:Foot care\nreviewed: 2026-11-01\n",
        "error: {file}:1:7: there is no space after the colon; write it as title: Foot care",
    ),
    "an item not lined up with the one above": (
        HEAD + "      - One.\n     - Two.\n",
        'error: {file}:7:6: this item is not lined up with the item above it (5 spaces before its "-", 6 above); '
        "give both the same number of spaces",
    ),
    "no space after a dash": (
        HEAD + "      -Walk daily.\n",
        "error: {file}:6:7: sections[0].body: put a space after the '-' that starts a list item: - Walk daily.",
    ),
    "list items not indented under their name": (
        HEAD + "      - bullets:\n      - One.\n",
        "error: {file}:6:17: sections[0].body[0].bullets: this is empty; give a value or remove the key (if the "
        "lines below belong to 'bullets:', indent them further than 'bullets')",
    ),
    "a quote that ends before the text does": (
        HEAD + '      - "Call us" if it hurts.\n',
        "error: {file}:6:19: the text starts with a quote mark, so it must end with one; put the whole text in "
        """quotes: - '"Call us" if it hurts.'""",
    ),
}


@pytest.mark.parametrize("mistake", SYNTAX_MISTAKES)
def test_mistakes_in_topic_files_are_one_line_in_plain_words(run: Run, tmp_path: Path, mistake: str) -> None:
    text, line = SYNTAX_MISTAKES[mistake]
    topic = tmp_path / "mine.yaml"
    topic.write_text(text.lstrip("\n"), encoding="utf-8")
    result = run("build", topic, "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [line.format(file=topic), "error: 1 of 1 handouts failed; 0 built"]


def test_mistake_2_missing_dash_is_a_check_warning_at_the_line_without_it(run: Run, tmp_path: Path) -> None:
    topic = write(
        tmp_path,
        "mine.yaml",
        HEAD + "      - bullets:\n          - Wear shoes with laces.\n            Avoid high heels.\n",
    )
    result = run("check", topic)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f'warning: {topic}:8:13: sections[0].body[0].bullets[0]: two lines became one item: "Wear shoes with '
        'laces." and "Avoid high heels."; if they are two items, start the second line with "- "'
    ]
    wrapped = write(tmp_path, "wrapped.yaml", HEAD + "      - Wear shoes with laces and\n        a firm heel.\n")
    assert run("check", wrapped).stderr == ""  # a long item wrapped on purpose


def test_mistake_4_curly_quotes_around_a_whole_value(run: Run, tmp_path: Path) -> None:
    topic = write(tmp_path, "mine.yaml", EASY_TOPIC.replace("title: Test topic", "title: “Test topic”"))
    result = run("check", topic)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"warning: {topic}:1:8: title: the text is wrapped in curly quotes (“…”), which print; only straight "
        'quotes (") are taken away: retype them as straight quotes, or remove them'
    ]
    assert run("check", topic, "--strict").exit_code == 1


def test_mistake_5_a_yml_file_just_works(run: Run, tmp_path: Path) -> None:
    topic = write(tmp_path, "mine.yml", MINIMAL_TOPIC)
    result = run("build", topic, "-o", "out")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "out/mine.pdf\n", "")


def test_mistake_7_utf16_from_notepad(run: Run, tmp_path: Path) -> None:
    text = MINIMAL_TOPIC.lstrip().replace("\n", "\r\n")
    unicode = tmp_path / "unicode.yaml"  # Notepad's "Unicode" / "UTF-16 LE": with a byte-order mark
    unicode.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert run("build", unicode, "-o", "out").stdout == "out/unicode.pdf\n"
    bare = tmp_path / "bare.yaml"  # the same text without the mark
    bare.write_bytes(text.encode("utf-16-le"))
    assert run("build", bare).stderr.splitlines()[0] == (
        f"error: {bare}:1:2: the file holds NUL bytes: it looks like UTF-16 text saved without a byte-order mark; "
        "re-save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)"
    )


def test_mistake_8_unquoted_colour(run: Run) -> None:
    style = write(Path("styles"), "mine.yaml", "extends: default\ncolors:\n  primary: #1F5A8C\n")
    result = run("build", "--all", "--style", "mine")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f'error: {style}:3:11: colors.primary: no colour given; put it in quotes, e.g. "#1F5A8C" (YAML reads an '
        "unquoted # as a comment)",
        "error: no handouts were built because the style cannot be used",
    ]


def test_mistake_9_topic_id_typo(run: Run) -> None:
    result = run("build", "flat-fet", "-o", "out")
    assert result.stderr.splitlines() == [
        "error: unknown topic 'flat-fet'; did you mean 'flat-feet-back-pain'?",
        "error: 1 of 1 handouts failed; 0 built",
    ]


def test_mistake_10_style_typo(run: Run) -> None:
    result = run("build", "--all", "--style", "defualt")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "error: unknown style 'defualt'; did you mean 'default'?",
        "error: no handouts were built because the style cannot be used",
    ]


# ----- check fits the clinic -----


def test_check_uses_the_style_paper_and_both_with_paper_all(run: Run) -> None:
    uk = run("check", "footwear-checklist", "--style", "northside-uk")
    assert uk.stdout.endswith("; a4 2 pages)\n"), uk.output
    both = run("check", "footwear-checklist", "--style", "northside-uk", "--paper", "ALL")
    assert both.stdout.endswith("; letter 2 pages, a4 2 pages)\n"), both.output


def test_paper_choices_ignore_case(run: Run) -> None:
    result = run("build", "footwear-checklist", "--paper", "A4", "-o", "out")
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    width, height = PdfReader("out/footwear-checklist.pdf").pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (595, 842)


def test_check_never_tells_the_user_to_edit_the_installed_package(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library, "INSTALLED", REPO)  # as if the bundled topics sat in site-packages
    monkeypatch.setenv("HANDOUTS_TODAY", "2029-01-01")
    result = run("check", "footwear-checklist")
    file = TOPICS / "footwear-checklist.yaml"
    assert result.stderr.splitlines() == [
        "warning: bundled/footwear-checklist.yaml:7:13: review_due: review was due on 2028-11-30; review the text "
        f"and update the dates (a topic that comes with handouts: to change it, copy {file} into your topics folder "
        "and edit the copy, which is then used instead)"
    ]


def test_broken_translation_source_is_reported_once_and_the_rest_is_checked(run: Run, tmp_path: Path) -> None:
    topics = tmp_path / "topics"
    source = write(topics, "walk.yaml", EASY_TOPIC.replace("title: Test topic", "titel: Walking"))
    translation = write(
        topics,
        "walk.es.yaml",
        EASY_TOPIC.replace("title: Test topic", 'title: Caminar\nlanguage: es\ntranslation_of: "1.0"'),
    )
    write(topics, "other.yaml", EASY_TOPIC)
    result = run("check", "walk", "other", "--lang", "all", "--topics", topics)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {source}:1:1: titel: unknown key 'titel'; did you mean 'title'?",
        f"warning: {translation}:3:17: translation_of: cannot compare with walk.yaml, which has errors; fix it "
        "(handouts check walk) and check again",
        "error: 1 of 3 topics failed the check",
    ]
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["walk", "walk", "other"]


# ----- usage errors look like ours -----


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["biuld"], "error: no such command 'biuld'; did you mean 'build'?"),
        (["build", "--pape", "a4"], "error: no such option '--pape'; did you mean '--paper'?"),
        (
            ["build", "x", "--paper", "a5"],
            "error: --paper: 'a5' is not one of 'a4', 'letter'; see 'handouts build --help'",
        ),
        (["build"], "error: name at least one topic, or use --all; see 'handouts build --help'"),
        (["build", "x", "-j", "0"], "error: -j/--jobs: 0 is not in the range x>=1; see 'handouts build --help'"),
        (["schema"], "error: missing argument '{topic|style}'; choose from topic, style; see 'handouts schema --help'"),
        (["style", "frob"], "error: no such command 'frob'; see 'handouts style --help'"),
    ],
)
def test_usage_errors_are_one_line_like_ours(run: Run, args: list[str], line: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, line + "\n", "")


# ----- printing where there is no CUPS -----


def test_printing_on_windows_says_what_works_there(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "win32")
    result = run("printers")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: cannot print: Windows has no CUPS print service; build the PDF (handouts build) and print it from a "
        "PDF viewer, or use the front desk's Download PDF\n",
    )


# ----- no time bombs -----


def test_review_dates_answer_as_on_the_pinned_day(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "OVERDUE" not in run("list").stdout  # the suite's day, before the bundled topics fall due
    monkeypatch.setenv("HANDOUTS_TODAY", "2029-01-01")
    rows = run("list").stdout.splitlines()[1:]
    assert len(rows) == 4 and all("2028-11-30 OVERDUE" in row for row in rows)
    check = run("check", "footwear-checklist")
    assert check.stderr.splitlines() == [
        f"warning: {TOPICS / 'footwear-checklist.yaml'}:7:13: review_due: review was due on 2028-11-30; review the "
        "text and update the dates"
    ]


def test_a_pinned_day_that_is_not_a_date_is_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOUTS_TODAY", "1/1/2029")
    result = run("list")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: HANDOUTS_TODAY: expected a date as YYYY-MM-DD (e.g. 2029-01-01), got '1/1/2029'\n",
    )


def test_the_suite_passes_whatever_the_computer_clock_says(tmp_path: Path) -> None:
    """The date-dependent tests, run with the computer's clock at 2029-01-01 (after the bundled topics
    fall due): they still pass, because every answer about dates comes from the pinned day."""
    faketime = shutil.which("faketime")
    if faketime is None:
        pytest.skip("faketime is not installed (Debian: apt-get install faketime)")
    # A clean environment: the suite pins HANDOUTS_TODAY itself, and a faketime already around this
    # run (its preload and settings) must not decide the inner clock.
    env = {
        name: value
        for name, value in os.environ.items()
        if name != "HANDOUTS_TODAY" and not name.startswith(("FAKETIME", "LD_PRELOAD", "DONT_FAKE"))
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # The tests whose answers depend on the day: check on the bundled topics (which fall due on
    # 2028-11-30), the review-date warnings, list's OVERDUE column and the desk's badge.
    tests = [
        "tests/test_checks.py::test_check_all_prints_reading_figures_and_passes",
        "tests/test_checks.py::test_overdue_review_is_a_warning_and_an_error_with_strict",
        "tests/test_newcomer.py::test_review_dates_answer_as_on_the_pinned_day",
        "tests/test_web.py::test_an_overdue_topic_has_a_badge",
    ]
    result = subprocess.run(
        # -n 0: one process inside this one (the suite's default, -n auto, would start workers of its own)
        [
            faketime,
            "2029-01-01 09:00:00",
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            *tests,
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(rf"\b{len(tests)} passed", result.stdout), result.stdout[-3000:]
    clock = subprocess.run(
        [faketime, "2029-01-01 09:00:00", sys.executable, "-c", "import datetime; print(datetime.date.today())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert clock.stdout.strip() == "2029-01-01"  # the clock really was moved


# ----- the two README commands and the newest-releases one -----


def test_readme_documents_the_newest_releases_command_that_ci_newest_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    script = (REPO / ".ci" / "newest").read_text(encoding="utf-8")
    command = next(line for line in script.splitlines() if line.startswith("python3 -m venv .venv-newest"))
    assert f"\n{command}\n" in readme
    assert "-c constraints.txt" not in command and '-m "not pinned"' in command
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line for line in ci.splitlines() if line.startswith("python3 -m venv .venv "))
    assert test_command.replace(" -q", "") in readme


# ----- the plain-word messages never break on odd text -----

PIECES = ["title", "body", "- ", "  ", "\t", ":", ": ", '"', "'", "#", "“", "”", "\n", "x", "Tip", "-", "[", "{"]


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_any_typing_gives_lines_or_data_never_a_crash(pieces: list[str]) -> None:
    """Whatever a user types, reading it gives data or error lines; the plain-word rewording of
    YAML's errors and the typing-slip lint never raise on their own."""
    from handouts.slips import typing_slips
    from handouts.yamlfile import read_yaml

    folder = Path(tempfile.mkdtemp())
    file = folder / "t.yaml"
    file.write_text("".join(pieces), encoding="utf-8")
    try:
        doc = read_yaml(file)
    except HandoutError as error:
        assert error.problems and all(str(p).startswith("error: ") for p in error.problems)
    else:
        assert all(p.severity == "warning" for p in typing_slips(doc))
    finally:
        shutil.rmtree(folder)

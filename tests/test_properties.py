"""Properties over generated input (issue 5), with hypothesis.

- Any text in any text field of a topic or a style either builds, with the PDF showing that text
  (after NFC and whitespace normalisation, ``**`` pairs turned to bold) in characters the font
  has, or fails with the error contract: one ``error: <file>:<line>:<col>: <field>: <message>``
  line per problem, on the field's own line, then the summary; never a traceback or anything else.
- Text typed *unquoted*, where YAML reads surprising things, either fails the same clean way or
  prints exactly the string YAML's plain reading gives (never a number, a date or a boolean).
- The inline-markup converter always yields balanced tags that ReportLab's parser accepts.
- Building twice gives identical bytes, in one process and across processes.

Braces are left out of the generated text: ``{name}`` is a placeholder, tested in test_build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from handouts.cli import main
from handouts.markup import plain, to_markup

from .conftest import REPO, examples, pdf_text, pdf_text_as_coded

STYLES = REPO / "styles"
EXAMPLES = settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])

TOPIC = """\
title: {title}
subtitle: {subtitle}
reviewed: 2026-11-01
key_points:
  - {key_point}
sections:
  - heading: {heading}
    body:
      - {paragraph}
      - bullets:
          - {bullet}
      - steps:
          - {step}
      - checklist:
          - {check}
      - callout:
          kind: tip
          title: {callout_title}
          text: {callout_text}
      - notes:
          label: {notes_label}
          lines: 1
      - Call {{emergency_number}} or go to the {{emergency_department}}.
sources:
  - {source}
  - title: {source_title}
    publisher: {source_publisher}
"""
STYLE = """\
extends: default
clinic:
  name: {clinic_name}
  tagline: {tagline}
  phone: {phone}
  website: {website}
  email: {email}
  address:
    - {address}
emergency_number: {emergency_number}
emergency_department: {emergency_department}
footer:
  extra_line: {extra_line}
disclaimer: {disclaimer}
"""


def fields(template: str) -> list[str]:
    return re.findall(r"(?<!\{)\{([a-z_]+)\}(?!\})", template)


def line_of(template: str, name: str) -> int:
    return next(n for n, line in enumerate(template.splitlines(), 1) if "{" + name + "}" in line)


TOPIC_FIELDS, STYLE_FIELDS = fields(TOPIC), fields(STYLE)

# Every code point but surrogates and braces, with the characters that matter to YAML, to
# ReportLab's markup and to the layout given a better chance of turning up.
ANY_CHAR = st.characters(exclude_categories=["Cs"], exclude_characters="{}")
TRICKY = st.sampled_from([*"*<>&;#:-[]!|'\"%@`,?~ \t\n\r\u00a0\u0301\u200b\ufeffe0", "**", "&#9;", "<b>", ": "])
LATIN = st.characters(max_codepoint=0x17F, exclude_categories=["Cs"], exclude_characters="{}")  # mostly in the font
TEXT = st.lists(st.one_of(LATIN, LATIN, TRICKY, ANY_CHAR), max_size=30).map("".join)
ONE_LINE = TEXT.map(lambda text: re.sub("[\n\r\x85\u2028\u2029]", " ", text))

SUMMARIES = {"error: 1 of 1 handouts failed; 0 built", "error: no handouts were built because the style cannot be used"}
FIELD_PATH = r"[A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*"


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line (escapes for what cannot be typed)."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1_000_000).removesuffix("\n")


def fill(template: str, values: dict[str, str]) -> str:
    defaults = {name: f"Plain words for {name.replace('_', ' ')}" for name in fields(template)}
    defaults |= {"phone": '"0123 456 789"', "emergency_number": '"999"'}
    return template.format_map(defaults | values)


SCRATCH: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def scratch() -> Iterator[None]:
    """One temporary folder for the module's hundreds of examples, removed at the end."""
    with tempfile.TemporaryDirectory(prefix="handouts-property-") as folder:
        SCRATCH.append(Path(folder))
        yield
        SCRATCH.pop()


def new_folder() -> Path:
    return Path(tempfile.mkdtemp(dir=SCRATCH[-1]))


def build(topic: str, style: str | None = None) -> tuple[Result, Path, Path, Path]:
    folder = new_folder()
    topic_file, out = folder / "topic.yaml", folder / "out"
    topic_file.write_text(topic, encoding="utf-8")
    style_file = folder / "style.yaml"
    if style is not None:
        style_file.write_text(style, encoding="utf-8")
    style_arg = str(style_file) if style is not None else "default"
    args = ["build", str(topic_file), "--style", style_arg, "--styles", str(STYLES), "-o", str(out)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result, topic_file, style_file, out


def normalised(text: str, markup: bool = True) -> str:
    """What a reader sees of ``text``: NFC, ``**`` pairs made bold (``markup``: topic text; the
    style's one-line fields print as typed), whitespace ignored (lines wrap), and no hyphens, soft
    (U+00AD marks where a word may break and prints only at the end of a line) or hard."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\s\xad-]+", "", plain(text) if markup else text)


def assert_contract(result: Result, file: Path, line: int | None) -> None:
    """Exit 1 or 3, every line the error contract (on ``line`` when given), then one summary."""
    assert result.exit_code in (1, 3), result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    *problems, summary = result.stderr.splitlines()
    assert summary in SUMMARIES
    assert problems
    shape = re.compile(rf"error: {re.escape(str(file))}:(\d+):(\d+): (?:{FIELD_PATH}: )?\S.*")
    for problem in problems:
        match = shape.fullmatch(problem)
        assert match, problem
        if line is not None:
            assert int(match.group(1)) == line, problem


def assert_printed(result: Result, out: Path, text: str, *, markup: bool = True) -> None:
    from handouts.branding import font_coverage
    from handouts.models import Style

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    (pdf,) = out.glob("*.pdf")
    wanted = {normalised(text), *([] if markup else [normalised(text, markup=False)])}
    # PDFium reads fast, but joins a repeated combining mark to the letter before it: text it does
    # not find is looked for again in the characters exactly as coded (pypdf).
    shown = normalised(pdf_text(pdf), markup=False)
    if not any(w in shown for w in wanted):
        shown = normalised(pdf_text_as_coded(pdf), markup=False)
    assert any(w in shown for w in wanted), (wanted, shown)
    covered = font_coverage(
        Style.model_validate({"clinic": {"name": "x"}, "emergency_number": "1", "emergency_department": "x"})
    )
    assert all(char.isspace() or ord(char) in covered for char in unicodedata.normalize("NFC", text))


@EXAMPLES
@given(field=st.sampled_from(TOPIC_FIELDS), text=TEXT)
def test_any_text_in_a_topic_field_prints_as_typed_or_fails_cleanly(field: str, text: str) -> None:
    result, topic, _, out = build(fill(TOPIC, {field: quoted(text)}))
    event("built" if result.exit_code == 0 else "refused")
    if result.exit_code == 0:
        assert_printed(result, out, text)
    else:
        assert_contract(result, topic, line_of(TOPIC, field))
        assert not out.exists() or not any(out.iterdir())


@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(STYLE_FIELDS), text=TEXT)
def test_any_text_in_a_style_field_prints_as_typed_or_fails_cleanly(field: str, text: str) -> None:
    topic = fill(TOPIC, {})
    result, _, style, out = build(topic, fill(STYLE, {field: quoted(text)}))
    event("built" if result.exit_code == 0 else "refused")
    if result.exit_code == 0:
        assert_printed(result, out, text, markup=False)
    else:
        assert_contract(result, style, line_of(STYLE, field))
        assert not out.exists()


@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(TOPIC_FIELDS), text=ONE_LINE)
def test_unquoted_text_prints_as_yaml_reads_it_or_fails_cleanly(field: str, text: str) -> None:
    """No YAML 1.1 surprise turns text into something else: what prints is the plain string."""
    source = fill(TOPIC, {field: text})
    result, topic, _, out = build(source)
    event("built" if result.exit_code == 0 else "refused")
    if result.exit_code != 0:
        assert_contract(result, topic, None)
        return
    # Every scalar as the string typed, read by the same parser the tool uses (libyaml when there).
    data = yaml.load(source, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    value = _dig(data, field)
    assert isinstance(value, str)
    assert_printed(result, out, value)


def _dig(data: Any, field: str) -> object:  # YAML's reading: nested dicts and lists
    section = data["sections"][0]
    body = section["body"]
    return {
        "title": lambda: data["title"],
        "subtitle": lambda: data["subtitle"],
        "key_point": lambda: data["key_points"][0],
        "heading": lambda: section["heading"],
        "paragraph": lambda: body[0],
        "bullet": lambda: body[1]["bullets"][0],
        "step": lambda: body[2]["steps"][0],
        "check": lambda: body[3]["checklist"][0],
        "callout_title": lambda: body[4]["callout"]["title"],
        "callout_text": lambda: body[4]["callout"]["text"],
        "notes_label": lambda: body[5]["notes"]["label"],
        "source": lambda: data["sources"][0],
        "source_title": lambda: data["sources"][1]["title"],
        "source_publisher": lambda: data["sources"][1]["publisher"],
    }[field]()


# Characters XML 1.0 cannot hold never reach the converter: the loader refuses them first.
XML_CHAR = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff") | st.sampled_from(
    list("\t\n*<>&;#/b ")
)


@settings(max_examples=examples(500), deadline=None)
@given(
    text=st.lists(XML_CHAR | st.sampled_from(["**", "<b>", "</b>", "&amp;", "&#99999999;"]), max_size=40).map("".join)
)
def test_markup_is_always_balanced_bold_only_and_keeps_every_character(text: str) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    markup = to_markup(text)
    root = ElementTree.fromstring(f"<root>{markup}</root>")  # raises on unbalanced or broken tags
    assert all(element.tag == "b" and len(element) == 0 for element in root.iter() if element is not root)
    assert "".join(root.itertext()) == plain(text)
    Paragraph(markup, ParagraphStyle("probe"))  # ReportLab's own parser accepts it


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_building_twice_gives_identical_bytes(text: str) -> None:
    from handouts import library
    from handouts.build import build_handout
    from handouts.errors import HandoutError
    from handouts.loading import load_style, load_topic

    folder = new_folder()
    file = folder / "topic.yaml"
    file.write_text(fill(TOPIC, {"paragraph": quoted(text)}), encoding="utf-8")
    try:
        loaded = load_topic(file)
    except HandoutError:
        assume(False)
        raise
    style = load_style(library.find_style("default", STYLES))
    try:
        first = build_handout(loaded, style).pdf
    except HandoutError as error:  # only a character the font lacks may stop it
        assert all("the font cannot draw" in p.message for p in error.problems), error
        return
    assert first == build_handout(loaded, style).pdf


def test_the_same_input_gives_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    topic = tmp_path / "topic.yaml"
    topic.write_text(fill(TOPIC, {}), encoding="utf-8")
    pdfs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        subprocess.run(
            [sys.executable, "-m", "handouts", "build", str(topic), "--style", "riverside-us", "-o", str(out)],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        pdfs.append((out / "topic.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]

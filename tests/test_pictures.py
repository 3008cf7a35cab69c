"""Pictures: the bundled illustrations, their colours, and picture blocks that go wrong."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Group, Shape

from handouts.images import load_svg

from .conftest import MINIMAL_TOPIC, TOPICS, Run, write

IMAGES = TOPICS / "images"
SVGS = sorted(IMAGES.glob("*.svg"))
TEXT_WIDTH_PT = 372  # the 70-character column at 12 pt; pictures are never wider
SVG = "{http://www.w3.org/2000/svg}"


def widths_used() -> dict[str, float]:
    """The largest printed width (points) each picture gets in any bundled topic."""
    import yaml

    used: dict[str, float] = {}
    for topic in TOPICS.glob("*.yaml"):
        text = topic.read_text(encoding="utf-8")
        for match in re.finditer(r"file: (images/[\w.-]+)\s+(?:[^\n]*\n)*?\s+width: (\d+)%", text):
            name, percent = Path(match[1]).name, int(match[2])
            used[name] = max(used.get(name, 0), TEXT_WIDTH_PT * percent / 100)
        assert yaml.safe_load(text)
    return used


def test_every_bundled_topic_has_a_captioned_picture_with_alt_text() -> None:
    import yaml

    for file in sorted(TOPICS.glob("*.yaml")):
        topic = yaml.safe_load(file.read_text(encoding="utf-8"))
        images = [b["image"] for s in topic["sections"] for b in s["body"] if isinstance(b, dict) and "image" in b]
        assert any(i.get("caption") and i.get("alt") for i in images), file.name


def test_flat_feet_has_at_least_two_illustrated_exercises() -> None:
    import yaml

    topic = yaml.safe_load((TOPICS / "flat-feet-back-pain.yaml").read_text(encoding="utf-8"))
    cards = [b["exercise"] for s in topic["sections"] for b in s["body"] if isinstance(b, dict) and "exercise" in b]
    assert len([c for c in cards if c.get("image")]) >= 2


@pytest.mark.parametrize("svg", SVGS, ids=lambda p: p.name)
def test_svg_parses_and_no_text_is_below_9_pt_when_printed(svg: Path) -> None:
    root = ElementTree.parse(svg).getroot()
    view_width = float(root.get("viewBox").split()[2])
    printed = widths_used().get(svg.name, 0)
    drawing = load_svg(svg, None)
    assert drawing is not None and drawing.width > 0
    for text in root.iter(f"{SVG}text"):
        size = float(text.get("font-size", "16"))
        if printed:
            assert size * printed / view_width >= 9, (
                f"{svg.name}: '{text.text}' prints at {size * printed / view_width:.1f} pt"
            )


def colours(node: object) -> set[str]:
    found: set[str] = set()
    if isinstance(node, Group):
        for child in node.contents:
            found |= colours(child)
    elif isinstance(node, Shape):
        for attribute in ("fillColor", "strokeColor"):
            colour = getattr(node, attribute, None)
            if colour is not None:
                found.add(colour.hexval().lower().replace("0x", "#"))
    return found


@pytest.mark.parametrize("svg", SVGS, ids=lambda p: p.name)
def test_picture_colours_follow_the_style(svg: Path) -> None:
    clinic = ("#c0158a", "#12a05c", "#f3e1ee")
    drawn = colours(load_svg(svg, clinic))
    assert drawn <= {*clinic, "#1a1a1a", "#ffffff"}, drawn
    assert not drawn & {"#1f5a8c", "#e8a33d", "#dde6ee"}


def test_illustrations_are_vectors_in_the_pdf(run: Run, tmp_path: Path) -> None:
    result = run("build", "--all", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    for pdf in tmp_path.glob("*.pdf"):
        assert all(not page.images for page in PdfReader(pdf).pages), pdf.name


def test_alt_text_is_in_the_pdf_text(run: Run, tmp_path: Path) -> None:
    run("build", "sciatica-and-feet", "-o", tmp_path)
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "sciatica-and-feet.pdf").pages)
    assert "The sciatic nerve runs from the lower back" in " ".join(text.split())


PICTURE_TOPIC = MINIMAL_TOPIC + "      - image: {{file: {file}, {extra}}}\n"


def test_image_without_alt_names_the_block(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a.svg").write_text((IMAGES / SVGS[0].name).read_text(encoding="utf-8"), encoding="utf-8")
    topic = write(tmp_path, "t.yaml", PICTURE_TOPIC.format(file="a.svg", extra="caption: A caption"))
    result = run("build", topic, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[0]
        == f"error: {topic}:7:16: sections[0].body[1].image.alt: required key 'alt' is missing"
    )


def test_missing_image_file_names_the_block(run: Run, tmp_path: Path) -> None:
    topic = write(tmp_path, "t.yaml", PICTURE_TOPIC.format(file="nowhere.svg", extra="alt: Nothing"))
    result = run("build", topic, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"error: {topic}:7:23: sections[0].body[1].image.file: picture ")
    assert str(tmp_path / "nowhere.svg") in line
    assert not (tmp_path / "out").exists()


def test_image_too_tall_for_a_page_names_the_block(run: Run, tmp_path: Path) -> None:
    tall = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 400" width="100" height="400"><rect width="100" height="400" fill="#dde6ee"/></svg>'
    (tmp_path / "tall.svg").write_text(tall, encoding="utf-8")
    topic = write(tmp_path, "t.yaml", PICTURE_TOPIC.format(file="tall.svg", extra="alt: A tall box, width: 100%"))
    result = run("build", topic, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"error: {topic}:7:9: sections[0].body[1]: the picture would be ")
    assert "more than a page holds; give it a smaller width" in result.stderr

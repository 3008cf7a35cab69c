"""Pictures: the bundled illustrations, their colours, and picture blocks that go wrong."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Group, Shape

from handouts import models
from handouts.build import Options, build_handout
from handouts.images import load_svg
from handouts.loading import LoadedTopic, load_topic

from .bundled import STYLE_NAMES, TOPIC_FILES, bundled_pdf, bundled_style, bundled_topic, topic_id
from .conftest import MINIMAL_TOPIC, TOPICS, Run, pdf_text, pixels, write
from .printed import Char, first_place, occurrences
from .snapshots import render_pages

IMAGES = TOPICS / "images"
SVGS = sorted(IMAGES.glob("*.svg"))
SVG = "{http://www.w3.org/2000/svg}"
Edition = Literal["standard", "large"]
# The smallest a picture's words may print, in points, per edition: the one number to change if the
# design's sizes change (12 pt, and 16 pt in large print; the layout enlarges labels to meet them).
PICTURE_LABEL_MIN_PT: dict[Edition, float] = {"standard": 12.0, "large": 16.0}
# Standard print on the style's own paper (the column is set by the line length, the same on A4 and
# Letter); large print on A4, whose narrower page can narrow the column.
EDITIONS: dict[Edition, tuple[str | None, bool]] = {"standard": (None, False), "large": ("a4", True)}


def labels(svg: Path) -> list[str]:
    """The words drawn in a picture, one entry per <text> element."""
    root = ElementTree.parse(svg).getroot()
    return [" ".join("".join(text.itertext()).split()) for text in root.iter(f"{SVG}text")]


def pictures_in(loaded: LoadedTopic) -> list[tuple[Path, str]]:
    """Every picture a topic prints, as load_topic resolved it, with the alt text drawn (invisibly) on it."""
    found: list[tuple[Path, str]] = []
    for section in loaded.topic.sections:
        for block in section.body:
            if isinstance(block, models.Image):
                found.append((block.image.file, block.image.alt))
            elif isinstance(block, models.Exercise) and block.exercise.image is not None:
                found.append((block.exercise.image, block.exercise.alt or block.exercise.name))
            elif isinstance(block, models.FigureRow):
                found += [(item.file, item.alt) for item in block.figure_row]
    return found


USED = {picture.name for file in TOPIC_FILES for picture, _ in pictures_in(bundled_topic(file))}
UNUSED_WITH_WORDS = [svg for svg in SVGS if svg.name not in USED and labels(svg)]


def picture_areas(pdf: bytes, svg: Path, alt: str) -> list[tuple[int, tuple[float, float, float, float]]]:
    """(page, (left, bottom, right, top)) of every place the picture is drawn. Its alt text starts at the
    picture's left edge, half way up, squeezed to the picture's width when longer: then its ends and the
    SVG's shape give the area; an alt text that fits unsqueezed only bounds the area on the left."""
    view = [float(v) for v in str(ElementTree.parse(svg).getroot().get("viewBox")).split()]
    areas = []
    for place in occurrences(pdf, alt):
        left, middle = place[0].box[0], place[0].box[1]
        right = place[-1].box[2] if place[0].stretch < 0.999 else left + 10_000
        half = (right - left) * view[3] / view[2] / 2
        areas.append((place[0].page, (left - 1, middle - half - 1, right + 1, middle + half + 1)))
    return areas


def inside(char: Char, page: int, area: tuple[float, float, float, float]) -> bool:
    left, bottom, right, top = char.box
    return char.page == page and area[0] <= left and right <= area[2] and area[1] <= bottom and top <= area[3]


def assert_labels_printed_large_enough(
    pdf: bytes, pictures: list[tuple[Path, str]], edition: Edition, where: str
) -> None:
    """Each label of each picture is printed inside the picture (not just somewhere on the page) at the floor."""
    floor = PICTURE_LABEL_MIN_PT[edition]
    for picture, alt in pictures:
        areas = picture_areas(pdf, picture, alt)
        assert areas, f"{picture.name}: its alt text {alt!r} is not in the PDF ({where})"
        for label in labels(picture):
            for page, area in areas:
                # Located by where the label starts: a long label may run past the picture's edge.
                found = [place for place in occurrences(pdf, label) if inside(place[0], page, area)]
                assert found, f"{picture.name}: {label!r} is not printed inside the picture ({where})"
                smallest = min(char.size for place in found for char in place)
                assert smallest >= floor - 0.01, (
                    f"{picture.name}: {label!r} prints at {smallest:.1f} pt in {where}, {edition} print; "
                    f"at least {floor} pt"
                )


def test_every_bundled_picture_with_words_is_checked() -> None:
    """Each SVG with a label is printed by a bundled topic or probed below; none is skipped."""
    with_words = {svg.name for svg in SVGS if labels(svg)}
    assert with_words and with_words <= USED | {svg.name for svg in UNUSED_WITH_WORDS}
    assert {"foot-drop.svg", "sciatic-nerve-path.svg"} <= with_words


@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("topic_file", TOPIC_FILES, ids=topic_id)
def test_picture_labels_print_at_the_floor_or_larger(topic_file: Path, style: str, edition: Edition) -> None:
    paper, large = EDITIONS[edition]
    pdf = bundled_pdf(topic_file, style, paper, large)
    pictures = pictures_in(bundled_topic(topic_file))
    assert_labels_printed_large_enough(pdf, pictures, edition, f"{topic_id(topic_file)} in {style}")


PROBE_ALT = "A picture drawn for clinics to use with words on it that must print large enough to read. " * 2


@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("svg", UNUSED_WITH_WORDS, ids=lambda p: p.name)
def test_a_picture_no_topic_uses_yet_prints_at_the_floor_at_the_default_width(
    tmp_path: Path, svg: Path, edition: Edition
) -> None:
    """Pictures drawn for clinics to use (foot-drop) meet the floor in an image block of the default width."""
    shutil.copy(svg, tmp_path / svg.name)
    topic = write(tmp_path, "probe.yaml", PICTURE_TOPIC.format(file=svg.name, extra=f"alt: {PROBE_ALT}"))
    paper, large = EDITIONS[edition]
    pdf = build_handout(load_topic(topic), bundled_style("default"), Options(paper=paper, large_print=large)).pdf
    assert_labels_printed_large_enough(pdf, [(svg, PROBE_ALT)], edition, "an image block of the default width")


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
    # The urgency ladder's emergency step keeps the fixed danger colour, whatever the clinic's colours.
    danger = "#a3121a" if svg.name.startswith("urgency-ladder") else "#1a1a1a"
    assert drawn <= {*clinic, "#1a1a1a", "#ffffff", danger}, drawn
    assert ("#a3121a" in drawn) == svg.name.startswith("urgency-ladder")
    assert not drawn & {"#1f5a8c", "#e8a33d", "#dde6ee"}


def test_illustrations_are_vectors_in_the_pdf(run: Run, tmp_path: Path) -> None:
    result = run("build", "--all", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    for pdf in tmp_path.glob("*.pdf"):
        assert all(not page.images for page in PdfReader(pdf).pages), pdf.name


def test_alt_text_is_in_the_pdf_text(run: Run, tmp_path: Path) -> None:
    run("build", "sciatica-and-feet", "-o", tmp_path)
    text = pdf_text(tmp_path / "sciatica-and-feet.pdf")
    assert "A leg stepping forward, seen from the side. The front of the foot hangs down" in text


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


FIGURE_ROW = """
title: Three exercises
reviewed: 2026-11-01
sections:
  - heading: Try these
    body:
      - Do each one slowly.
      - figure_row:
          - {file: images/exercise-calf-raise.svg, alt: Rising onto the toes beside a chair, caption: Calf raise}
          - {file: images/exercise-towel-curls.svg, alt: Toes pulling a towel along the floor, caption: Towel curls}
          - {file: images/exercise-single-leg-balance.svg, alt: Standing on one foot, caption: Balance}
"""


def test_figure_row_prints_its_pictures_side_by_side_with_captions(run: Run, tmp_path: Path) -> None:
    shutil.copytree(IMAGES, tmp_path / "images")
    topic = write(tmp_path, "row.yaml", FIGURE_ROW)
    result = run("build", topic, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "row.pdf"
    # Each picture's alt text lies on the picture (invisibly), its caption under it.
    alts = [first_place(pdf, alt)[0] for alt in ("Rising onto", "Toes pulling", "Standing on")]
    names = ("Calf raise", "Towel curls", "Balance")
    captions = [first_place(pdf, caption)[0] for caption in names]
    assert [c.page for c in alts + captions] == [0] * 6
    lefts = [alt.box[0] for alt in alts]
    assert lefts == sorted(lefts) and min(b - a for a, b in itertools.pairwise(lefts)) > 100, lefts  # three columns
    assert max(alt.box[1] for alt in alts) - min(alt.box[1] for alt in alts) < 1  # on one row
    for alt, caption in zip(alts, captions, strict=True):
        assert abs(caption.box[0] - alt.box[0]) < 1 and caption.box[3] < alt.box[1]  # under its picture
    # ...and each picture is drawn: ink in the column above its caption.
    image = render_pages(pdf.read_bytes(), dpi=72)[0]
    for alt, caption, name in zip(alts, captions, names, strict=True):
        left, top = round(alt.box[0]), round(image.height - alt.box[1] - 30)
        column = image.crop((left, top, left + 100, round(image.height - caption.box[3])))
        inked = sum(1 for pixel in pixels(column) if min(pixel) < 200)
        assert inked > 200, f"the picture above {name!r} is not drawn ({inked} dark pixels)"

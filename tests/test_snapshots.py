"""Every bundled topic (English and Spanish) in every bundled style: its text and its pages, as snapshots.

After a change to a topic, a style or the layout, rewrite the snapshots with
``.venv/bin/pytest --snapshot-update`` and read the diff (text) and the pictures (tests/__snapshots__/).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from syrupy.assertion import SnapshotAssertion

from handouts.build import build_handout

from .bundled import STYLE_NAMES, TOPIC_FILES, bundled_pdf, bundled_topic, topic_id, variant_style
from .snapshots import PageImageSnapshot, TextSnapshot, compare, page_images, page_text, render_pages, side_by_side


@pytest.fixture
def text_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(TextSnapshot)


@pytest.fixture
def image_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(PageImageSnapshot)


@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("topic_file", TOPIC_FILES, ids=topic_id)
def test_text(topic_file: Path, style: str, text_snapshot: SnapshotAssertion) -> None:
    assert page_text(bundled_pdf(topic_file, style)) == text_snapshot


@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("topic_file", TOPIC_FILES, ids=topic_id)
def test_pages(topic_file: Path, style: str, image_snapshot: SnapshotAssertion) -> None:
    assert page_images(bundled_pdf(topic_file, style)) == image_snapshot


# ----- the tolerance lets anti-aliasing through and nothing a reader would notice -----

SAMPLE = next(file for file in TOPIC_FILES if file.name == "sciatica-and-feet.yaml")  # a logo and an urgent box


def sample_pages(tmp_path: Path, change: str = "") -> Image.Image:
    style = variant_style(tmp_path, "extends: northside-uk\n" + change)
    return side_by_side(render_pages(build_handout(bundled_topic(SAMPLE), style).pdf))


@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("topic_file", TOPIC_FILES, ids=topic_id)
def test_the_same_pages_drawn_with_other_anti_aliasing_match(topic_file: Path, style: str) -> None:
    """Rendered at 72 dpi and shrunk by averaging (thin lines and glyph edges drawn a shade apart)."""
    pdf = bundled_pdf(topic_file, style)
    pages = side_by_side(render_pages(pdf))
    averaged = [
        page.resize((page.width // 2, page.height // 2), Image.Resampling.BOX) for page in render_pages(pdf, 72)
    ]
    difference = compare(side_by_side(averaged), pages)
    assert difference.within_tolerance, difference.describe()
    same = compare(pages, pages)
    assert (same.pixels, same.blocks, same.box) == (0, 0, None)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param("logo: null\n", id="logo-lost"),
        pytest.param("margin_mm: 17.5\n", id="boxes-moved-half-a-millimetre"),
        pytest.param('colors: {primary: "#0B6E96"}\n', id="band-colour-50-levels-off"),
        pytest.param('colors: {primary: "#14507A"}\n', id="another-clinics-colour"),
    ],
)
def test_a_lost_logo_a_moved_box_or_a_wrong_colour_fails(tmp_path: Path, change: str) -> None:
    difference = compare(sample_pages(tmp_path, change), sample_pages(tmp_path))
    assert not difference.within_tolerance, difference.describe()

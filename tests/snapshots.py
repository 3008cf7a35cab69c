"""Snapshots of what a patient sees: a handout's text, and its pages as small pictures.

The files live in ``tests/__snapshots__/`` and are rewritten by ``pytest --snapshot-update`` (syrupy).
Text must match exactly. Page pictures are compared with a tolerance: anti-aliasing may change the
grey of a glyph's edge, but a box that moves, a logo that goes missing or a colour that changes
alters far more pixels, or the colour of whole squares (tests/test_snapshots.py proves both sides).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2
from PIL import Image, ImageChops, ImageFilter
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from .conftest import page_lines

DPI = 36  # half of 72: a page is about 300x420 pixels, enough to see every box, logo and colour
GAP = 4  # grey pixels between pages side by side
# Two measures, both on pictures of the same size (a page more or less always fails):
# - shapes: each picture is blurred by one pixel, so a glyph edge drawn a shade lighter or darker
#   averages out; a pixel has changed when a colour channel moves by more than CHANNEL_TOLERANCE (of
#   255); at most one pixel in PIXELS_PER_CHANGE may change.
# - colours: the mean colour of each BLOCK x BLOCK square (5.6 mm); a square has changed when a channel
#   of its mean moves by more than BLOCK_TOLERANCE; at most one square in BLOCKS_PER_CHANGE may change.
#   This catches a colour that is wrong but near, such as another clinic's blue for this one's teal.
# Measured on all 24 bundled handouts (two pages: 600x421 pixels, 3,975 squares), against the same
# pages resampled from a 72 dpi render (another anti-aliasing, harsher than a new renderer version):
# at most 225 pixels and 50 squares change. Against that, a lost logo changes at least 419 pixels,
# a 0.5 mm shift over 6,000, northside's primary colour 50 levels off about 5,900 pixels and 150
# squares, and riverside's blue (#14507A) for northside's teal (#0B6E64) 0 pixels but 146 squares.
BLUR_RADIUS = 1
CHANNEL_TOLERANCE = 48
PIXELS_PER_CHANGE = 800
BLOCK = 8
BLOCK_TOLERANCE = 24
BLOCKS_PER_CHANGE = 60
MM_PER_PIXEL = 25.4 / DPI


def page_text(pdf: bytes) -> str:
    """The extracted text, page by page, each line stripped (the words and their order, not the layout)."""
    return "".join(
        f"--- page {number} ---\n" + "\n".join(line.strip() for line in text.splitlines()) + "\n"
        for number, text in enumerate(page_lines(pdf), start=1)
    )


def render_pages(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [document[n].render(scale=dpi / 72).to_pil().convert("RGB") for n in range(len(document))]
    finally:
        document.close()


def side_by_side(pages: list[Image.Image]) -> Image.Image:
    width = sum(page.width for page in pages) + GAP * (len(pages) - 1)
    sheet = Image.new("RGB", (width, max(page.height for page in pages)), "#808080")
    left = 0
    for page in pages:
        sheet.paste(page, (left, 0))
        left += page.width + GAP
    return sheet


def page_images(pdf: bytes) -> bytes:
    """Every page at DPI, side by side, as PNG bytes (256 colours, undithered: a third of the size, and
    no pixel moves beyond the tolerance)."""
    sheet = side_by_side(render_pages(pdf)).quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@dataclass(frozen=True)
class Difference:
    """How two page pictures differ: changed pixels and squares, how many may change, and where."""

    sizes: tuple[tuple[int, int], tuple[int, int]]
    pixels: int = 0
    pixels_allowed: int = 0
    blocks: int = 0
    blocks_allowed: int = 0
    box: tuple[int, int, int, int] | None = None  # left, top, right, bottom in pixels, around every change

    @property
    def within_tolerance(self) -> bool:
        return (
            self.sizes[0] == self.sizes[1] and self.pixels <= self.pixels_allowed and self.blocks <= self.blocks_allowed
        )

    def describe(self) -> str:
        if self.sizes[0] != self.sizes[1]:
            return f"the pages are {self.sizes[0]} pixels now, {self.sizes[1]} in the snapshot (a page more or less?)"
        if self.box is None:
            return "no pixel changed beyond the tolerance"
        left, top, right, bottom = (round(v * MM_PER_PIXEL) for v in self.box)
        return (
            f"{self.pixels} pixels changed (at most {self.pixels_allowed} may) and the colour of {self.blocks} "
            f"{BLOCK}x{BLOCK} squares (at most {self.blocks_allowed} may), between {left} and {right} mm from the "
            f"left edge of the first page and {top} to {bottom} mm from the top (pages sit side by side)"
        )


def _changed(a: Image.Image, b: Image.Image, tolerance: int) -> Image.Image:
    """A mask: 255 where a colour channel differs by more than ``tolerance``."""
    red, green, blue = ImageChops.difference(a, b).split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return largest.point(lambda value: 255 if value > tolerance else 0)


def compare(image: Image.Image, snapshot: Image.Image) -> Difference:
    sizes = (image.size, snapshot.size)
    if image.size != snapshot.size:
        return Difference(sizes)
    image, snapshot = image.convert("RGB"), snapshot.convert("RGB")
    blur = ImageFilter.BoxBlur(BLUR_RADIUS)
    pixels = _changed(image.filter(blur), snapshot.filter(blur), CHANNEL_TOLERANCE)
    blocks = _changed(image.reduce(BLOCK), snapshot.reduce(BLOCK), BLOCK_TOLERANCE)
    boxes = [box for box in (pixels.getbbox(), blocks.resize(image.size).getbbox()) if box is not None]
    box = None
    if boxes:
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return Difference(
        sizes,
        pixels.histogram()[255],
        image.width * image.height // PIXELS_PER_CHANGE,
        blocks.histogram()[255],
        blocks.width * blocks.height // BLOCKS_PER_CHANGE,
        box,
    )


def compare_png(png: bytes, snapshot_png: bytes) -> Difference:
    return compare(Image.open(io.BytesIO(png)), Image.open(io.BytesIO(snapshot_png)))


class TextSnapshot(SingleFileSnapshotExtension):
    """One ``.txt`` file per snapshot, so a change reads as an ordinary diff in review."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"


class PageImageSnapshot(SingleFileSnapshotExtension):
    """One ``.png`` per snapshot, matched within the tolerance above (and left alone when it matches)."""

    file_extension = "png"

    def matches(self, *, serialized_data: Any, snapshot_data: Any) -> bool:
        return compare_png(bytes(serialized_data), bytes(snapshot_data)).within_tolerance

    def diff_lines(self, serialized_data: Any, snapshot_data: Any) -> Iterator[str]:
        yield compare_png(bytes(serialized_data), bytes(snapshot_data)).describe()

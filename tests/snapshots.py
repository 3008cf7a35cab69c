"""Snapshots of what a patient sees: a handout's text, and its pages as small pictures.

The files live in ``tests/__snapshots__/`` and are rewritten by ``pytest --snapshot-update`` (syrupy).
Text must match exactly. Page pictures are compared with a tolerance: anti-aliasing may change the
grey of a glyph's edge, but a box that moves, a logo that goes missing or a colour that changes
alters hundreds of pixels well beyond it (tests/test_snapshots.py proves both sides).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2
from PIL import Image, ImageChops, ImageFilter
from pypdf import PdfReader
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

DPI = 36  # half of 72: a page is about 300x420 pixels, enough to see every box, logo and colour
GAP = 4  # grey pixels between pages side by side
# Before comparing, each picture is blurred by one pixel, so a glyph edge drawn a shade lighter or
# darker averages out; a pixel then counts as changed when a colour channel moves by more than
# CHANNEL_TOLERANCE (of 255), and a page picture matches when at most one pixel in PIXELS_PER_CHANGE
# has changed. Measured on sciatica-and-feet in northside-uk (about 250,000 pixels): the same pages
# resampled from a 72 dpi render (another anti-aliasing) change at most 16 pixels; a missing logo
# changes 1,375, a 0.5 mm shift 6,320, a primary colour 50 levels off 5,945.
BLUR_RADIUS = 1
CHANNEL_TOLERANCE = 48
PIXELS_PER_CHANGE = 4000
MM_PER_PIXEL = 25.4 / DPI


def page_text(pdf: bytes) -> str:
    """The extracted text, page by page, each line stripped (the words and their order, not the layout)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join(
        f"--- page {number} ---\n" + "\n".join(line.strip() for line in page.extract_text().splitlines()) + "\n"
        for number, page in enumerate(pages, start=1)
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
    """How two page pictures differ: changed pixels, how many are allowed, and where the changes are."""

    changed: int
    allowed: int
    box: tuple[int, int, int, int] | None  # left, top, right, bottom in pixels
    sizes: tuple[tuple[int, int], tuple[int, int]]

    @property
    def within_tolerance(self) -> bool:
        return self.sizes[0] == self.sizes[1] and self.changed <= self.allowed

    def describe(self) -> str:
        if self.sizes[0] != self.sizes[1]:
            return f"the pages are {self.sizes[0]} pixels now, {self.sizes[1]} in the snapshot (a page more or less?)"
        if self.box is None:
            return "no pixel changed beyond the tolerance"
        left, top, right, bottom = (round(v * MM_PER_PIXEL) for v in self.box)
        return (
            f"{self.changed} pixels changed (at most {self.allowed} may), between {left} and {right} mm from "
            f"the left edge of the first page and {top} to {bottom} mm from the top (pages sit side by side)"
        )


def compare(image: Image.Image, snapshot: Image.Image) -> Difference:
    sizes = (image.size, snapshot.size)
    allowed = image.width * image.height // PIXELS_PER_CHANGE
    if image.size != snapshot.size:
        return Difference(image.width * image.height, allowed, None, sizes)
    blur = ImageFilter.BoxBlur(BLUR_RADIUS)
    delta = ImageChops.difference(image.convert("RGB").filter(blur), snapshot.convert("RGB").filter(blur))
    red, green, blue = delta.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    changed_mask = largest.point(lambda value: 255 if value > CHANNEL_TOLERANCE else 0)
    changed = changed_mask.histogram()[255]
    return Difference(changed, allowed, changed_mask.getbbox(), sizes)


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

"""What a printed page shows, measured from the PDF: how full each page is, text sizes and boxes.

Used by the layout tests; reads the PDF with pypdfium2 (no ReportLab internals).
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(frozen=True)
class Char:
    text: str
    box: Box


@dataclass(frozen=True)
class Text:
    """One visible run of text: its size as printed (scaling of pictures included)."""

    text: str
    size: float
    box: Box


@dataclass(frozen=True)
class Shape:
    """A drawn path: where it is, how it is stroked and filled (colours as grey, 0 black to 1 white)."""

    box: Box
    stroke_width: float
    stroke_grey: float | None  # None: not stroked
    fill_grey: float | None  # None: not filled
    dashed: bool
    segments: int
    fill_rgb: tuple[int, int, int] | None
    stroke_rgb: tuple[int, int, int] | None


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    content_top: float  # under the header band (or its rule)
    content_bottom: float  # over the footer's rule
    objects: list[Box]  # every drawn object between them
    chars: list[Char] | None  # each character and its box, read only when asked (it is slow)
    texts: list[Text]
    shapes: list[Shape]

    @property
    def fill(self) -> float:
        """Share of the text area used, from its top to the lowest thing drawn on it."""
        if not self.objects:
            return 0.0
        lowest = min(o.bottom for o in self.objects)
        return (self.content_top - lowest) / (self.content_top - self.content_bottom)

    def texts_between(self) -> list[Text]:
        """Visible text drawn between the header band and the footer."""
        return [t for t in self.texts if t.box.bottom > self.content_bottom and t.box.top < self.content_top]


def _objects(parent: Any) -> list[Any]:
    return list(parent.get_objects(max_depth=4))


def read_pages(pdf: bytes, chars: bool = False) -> list[Page]:
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        boxes = []
        rules = []
        texts = []
        shapes = []
        textpage = page.get_textpage()
        for obj in _objects(page):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
                continue
            left, bottom, right, top = obj.get_bounds()
            box = Box(left, bottom, right, top)
            if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
                    continue  # a picture's words for search and screen readers
                obj.textpage = textpage
                matrix = obj.get_matrix()
                # The vertical scale: pictures scale their labels; a squeezed line keeps its height.
                size = obj.get_font_size() * math.hypot(matrix.c, matrix.d)
                texts.append(Text(obj.extract(), size, box))
            if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                shapes.append(_shape(obj, box))
            if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH and box.width > width * 0.6 and box.height < height * 0.3:
                rules.append(box)  # the header band or rule, the footer rule
            else:
                boxes.append(box)
        # The topmost wide shape is the header band (or its rule); the lowest, the footer's rule.
        highest = max((r.top for r in rules), default=height)
        lowest = min((r.bottom for r in rules), default=0.0)
        top_rules = [r for r in rules if r.top >= highest - 1 and r.top > height * 0.75]
        bottom_rules = [r for r in rules if r.bottom <= lowest + 1 and r.bottom < height * 0.25]
        content_top = min(r.bottom for r in top_rules) if top_rules else height
        content_bottom = max(r.top for r in bottom_rules) if bottom_rules else 0.0
        inside = [b for b in boxes if b.bottom > content_bottom + 0.5 and b.top < content_top - 0.5]
        pages.append(
            Page(width, height, content_top, content_bottom, inside, _chars(textpage) if chars else None, texts, shapes)
        )
    return pages


def _chars(textpage: Any) -> list[Char]:
    found = []
    for n in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(n, loose=False)
        found.append(Char(textpage.get_text_range(n, 1), Box(left, bottom, right, top)))
    return found


def grey(rgb: tuple[int, int, int]) -> float:
    """How a colour prints on a greyscale copier (ITU-R BT.601 luma), 0 black to 1 white."""
    red, green, blue = rgb
    return (0.299 * red + 0.587 * green + 0.114 * blue) / 255


def _colour(getter: Any, obj: Any) -> tuple[int, int, int]:
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    getter(obj, ctypes.byref(red), ctypes.byref(green), ctypes.byref(blue), ctypes.byref(alpha))
    return red.value, green.value, blue.value


def _shape(obj: Any, box: Box) -> Shape:
    raw = obj.raw
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(raw, ctypes.byref(fill_mode), ctypes.byref(stroke))
    weight = ctypes.c_float()
    pdfium_c.FPDFPageObj_GetStrokeWidth(raw, ctypes.byref(weight))
    fill_rgb = _colour(pdfium_c.FPDFPageObj_GetFillColor, raw) if fill_mode.value else None
    stroke_rgb = _colour(pdfium_c.FPDFPageObj_GetStrokeColor, raw) if stroke.value else None
    return Shape(
        box=box,
        stroke_width=weight.value if stroke.value else 0.0,
        stroke_grey=grey(stroke_rgb) if stroke_rgb else None,
        fill_grey=grey(fill_rgb) if fill_rgb else None,
        dashed=pdfium_c.FPDFPageObj_GetDashCount(raw) > 0,
        segments=pdfium_c.FPDFPath_CountSegments(raw),
        fill_rgb=fill_rgb,
        stroke_rgb=stroke_rgb,
    )

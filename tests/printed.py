"""What a PDF prints, character by character: the face and the size a reader sees (pypdfium2)."""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class Char:
    text: str
    face: str  # the font's PostScript name, e.g. AtkinsonHyperlegible-Bold
    size: float  # points as printed: the font size times every scaling on the way to the page
    page: int  # counted from 0
    box: tuple[float, float, float, float]  # left, bottom, right, top in points from the page's bottom left
    stretch: float  # width scaling against height: below 1 where text was squeezed (horizontal scale)


def _char(textpage: pypdfium2.PdfTextPage, page: int, index: int) -> Char:
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
    size = pdfium_c.FPDFText_GetFontSize(textpage, index) * math.hypot(matrix.b, matrix.d)
    face = name.value.decode().split("+")[-1]
    stretch = math.hypot(matrix.a, matrix.c) / math.hypot(matrix.b, matrix.d)
    return Char(textpage.get_text_range(index, 1), face, size, page, textpage.get_charbox(index), stretch)


def occurrences(pdf: Path | bytes, phrase: str) -> list[list[Char]]:
    """Every place ``phrase`` is printed (case and spaces as given), as its characters, spaces left out."""
    document = pypdfium2.PdfDocument(pdf)
    found: list[list[Char]] = []
    try:
        for number in range(len(document)):
            textpage = document[number].get_textpage()
            search = textpage.search(phrase, match_case=True)
            while (match := search.get_next()) is not None:
                start, count = match
                chars = [_char(textpage, number, index) for index in range(start, start + count)]
                found.append([char for char in chars if not char.text.isspace()])
    finally:
        document.close()
    return found


def first_place(pdf: Path | bytes, phrase: str) -> list[Char]:
    """The characters of the first place ``phrase`` is printed; fails the test if it is printed nowhere."""
    found = occurrences(pdf, phrase)
    assert found, f"{phrase!r} is not printed"
    return found[0]

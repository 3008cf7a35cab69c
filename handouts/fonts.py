"""A clinic's own font files: checked with fontTools before ReportLab parses them, registered
under a name made from their content.

ReportLab trusts a font's tables: a cut-off file raises whatever Python raises for a short read,
and a 54 KB font whose character map claims every code point many times over makes it build a
table of gigabytes. fontTools reads the table directory and each table for us; the sizes the
tables claim are checked against limits before anything is built from them.

Registering by content hash means two styles whose fonts share a file name (``Regular.ttf``)
each print in their own font, and the same font under two names is parsed once.
"""

from __future__ import annotations

import hashlib
import io
import logging
import struct
from pathlib import Path

from .userfiles import UnreadableFile, read_limited

MAX_FONT_BYTES = 30_000_000  # a full CJK font is about 20 MB
MAX_TABLE_BYTES = 20_000_000
MAX_MAPPED_CODES = 300_000  # Unicode assigns about 150,000 characters
# What ReportLab reads from a TrueType font to embed it.
REQUIRED_TABLES = ("cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post")
_DECOMPILED = ("head", "hhea", "maxp", "hmtx", "loca", "name", "post")  # each checked whole by fontTools
TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")


def font_problem(path: Path) -> str | None:
    """Why the font at ``path`` cannot be embedded, or None when it can (its bytes are checked)."""
    if path.suffix.lower() not in (".ttf", ".otf"):
        if not path.exists():
            return f"font file not found: {path}"
        return f"use a TrueType font (.ttf): {path}"
    try:
        data = read_limited(path, MAX_FONT_BYTES)
    except UnreadableFile as error:
        if error.message == "file not found":
            return f"font file not found: {path}"
        return f"font {error.message}: {path}"
    why = font_data_problem(data) or parse_with_reportlab(data)
    return f"{why}: {path}" if why else None


def font_data_problem(data: bytes) -> str | None:
    """Why ``data`` is not a TrueType font ReportLab can safely embed, or None."""
    if data[:4] == b"OTTO":
        return "this OpenType font has PostScript (CFF) outlines, which cannot be embedded; use TTF"
    if data[:4] == b"ttcf":
        return "this is a font collection (.ttc); use a single TrueType font (.ttf)"
    if data[:4] not in TRUETYPE_MAGIC:
        return "is not a TrueType font (the file holds something else); use a .ttf font file"
    from fontTools.ttLib import TTFont, TTLibError

    # fontTools logs what it tolerates in a damaged font; with no logging set up, Python would print it.
    logging.getLogger("fontTools").addHandler(logging.NullHandler())
    try:
        font = TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    except (TTLibError, struct.error, ValueError, EOFError, AssertionError) as error:
        return f"is a damaged font file; its table directory cannot be read ({type(error).__name__})"
    directory = font.reader.tables
    for tag in REQUIRED_TABLES:
        if tag not in directory:
            return f"is not a complete TrueType font: it has no '{tag}' table"
    for tag, entry in directory.items():
        if entry.offset + entry.length > len(data):
            return f"is a damaged font file: its '{tag}' table runs past the end of the file (is it cut off?)"
        if entry.length > MAX_TABLE_BYTES:
            return f"is not a usable font: its '{tag}' table is {entry.length:,} bytes, over the limit of {MAX_TABLE_BYTES:,}"
    cmap = data[directory["cmap"].offset : directory["cmap"].offset + directory["cmap"].length]
    if why := _character_map_problem(cmap):
        return why
    for tag in (*_DECOMPILED, "cmap"):
        try:
            font[tag]
        except Exception as error:  # fontTools raises many kinds for a damaged table
            return f"is a damaged font file: its '{tag}' table cannot be read ({type(error).__name__})"
    return None


def _character_map_problem(cmap: bytes) -> str | None:
    """A character map claiming more characters than Unicode has (ReportLab would build a table
    entry for each), counted from its own figures before anything is built from them."""
    try:
        _, count = struct.unpack_from(">HH", cmap, 0)
        total = 0
        offsets = {struct.unpack_from(">HHI", cmap, 4 + 8 * i)[2] for i in range(count)}
        for offset in offsets:
            (kind,) = struct.unpack_from(">H", cmap, offset)
            if kind in (12, 13):
                (groups,) = struct.unpack_from(">I", cmap, offset + 12)
                if offset + 16 + groups * 12 > len(cmap):
                    return "is a damaged font file: its character map ('cmap') runs past its table"
                for group in range(groups):
                    start, end, _ = struct.unpack_from(">III", cmap, offset + 16 + group * 12)
                    if end < start or end > 0x10FFFF:
                        return "is a damaged font file: its character map ('cmap') has an impossible range"
                    total += end - start + 1
                    if total > MAX_MAPPED_CODES:
                        return (
                            f"is not a usable font: its character map claims over {MAX_MAPPED_CODES:,} characters "
                            "(Unicode has about 150,000)"
                        )
    except struct.error:
        return "is a damaged font file: its character map ('cmap') is cut off"
    return None


def font_bytes(path: Path) -> bytes:
    """The font file's bytes (checked when its style was loaded)."""
    try:
        return read_limited(path, MAX_FONT_BYTES)
    except UnreadableFile as error:
        from .errors import HandoutError, Problem

        raise HandoutError([Problem(f"font {error.message}", path)]) from None


def register_family(regular: bytes, bold: bytes | None) -> tuple[str, str]:
    """Register a regular and (optional) bold face with ReportLab, once per content; return their names.

    The names come from both faces' content: ReportLab finds the bold of ``**bold**`` text by the
    regular face's name, so two styles that share a regular face but not a bold one need two names.
    """
    digest = hashlib.sha256(regular + b"\0" + (bold or b"")).hexdigest()[:16]
    if digest not in _REGISTERED:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        name = f"Clinic-{digest}"
        bold_name = f"{name}-Bold" if bold else name
        for face_name, data in ((name, regular), (bold_name, bold)):
            if data:
                font = TTFont(face_name, io.BytesIO(data))
                # ReportLab hands out the first font registered under a face's own (PostScript)
                # name: two clinics' fonts both called "Clinic-Regular" inside would print as one.
                font.face.name = face_name.encode("ascii")  # ReportLab keeps it as bytes
                pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(name, normal=name, bold=bold_name, italic=name, boldItalic=bold_name)
        _REGISTERED[digest] = (name, bold_name)
    return _REGISTERED[digest]


_REGISTERED: dict[str, tuple[str, str]] = {}


def parse_with_reportlab(data: bytes) -> str | None:
    """Why ReportLab cannot parse a font fontTools accepted, or None."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        TTFont("handouts-probe", io.BytesIO(data))
    except TTFError as error:
        if "postscript outlines" in str(error).lower():
            return "this OpenType font has PostScript (CFF) outlines, which cannot be embedded; use TTF"
        return f"cannot use this font ({error})"
    except Exception as error:  # ReportLab's parser raises many kinds for a crafted file
        return f"cannot use this font; it is damaged ({type(error).__name__})"
    return None

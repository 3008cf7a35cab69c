"""Pictures: logos and illustrations (PNG, JPEG, SVG), checked before use and prepared for print.

Checks happen when a style or topic is loaded, so a bad picture is reported with its file and
line; drawing code receives only pictures that opened cleanly.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from functools import cache
from pathlib import Path
from typing import Any

MAX_PIXELS = 25_000_000
PRINT_DPI = 300
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg")
SUFFIXES = (*RASTER_SUFFIXES, ".svg")

# Illustrations mark their brand colours with the default style's colours; each clinic's replace them.
SVG_PRIMARY = "#1f5a8c"
SVG_ACCENT = "#e8a33d"
SVG_PRIMARY_TINT = "#dde6ee"


def problem_with(path: Path) -> str | None:
    """Why ``path`` cannot be used as a picture, or None when it can."""
    if not path.is_file():
        return f"file not found: {path}"
    if path.suffix.lower() not in SUFFIXES:
        return f"must be a PNG, JPEG or SVG file: {path}"
    if path.stat().st_size == 0:
        return f"is an empty file: {path}"
    if path.suffix.lower() == ".svg":
        return _svg_problem(path)
    return _raster_problem(path)


def _raster_problem(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns from 89 and fails from 179 megapixels; ours is lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)  # reads the header only
        with image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return f"is {width}x{height} pixels, over the limit of 25 megapixels; scale it down: {path}"
            image.load()
    except Image.DecompressionBombError as error:
        pixels = re.search(r"\((\d+) pixels\)", str(error))
        size = f"{int(pixels.group(1)):,} pixels" if pixels else "far too many pixels"
        return f"is {size}, over the limit of 25 megapixels; scale it down: {path}"
    except UnidentifiedImageError:
        return f"is not a PNG or JPEG picture (the file holds something else): {path}"
    except (OSError, SyntaxError, ValueError) as error:
        return f"cannot be read; it may be cut off ({error}): {path}"
    return None


def _svg_problem(path: Path) -> str | None:
    if why := _svg_markup_problem(path):
        return f"{why}: {path}"
    try:
        drawing = load_svg(path, None)
    except Exception as error:  # svglib raises many kinds for broken input
        return f"cannot be read as SVG ({type(error).__name__}): {path}"
    if drawing is None or not drawing.width or not drawing.height:
        return f"is an SVG with no size (give it a width and height): {path}"
    return None


def _svg_markup_problem(path: Path) -> str | None:
    """A cut-off file, XML entities, or a link to another file: refused before svglib sees them.

    svglib recovers what it can from broken XML, and skips (with a log line) the files it may
    not read; a logo passed between clinics should fail clearly instead of printing half.
    """
    from lxml import etree  # type: ignore[import-untyped]  # svglib's own XML parser

    data = path.read_bytes()
    if b"<!ENTITY" in data:
        return "is an SVG that declares XML entities (<!ENTITY ...>), which are not allowed"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"is an SVG that is cut off or is not valid XML (line {error.lineno}: {error.msg})"
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.rpartition("}")[2] == "href" and not value.strip().startswith(("#", "data:")):
                return f"is an SVG that uses another file ({value}), which is never read; put that inside the SVG, or use a PNG"
    return None


def load_svg(path: Path, colors: tuple[str, str, str] | None) -> Any:
    """An SVG as a ReportLab Drawing, with its marked colours swapped for ``colors``.

    ``colors`` is (primary, accent, primary tint) as "#rrggbb". External files and XML entities
    are never read: a picture passed between clinics must not reach other files on the machine.
    """
    return _load_svg_cached(path, path.stat().st_mtime_ns, colors)


@cache
def _load_svg_cached(path: Path, _mtime: int, colors: tuple[str, str, str] | None) -> Any:
    from svglib.svglib import svg2rlg

    teach_svglib_our_font()
    # svglib logs what it skips; with no logging set up, Python would print that on stderr.
    logging.getLogger("svglib").addHandler(logging.NullHandler())
    text = _FONT_FAMILY.sub(_our_family, path.read_text(encoding="utf-8"))
    if colors is not None:
        marks = {SVG_PRIMARY: colors[0], SVG_ACCENT: colors[1], SVG_PRIMARY_TINT: colors[2]}
        text = re.sub("|".join(marks), lambda m: marks[m.group(0).lower()], text, flags=re.IGNORECASE)
    nowhere = str(path.parent / ".no-external-files")
    drawing = svg2rlg(io.BytesIO(text.encode("utf-8")), resolve_entities=False, external_reference_root=nowhere)
    if drawing is not None:
        drawing.initialFontName = "Atkinson"  # ReportLab's default state names Helvetica, unembedded
    return drawing


_FONT_FAMILY = re.compile(r"(font-family\s*[:=]\s*[\"']?)([^;\"'>]+)")


def _our_family(match: re.Match[str]) -> str:
    """Every SVG text prints in the handout font: always embedded, never a system font look-alike."""
    bold = "bold" in match.group(2).lower()
    return match.group(1) + ("Atkinson-Bold" if bold else "Atkinson")


@cache
def teach_svglib_our_font() -> None:
    """Map the Atkinson family in svglib's font table.

    Unmapped, svglib asks fontconfig for a look-alike and registers it under our font's
    name, silently replacing Atkinson Hyperlegible in the whole document.
    """
    import fontpkg_atkinson_hyperlegible as atkinson
    from svglib.fonts import register_font

    from .branding import register_default_font

    register_default_font()
    files = Path(atkinson.ROOT) / "files"
    regular, bold = str(files / "AtkinsonHyperlegible-Regular.ttf"), str(files / "AtkinsonHyperlegible-Bold.ttf")
    register_font("Atkinson", regular, rlgFontName="Atkinson")
    register_font("Atkinson", bold, weight="bold", rlgFontName="Atkinson-Bold")
    register_font("Atkinson-Bold", bold, rlgFontName="Atkinson-Bold")
    register_font("Atkinson-Bold", bold, weight="bold", rlgFontName="Atkinson-Bold")
    # svglib re-registers the faces, which drops their family link: restore it so **bold** stays bold.
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFontFamily(
        "Atkinson", normal="Atkinson", bold="Atkinson-Bold", italic="Atkinson", boldItalic="Atkinson-Bold"
    )


@cache
def raster_for_print(path: Path, width_pt: float, height_pt: float) -> Any:
    """A PNG or JPEG scaled down to 300 dpi at its printed size, as a ReportLab ImageReader.

    A 6000x4000 photo used as a logo would otherwise be embedded whole.
    """
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    with Image.open(path) as original:
        image = original.copy()
    limit = (max(1, round(width_pt / 72 * PRINT_DPI)), max(1, round(height_pt / 72 * PRINT_DPI)))
    if image.width > limit[0] or image.height > limit[1]:
        image.thumbnail(limit, Image.Resampling.LANCZOS)
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    return ImageReader(image)


def pixel_size(path: Path) -> tuple[float, float]:
    """Width and height in the picture's own units (pixels, or SVG points)."""
    if path.suffix.lower() == ".svg":
        drawing = load_svg(path, None)
        return float(drawing.width), float(drawing.height)
    from PIL import Image

    with Image.open(path) as image:
        return float(image.width), float(image.height)

"""Pictures: logos and illustrations (PNG, JPEG, SVG), checked before use and prepared for print.

Checks happen when a style or topic is loaded, so a bad picture is reported with its file and
line; drawing code receives only pictures that opened cleanly.
"""

from __future__ import annotations

import base64
import io
import logging
import math
import re
import warnings
from functools import cache
from pathlib import Path
from typing import Any

from .errors import HandoutError, Problem
from .userfiles import UnreadableFile, read_limited

MAX_PIXELS = 25_000_000
MAX_RASTER_BYTES = 30_000_000  # a 25-megapixel photo saved as PNG stays under this
MAX_SVG_BYTES = 5_000_000  # room for a few embedded PNG/JPEG pictures; a drawing is far smaller
MAX_SVG_ELEMENTS = 20_000  # counted after every <use> is expanded (svglib draws each copy)
MAX_USE_DEPTH = 8  # a <use> of a group that holds a <use> of ...: each level multiplies the work
MAX_SVG_SIZE = 100_000.0  # width, height and viewBox in the SVG's own units (35 m at 1 pt each)
PRINT_DPI = 300
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg")
SUFFIXES = (*RASTER_SUFFIXES, ".svg")
# Only these are ever opened: Pillow picks the format from the content, and would hand a PostScript
# or EPS file named .png to Ghostscript, a program of its own that runs what the file says.
RASTER_FORMATS = ("PNG", "JPEG")

# Illustrations mark their brand colours with the default style's colours; each clinic's replace them.
SVG_PRIMARY = "#1f5a8c"
SVG_ACCENT = "#e8a33d"
SVG_PRIMARY_TINT = "#dde6ee"


def problem_with(path: Path) -> str | None:
    """Why ``path`` cannot be used as a picture, or None when it can."""
    if path.suffix.lower() not in SUFFIXES:
        if not path.exists():
            return f"file not found: {path}"
        return f"must be a PNG, JPEG or SVG file: {path}"
    svg = path.suffix.lower() == ".svg"
    try:
        data = read_limited(path, MAX_SVG_BYTES if svg else MAX_RASTER_BYTES)
    except UnreadableFile as error:
        return f"{error.message}: {path}"
    if not data:
        return f"is an empty file: {path}"
    why = _svg_problem(path, data) if svg else raster_problem(data)
    return f"{why}: {path}" if why else None


def raster_problem(data: bytes) -> str | None:
    """Why ``data`` is not a usable PNG or JPEG picture, or None (decoded once, to find a cut-off file)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns from 89 and fails from 179 megapixels; ours is lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=RASTER_FORMATS)  # reads the header only
        with image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return f"is {width}x{height} pixels, over the limit of 25 megapixels; scale it down"
            # A JPEG decoded at an eighth of its size still reads every byte (a cut-off file fails
            # the same way) in half the time of a full decode.
            image.draft(None, (1, 1))
            image.load()
    except Image.DecompressionBombError as error:
        pixels = re.search(r"\((\d+) pixels\)", str(error))
        size = f"{int(pixels.group(1)):,} pixels" if pixels else "far too many pixels"
        return f"is {size}, over the limit of 25 megapixels; scale it down"
    except UnidentifiedImageError:
        return "is not a PNG or JPEG picture (the file holds something else)"
    except (OSError, SyntaxError, ValueError) as error:  # Pillow's words for a damaged file
        return f"cannot be read; it may be cut off ({error})"
    except Exception as error:  # a crafted file makes Pillow's decoders raise other kinds too
        return f"cannot be read; it may be damaged ({type(error).__name__})"
    return None


def _svg_problem(path: Path, data: bytes) -> str | None:
    if why := _svg_markup_problem(data):
        return why
    try:
        drawing = _drawing(data, None)
    except Exception as error:  # svglib raises many kinds for broken input
        return f"cannot be read as SVG ({type(error).__name__})"
    if drawing is None:
        return "cannot be read as SVG"
    return _size_problem(drawing.width, drawing.height)


def _size_problem(width: object, height: object) -> str | None:
    """Sizes that would draw nothing, draw over the text, or write numbers a PDF cannot hold."""
    try:
        sizes = [float(width), float(height)]  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "is an SVG with no size (give it a width and height)"
    if not all(math.isfinite(size) for size in sizes):
        return "is an SVG whose width or height is not a number (inf or nan); give it a real width and height"
    if not all(size > 0 for size in sizes):
        return "is an SVG with no size, or a negative one (give it a width and height above 0)"
    if max(sizes) > MAX_SVG_SIZE:
        across = f"{max(sizes):,.0f}" if max(sizes) < 1e12 else f"{max(sizes):.3g}"
        return f"is an SVG {across} units across, over the limit of {MAX_SVG_SIZE:,.0f}; give it a smaller width and height"
    return None


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:inf(?:inity)?|nan)", re.IGNORECASE)


def _svg_markup_problem(data: bytes) -> str | None:
    """A cut-off file, XML entities, a link to another file, a picture inside that is not PNG or
    JPEG, or a drawing too big to draw: refused before svglib sees them.

    svglib recovers what it can from broken XML, and skips (with a log line) the files it may
    not read; a logo passed between clinics should fail clearly instead of printing half.
    """
    from lxml import etree  # type: ignore[import-untyped]  # svglib's own XML parser

    if b"<!ENTITY" in data:
        return "is an SVG that declares XML entities (<!ENTITY ...>), which are not allowed"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"is an SVG that is cut off or is not valid XML (line {error.lineno}: {error.msg})"
    if root is None:
        return "is an SVG that is cut off or is not valid XML"
    for name in ("width", "height"):
        if (value := root.get(name)) is not None and (why := _number_problem(value)):
            return why
    if (box := root.get("viewBox")) is not None:
        numbers = [_float(n) for n in _NUMBER.findall(box)]
        if len(numbers) == 4 and (why := _size_problem(numbers[2], numbers[3])):
            return why.replace("width or height", "viewBox").replace("width and height", "viewBox")
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.rpartition("}")[2] != "href":
                continue
            link = value.strip()
            if link.startswith("data:"):
                if why := _data_uri_problem(value):
                    return why
            elif not link.startswith("#"):
                return f"is an SVG that uses another file ({link[:80]}), which is never read; put that inside the SVG, or use a PNG"
    return _element_count_problem(root)


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def _number_problem(value: str) -> str | None:
    match = _NUMBER.match(value.strip())
    if match is None:
        return None  # svglib reads units and percentages its own way; the drawing's size is checked after
    return _size_problem(_float(match.group()), 1.0)


# svglib's own test for an embedded picture, which it then hands to Pillow's open (any format).
_SVGLIB_DATA_URI = re.compile(r"^data:image/(jpe?g|png);base64")


def _data_uri_problem(href: str) -> str | None:
    """A ``data:`` picture inside the SVG must be a PNG or JPEG under the limits of a picture file."""
    match = _SVGLIB_DATA_URI.match(href)
    if match is None:
        return "is an SVG with an embedded picture that is not a base64 PNG or JPEG (data:image/png;base64,...)"
    encoded = href[match.end() + 1 :]  # exactly what svglib decodes
    try:
        data = base64.decodebytes(encoded.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return "is an SVG with an embedded picture whose base64 text is damaged"
    if why := raster_problem(data):
        return f"is an SVG with an embedded picture that {why}"
    return None


def _element_count_problem(root: Any) -> str | None:
    """How many elements svglib would draw, each ``<use>`` expanded, counted without drawing;
    and how deep ``<use>`` nests (each level multiplies the work)."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    # Keyed by the element itself: lxml keeps one proxy per element while it is referenced.
    measured: dict[Any, tuple[int, int]] = {}
    busy: set[Any] = set()

    def measure(element: Any) -> tuple[int, int]:
        """(elements drawn, depth of <use> nesting) for ``element`` and what it contains."""
        if element in measured:
            return measured[element]
        if element in busy:
            raise _TooBig  # a <use> that leads back to itself
        busy.add(element)
        count, depth = 1, 0
        for child in element:
            child_count, child_depth = measure(child)
            count, depth = count + child_count, max(depth, child_depth)
        if isinstance(element.tag, str) and element.tag.rpartition("}")[2] == "use":
            target = next((v for n, v in element.attrib.items() if n.rpartition("}")[2] == "href"), "")
            if target.startswith("#") and (found := by_id.get(target[1:])) is not None:
                target_count, target_depth = measure(found)
                count, depth = count + target_count, max(depth, target_depth + 1)
        busy.discard(element)
        if count > MAX_SVG_ELEMENTS or depth > MAX_USE_DEPTH:
            raise _TooBig
        measured[element] = (count, depth)
        return count, depth

    try:
        measure(root)
    except (_TooBig, RecursionError):
        return (
            f"is an SVG too complex to draw (over {MAX_SVG_ELEMENTS:,} shapes once every <use> is expanded, "
            f"or <use> nested over {MAX_USE_DEPTH} deep or in a loop); simplify it or use a PNG"
        )
    return None


class _TooBig(Exception):
    pass


def load_svg(path: Path, colors: tuple[str, str, str] | None) -> Any:
    """An SVG as a ReportLab Drawing, with its marked colours swapped for ``colors``.

    ``colors`` is (primary, accent, primary tint) as "#rrggbb". External files and XML entities
    are never read: a picture passed between clinics must not reach other files on the machine.
    """
    return _load_svg_cached(path, path.stat().st_mtime_ns, colors)


@cache
def _load_svg_cached(path: Path, _mtime: int, colors: tuple[str, str, str] | None) -> Any:
    try:
        data = read_limited(path, MAX_SVG_BYTES)
    except UnreadableFile as error:
        raise _changed(f"{error.message}: {path}") from None
    # Checked again on the very bytes drawn: the file may have changed since it was loaded.
    if why := _svg_markup_problem(data):
        raise _changed(f"{why}: {path}")
    drawing = _drawing(data, colors)
    if drawing is None or (why := _size_problem(drawing.width, drawing.height)):
        raise _changed(f"{why or 'cannot be read as SVG'}: {path}")
    return drawing


@cache  # the check and the drawing convert the same bytes: once (perf)
def _drawing(data: bytes, colors: tuple[str, str, str] | None) -> Any:
    from svglib.svglib import svg2rlg

    teach_svglib_our_font()
    # svglib logs what it skips; with no logging set up, Python would print that on stderr.
    logging.getLogger("svglib").addHandler(logging.NullHandler())
    text = _FONT_FAMILY.sub(_our_family, data.decode("utf-8", errors="replace"))
    if colors is not None:
        marks = {SVG_PRIMARY: colors[0], SVG_ACCENT: colors[1], SVG_PRIMARY_TINT: colors[2]}
        text = re.sub("|".join(marks), lambda m: marks[m.group(0).lower()], text, flags=re.IGNORECASE)
    # From a stream, svglib has no folder to look in: it reads no other file (the check refuses them too).
    drawing = svg2rlg(io.BytesIO(text.encode("utf-8")), resolve_entities=False)
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

    image = _open_raster(path)
    limit = (max(1, round(width_pt / 72 * PRINT_DPI)), max(1, round(height_pt / 72 * PRINT_DPI)))
    if image.width > limit[0] or image.height > limit[1]:
        image.thumbnail(limit, Image.Resampling.LANCZOS)  # in place; a JPEG is decoded at a reduced size
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    return ImageReader(image)


def _open_raster(path: Path, *, check: bool = True) -> Any:
    """The picture at ``path``, opened only as PNG or JPEG, from bytes read within the limit
    (and, unless ``check`` is False, checked again: the file may have changed since it was loaded)."""
    from PIL import Image

    try:
        data = read_limited(path, MAX_RASTER_BYTES)
    except UnreadableFile as error:
        raise _changed(f"{error.message}: {path}") from None
    if check and (why := raster_problem(data)):
        raise _changed(f"{why}: {path}")
    try:
        return Image.open(io.BytesIO(data), formats=RASTER_FORMATS)
    except Exception:
        raise _changed(f"is not a PNG or JPEG picture (the file holds something else): {path}") from None


def _changed(message: str) -> HandoutError:
    """A picture that was fine when its topic or style was loaded, and is not any more."""
    return HandoutError([Problem(f"picture {message}")])


def pixel_size(path: Path) -> tuple[float, float]:
    """Width and height in the picture's own units (pixels, or SVG points)."""
    if path.suffix.lower() == ".svg":
        drawing = load_svg(path, None)
        return float(drawing.width), float(drawing.height)
    with _open_raster(path, check=False) as image:  # the header only: checked in full when loaded
        return float(image.width), float(image.height)


def checked_bytes(path: Path) -> bytes:
    """The bytes of a picture checked when its topic or style was loaded, read within the limit
    and checked again (the file may have changed since): for the HTML edition, which embeds the
    file itself rather than drawing it."""
    svg = path.suffix.lower() == ".svg"
    try:
        data = read_limited(path, MAX_SVG_BYTES if svg else MAX_RASTER_BYTES)
    except UnreadableFile as error:
        raise _changed(f"{error.message}: {path}") from None
    if why := (_svg_markup_problem(data) if svg else raster_problem(data)):
        raise _changed(f"{why}: {path}")
    return data

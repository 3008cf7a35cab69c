"""A clinic's Style -> the fonts, colours, sizes and paragraph styles the layout uses.

Every colour, size and margin the layout draws comes from here, so blocks and pages hold
no literal colour or point size.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .models import Style

PAPER = {"a4": A4, "letter": LETTER}
LINE_SPACING = 1.3
MEASURE_CHARS = 70  # clear-print guidance: 60-70 characters a line
FOOTER_SIZE = 9.0
LARGE_FOOTER_SIZE = 11.0
# The colour of emergency signs: the same for every clinic (no style can change it), and the
# darkest of the box colours in a greyscale photocopy.
DANGER = HexColor("#A3121A")
# Warnings ("see a doctor soon") in a dark amber: clearly not the danger red, in colour or grey.
WARNING = HexColor("#7A4A00")
TICK_BOX = 6 * mm  # big enough for older hands holding a pen
QR_SIZE = 21 * mm  # the printed symbol: 20-25 mm is the smallest a phone reliably scans from paper


@cache
def register_default_font() -> str:
    """Register Atkinson Hyperlegible (regular and bold) once per process; return its family name."""
    import fontpkg_atkinson_hyperlegible as atkinson

    folder = Path(atkinson.ROOT) / "files"
    family = "Atkinson"
    pdfmetrics.registerFont(TTFont(family, str(folder / "AtkinsonHyperlegible-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(f"{family}-Bold", str(folder / "AtkinsonHyperlegible-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        family, normal=family, bold=f"{family}-Bold", italic=family, boldItalic=f"{family}-Bold"
    )
    return family


def register_fonts(style: Style) -> tuple[str, str]:
    """Register the style's font family (or the default) once per process; return (regular, bold) names."""
    if style.font is None:
        family = register_default_font()
        return family, f"{family}-Bold"
    return _register_family(style.font.regular, style.font.bold)


def _register_family(regular: Path, bold: Path | None) -> tuple[str, str]:
    """The style's faces registered by their content (fonts.py), read again each time: a font
    file replaced while the program runs (the front-desk app) is not confused with the old one."""
    from .fonts import font_bytes, register_family

    return register_family(font_bytes(regular), font_bytes(bold) if bold else None)


def font_coverage(style: Style) -> frozenset[int]:
    """Code points both faces of the style's font can draw (from each font's own character map)."""
    return _coverage(*register_fonts(style))


@cache  # per registered family: every build checks its characters against it
def _coverage(regular: str, bold: str) -> frozenset[int]:
    faces = [pdfmetrics.getFont(name).face.charToGlyph for name in {regular, bold}]
    return frozenset(set(faces[0]).intersection(*faces[1:]))


def relative_luminance(color: Color) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red) + 0.7152 * channel(color.green) + 0.0722 * channel(color.blue)


def contrast(a: Color, b: Color) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(fill: Color) -> Color:
    """Black or white, whichever reads better on ``fill``."""
    return white if contrast(white, fill) >= contrast(black, fill) else black


def _hex(color: Color) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in (color.red, color.green, color.blue))


def tint(color: Color, amount: float) -> Color:
    """``color`` mixed with white: amount 0 is white, 1 is the colour itself."""
    return Color(*(1 - amount * (1 - c) for c in (color.red, color.green, color.blue)))


@dataclass(frozen=True)
class Theme:
    """Everything the layout needs to draw, derived from a Style and an edition."""

    style: Style
    large_print: bool
    font: str
    bold_font: str
    page_size: tuple[float, float]
    margin: float
    text_width: float
    body_size: float
    primary: Color
    accent: Color
    text: Color
    tip: Color
    on_primary: Color
    heading_color: Color
    paragraph: dict[str, ParagraphStyle]
    spacing: float = 1.0  # space between blocks and paragraphs; the page-flow engine tightens it

    @property
    def left(self) -> float:
        """The one left edge of the page: header, text, boxes, pictures and footer all start here."""
        return self.margin

    @property
    def band_width(self) -> float:
        """Width of the header band and the footer: the page between its margins."""
        return self.page_size[0] - 2 * self.margin

    @property
    def urgent(self) -> Color:
        return DANGER

    @property
    def warning(self) -> Color:
        return WARNING

    @property
    def footer_size(self) -> float:
        return LARGE_FOOTER_SIZE if self.large_print else FOOTER_SIZE

    @property
    def picture_text_size(self) -> float:
        """The smallest a picture's label or a caption may print: 12 pt, or body size in large print."""
        return self.body_size if self.large_print else max(12.0, self.body_size)

    @property
    def rule(self) -> float:
        """Weight of the heavy rules on urgent boxes, in points."""
        return 3.0

    @property
    def svg_colors(self) -> tuple[str, str, str]:
        """(primary, accent, light primary tint) as "#rrggbb", swapped into illustrations."""
        return (_hex(self.primary), _hex(self.accent), _hex(tint(self.primary, 0.16)))

    @property
    def gap(self) -> float:
        """Space between blocks."""
        return self.body_size * 0.5 * self.spacing

    @property
    def box_gap(self) -> float:
        """Space after an exercise card: enough that two cards never look like one."""
        return self.body_size * 0.8 * max(self.spacing, 0.6)


def make_theme(style: Style, *, large_print: bool = False, spacing: float = 1.0) -> Theme:
    """``spacing`` scales the space between blocks and paragraphs (1: as designed)."""
    font, bold = register_fonts(style)
    size = max(style.font_size, style.large_print_size) if large_print else style.font_size
    page = PAPER[style.paper]
    margin = style.margin_mm * mm
    measure = MEASURE_CHARS * _average_char_width(font, size)
    text_width = min(page[0] - 2 * margin, measure)
    primary, text = HexColor(style.colors.primary), HexColor(style.colors.text)
    # Headings are primary-coloured only when that colour reads well on white paper.
    heading_color = primary if contrast(primary, white) >= 4.5 else text
    small = size if large_print else max(size * 0.8, 10)
    leading = LINE_SPACING

    def para(name: str, font_size: float, **extra: object) -> ParagraphStyle:
        for space in ("spaceBefore", "spaceAfter"):
            if isinstance(value := extra.get(space), float):
                extra[space] = value * spacing
        base: dict[str, object] = {
            "fontName": font,
            "fontSize": font_size,
            "leading": font_size * leading,
            "textColor": text,
            "alignment": TA_LEFT,
            "spaceAfter": size * 0.5 * spacing,
        }
        base.update(extra)
        return ParagraphStyle(name, **base)

    styles = {
        "title": para("title", size * 1.9, fontName=bold, leading=size * 1.9 * 1.15, spaceAfter=size * 0.25),
        "subtitle": para("subtitle", size * 1.15, spaceAfter=size * 0.8),
        "heading": para(
            "heading",
            size * 1.35,
            fontName=bold,
            textColor=heading_color,
            leading=size * 1.35 * 1.2,
            spaceBefore=size * 0.8,
            spaceAfter=size * 0.3,
        ),
        "body": para("body", size),
        "item": para("item", size, spaceAfter=size * 0.25),
        "box_title": para("box_title", size * 1.1, fontName=bold, spaceAfter=size * 0.3),
        "small_heading": para(
            "small_heading", small, fontName=bold, spaceBefore=size * 0.6, spaceAfter=small * 0.2, keepWithNext=1
        ),
        "small": para("small", small, spaceAfter=small * 0.25),
        "caption": para("caption", size, spaceBefore=size * 0.3),
    }
    return Theme(
        style=style,
        large_print=large_print,
        font=font,
        bold_font=bold,
        page_size=page,
        margin=margin,
        text_width=text_width,
        body_size=size,
        primary=primary,
        accent=HexColor(style.colors.accent),
        text=text,
        tip=HexColor(style.colors.callout_tip),
        on_primary=readable_on(primary),
        heading_color=heading_color,
        paragraph=styles,
        spacing=spacing,
    )


def _average_char_width(font: str, size: float) -> float:
    sample = "Most flat feet cause no problems. You can do these exercises at home, twice a day."
    return float(pdfmetrics.stringWidth(sample, font, size)) / len(sample)

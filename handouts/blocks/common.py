"""What every block renderer shares: the context, paragraphs, lists, tables and small drawings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color, white
from reportlab.platypus import Flowable, ListFlowable, ListItem, Paragraph, Table, TableStyle

from ..branding import Theme, readable_on
from ..labels import Labels
from ..markup import to_markup
from ..paragraph import Para as Para  # re-exported: every renderer makes paragraphs


@dataclass(frozen=True)
class Context:
    """What every renderer needs: the clinic's theme and the fixed words in the topic's language."""

    theme: Theme
    labels: Labels


class BlockError(Exception):
    """A block that cannot be laid out (too big for a page, say); the build names the block."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message, self.path = message, path


class TickBox(Flowable):
    """An empty square to tick, drawn as a box (a font glyph may be missing or too small)."""

    def __init__(self, size: float, color: Color, weight: float) -> None:
        super().__init__()
        self.size, self.color, self.weight = size, color, weight
        self.width = self.height = size

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.weight)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class Icon(Flowable):
    """A filled warning triangle with '!' (urgent), a ring with '!' (warning) or a disc with 'i'
    (tip, info): three shapes, so the kinds differ in a grey photocopy too."""

    def __init__(self, kind: str, size: float, color: Color, font: str) -> None:
        super().__init__()
        self.kind, self.size, self.color, self.font = kind, size, color, font
        self.width = self.height = size

    def draw(self) -> None:
        canvas, s = self.canv, self.size
        canvas.setFillColor(self.color)
        mark = "!" if self.kind in ("urgent", "warning") else "i"
        if self.kind == "warning":
            ring = s * 0.1
            canvas.setStrokeColor(self.color)
            canvas.setLineWidth(ring)
            canvas.setFillColor(white)
            canvas.circle(s / 2, s / 2, (s - ring) / 2, stroke=1, fill=1)
            canvas.setFillColor(self.color)
            canvas.setFont(self.font, s * 0.6)
            canvas.drawCentredString(s / 2, s * 0.29, mark)
            return
        if mark == "!":
            path = canvas.beginPath()
            path.moveTo(0, 0)
            path.lineTo(s, 0)
            path.lineTo(s / 2, s * 0.9)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
            baseline = s * 0.12
        else:
            canvas.circle(s / 2, s / 2, s / 2, stroke=0, fill=1)
            baseline = s * 0.24
        canvas.setFillColor(readable_on(self.color))
        canvas.setFont(self.font, s * 0.6)
        canvas.drawCentredString(s / 2, baseline, mark)


class RuledLines(Flowable):
    """Lines to write on, spaced for handwriting."""

    def __init__(self, count: int, width: float, spacing: float, color: Color) -> None:
        super().__init__()
        self.count, self.spacing, self.color = count, spacing, color
        self.width, self.height = width, count * spacing

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(0.75)
        for n in range(self.count):
            y = n * self.spacing
            self.canv.line(0, y, self.width, y)


class SectionHeading(Para):
    """A heading that also becomes an entry in the PDF outline (bookmarks)."""

    def __init__(self, text: str | None, style: Any, outline_title: str = "", **split_parts: Any) -> None:
        # ReportLab makes the two halves of a split paragraph with its own keywords (bulletText, frags).
        super().__init__(text, style, **split_parts)
        self.outline_title = outline_title

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for n, part in enumerate(parts):  # one bookmark, on the first half
            if isinstance(part, SectionHeading):
                part.outline_title = self.outline_title if n == 0 else ""
                # A heading too tall for one page is not kept with the next block: ReportLab would
                # wrap each half in a keep-together again, and split it again, for ever.
                part.__dict__["keepWithNext"] = 0
        return parts


def para(text: str, theme: Theme, style: str = "body") -> Paragraph:
    return Para(to_markup(text), theme.paragraph[style])


def item_list(
    items: list[str],
    theme: Theme,
    numbered: bool,
    indent: float = 1.6,
    space_after: float | None = None,
    first: int = 1,
) -> ListFlowable:
    """A bulleted or numbered list; ``indent`` in body-text sizes (narrower inside boxes);
    ``first``: the number of its first item."""
    size = theme.body_size
    return ListFlowable(
        [ListItem(para(item, theme, "item")) for item in items],
        bulletType="1" if numbered else "bullet",
        start=first if numbered else "•",
        bulletFormat="%s." if numbered else None,
        bulletFontName=theme.bold_font if numbered else theme.font,
        bulletFontSize=size,
        bulletColor=theme.heading_color,
        leftIndent=size * indent,
        bulletDedent=size * (indent - (0.2 if numbered else 0.45)),
        spaceAfter=theme.gap if space_after is None else space_after,
    )


def table_style(theme: Theme, commands: list[tuple[Any, ...]], *, padding: float | None = None) -> TableStyle:
    """A table style in the handout's font (ReportLab's tables otherwise name Helvetica, unembedded),
    with the same ``padding`` on every side of every cell when given; ``commands`` come after."""
    sides = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
    padded = [(side, (0, 0), (-1, -1), padding) for side in sides] if padding is not None else []
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), theme.font), *padded, *commands])


def unbreakable(content: list[Flowable], theme: Theme) -> Table:
    """Content that moves to the next page as one piece (a one-cell table never splits).

    Unlike KeepTogether, a table can be kept with the heading before it.
    """
    table = Table([[content]], colWidths=[theme.text_width], hAlign="LEFT")
    table.setStyle(table_style(theme, [], padding=0))
    return table


def box_padding(theme: Theme, padding: float = 0.7) -> float:
    """The padding of a ``boxed`` box, in points (``padding`` in body-text sizes): a tighter layout
    pads its boxes less, a looser one more. What goes inside a box is as wide as the text column
    less twice this and the border."""
    return theme.body_size * padding * max(theme.spacing, 0.6)


def boxed(
    content: list[Flowable],
    theme: Theme,
    *,
    border: Color,
    weight: float,
    fill: Color,
    icon: Flowable | None = None,
    padding: float = 0.7,
    dash: tuple[float, float] | None = None,
    width: float | None = None,
) -> Table:
    """Content in a bordered, tinted box ``width`` wide (default: the text column); with an icon in a
    narrow left column when given; a dashed border when ``dash`` (on, off) is given.

    ``padding`` is in body-text sizes."""
    pad = box_padding(theme, padding)
    inner = (width or theme.text_width) - 2 * pad - weight
    if icon is not None:
        icon_column = icon.width + pad
        cells: list[list[Any]] = [[icon, content]]
        widths = [icon_column, inner - icon_column]
    else:
        cells, widths = [[content]], [inner]
    table = Table(cells, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        table_style(
            theme,
            [
                ("BOX", (0, 0), (-1, -1), weight, border, None, dash),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
            ],
            padding=pad,
        )
    )
    return table

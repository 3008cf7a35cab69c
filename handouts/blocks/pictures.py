"""Picture blocks: a captioned image, an illustrated exercise card, a row of small figures."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Group, String
from reportlab.platypus import Flowable, Spacer, Table

from .. import images, models, picture_cache
from ..branding import Theme, tint
from ..furniture import frame_height
from ..markup import to_markup
from ..splitting import Stacked
from .common import BlockError, Context, Para, boxed, item_list, para, table_style, unbreakable


class Picture(Flowable):
    """A PNG, JPEG or SVG picture at a set width, its words kept in the PDF as invisible text.

    The alt text is drawn invisibly over the picture (like the text layer of a scanned page), so
    it is what copy, search and screen readers find where the picture is.
    """

    def __init__(self, path: Path, width: float, theme: Theme, alt: str) -> None:
        super().__init__()
        pixel_w, pixel_h = picture_cache.pixel_size(path)
        self.path, self.theme, self.alt = path, theme, alt
        self.width, self.height = width, width * pixel_h / pixel_w
        self.scale = width / pixel_w

    def draw(self) -> None:
        canvas = self.canv
        smallest = _smallest_label(self.path)
        if smallest is None or smallest * self.scale >= self.theme.picture_text_size - 0.01:
            picture_cache.draw(canvas, self.path, 0, 0, self.width, self.height, self.theme.svg_colors)
        else:
            # Too narrow for its labels to print at the smallest size allowed: enlarge them.
            from reportlab.graphics import renderPDF

            drawing = copy.deepcopy(images.load_svg(self.path, self.theme.svg_colors))
            _scale_labels(drawing, self.theme.picture_text_size / (smallest * self.scale))
            canvas.saveState()
            canvas.scale(self.scale, self.scale)
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.restoreState()
        # Invisible, at body size (so no tool reports tiny text), squeezed to the picture's width.
        size = self.theme.body_size
        natural = canvas.stringWidth(self.alt, self.theme.font, size)
        text = canvas.beginText(0, self.height / 2)
        text.setTextRenderMode(3)
        text.setFont(self.theme.font, size)
        text.setHorizScale(min(100.0, 100.0 * self.width / natural) if natural else 100.0)
        text.textOut(self.alt)
        canvas.drawText(text)


def _label_sizes(node: Any, scale: float = 1.0) -> list[float]:
    """Printed sizes of every label in an SVG drawing, in drawing units (group scaling included)."""
    if isinstance(node, String):
        return [node.fontSize * scale]
    sizes: list[float] = []
    if isinstance(node, Group):
        inner = scale * abs(node.transform[3]) if hasattr(node, "transform") else scale
        for child in node.contents:
            sizes += _label_sizes(child, inner)
    return sizes


def _scale_labels(node: Any, factor: float) -> None:
    if isinstance(node, String):
        node.fontSize *= factor
    elif isinstance(node, Group):
        for child in node.contents:
            _scale_labels(child, factor)


def _smallest_label(path: Path) -> float | None:
    """The smallest label of an SVG in drawing units; None for pictures without words."""
    if path.suffix.lower() != ".svg":
        return None
    return picture_cache.measured(path, _smallest_in)


def _smallest_in(drawing: Any) -> float | None:
    return min(_label_sizes(drawing), default=None)


def label_width(path: Path, theme: Theme) -> float:
    """The narrowest a picture may print for its smallest label to reach the smallest text size
    (12 pt; body size in large print). 0 for pictures without labels (photos, pictograms)."""
    smallest = _smallest_label(path)
    if smallest is None:
        return 0.0
    return float(picture_cache.pixel_size(path)[0] * theme.picture_text_size / smallest)


def _fit(picture: Picture, theme: Theme, what: str) -> Picture:
    if picture.height > frame_height(theme) * 0.85:
        tall = round(picture.height / 72 * 2.54)
        raise BlockError(f"{what} would be {tall} cm tall, more than a page holds; give it a smaller width")
    return picture


def render_image(block: models.Image, ctx: Context) -> list[Flowable]:
    theme, image = ctx.theme, block.image
    asked = theme.text_width * int(image.width.rstrip("%")) / 100
    if image.beside and asked > theme.text_width * 0.6:
        raise BlockError("a picture with text beside it can be at most 60% wide; lower its width")
    # Wide enough for its labels to print at the smallest size allowed (never wider than the column).
    width = min(max(asked, label_width(image.file, theme)), theme.text_width)
    picture = _fit(Picture(image.file, width, theme, image.alt), theme, "the picture")
    content: list[Flowable] = [picture]
    if image.caption:
        content.append(para(image.caption, theme, "caption"))
    if not image.beside or width > theme.text_width * 0.6:
        # No room beside a picture this wide: its text comes first, the picture under it.
        text = [para(paragraph, theme) for paragraph in image.beside]
        return [*text, unbreakable(content, theme), Spacer(1, theme.gap)]
    gutter = theme.body_size
    text = [para(paragraph, theme) for paragraph in image.beside]
    table = Table([[text, content]], colWidths=[theme.text_width - width - gutter, width + gutter])
    table.setStyle(
        table_style(
            theme,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (1, 0), (1, 0), gutter),
            ],
            padding=0,
        )
    )
    # Where it does not fit, the text flows on and the picture follows it.
    return [Stacked(table, [*text, unbreakable(content, theme)]), Spacer(1, theme.gap)]


def render_exercise(block: models.Exercise, ctx: Context) -> list[Flowable]:
    theme, labels, exercise = ctx.theme, ctx.labels, block.exercise
    content: list[Flowable] = [
        para(exercise.name, theme, "box_title"),
        item_list(exercise.steps, theme, numbered=True, indent=1.3, space_after=theme.gap / 3),
        Para(f"<b>{to_markup(labels['how_often'])}: {to_markup(exercise.dose)}</b>", theme.paragraph["item"]),
        Para(f"<b>{to_markup(labels['stop_if'])}:</b> {to_markup(exercise.stop_if)}", theme.paragraph["item"]),
    ]
    picture = None
    if exercise.image is not None:
        picture = _fit(
            Picture(exercise.image, theme.body_size * 7, theme, exercise.alt or exercise.name), theme, "the picture"
        )
    box = boxed(
        content, theme, border=theme.primary, weight=1, fill=tint(theme.primary, 0.05), icon=picture, padding=0.5
    )
    return [box, Spacer(1, theme.box_gap)]


def render_figure_row(block: models.FigureRow, ctx: Context) -> list[Flowable]:
    theme = ctx.theme
    gutter = theme.body_size
    column = (theme.text_width - gutter * (len(block.figure_row) - 1)) / len(block.figure_row)
    cells: list[list[Flowable]] = [
        [
            _fit(Picture(item.file, column, theme, item.alt), theme, "a picture in the row"),
            para(item.caption, theme, "caption"),
        ]
        for item in block.figure_row
    ]
    table = Table([cells], colWidths=[column + gutter] * (len(cells) - 1) + [column])
    table.setStyle(
        table_style(
            theme,
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("RIGHTPADDING", (0, 0), (-2, -1), gutter),
            ],
            padding=0,
        )
    )
    return [table, Spacer(1, theme.gap)]

"""Picture blocks: a captioned image, an illustrated exercise card, a row of small figures."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Spacer, Table

from .. import models, picture_cache
from ..branding import Theme, tint
from ..markup import to_markup
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

    def draw(self) -> None:
        canvas = self.canv
        picture_cache.draw(canvas, self.path, 0, 0, self.width, self.height, self.theme.svg_colors)
        # Invisible, at body size (so no tool reports tiny text), squeezed to the picture's width.
        size = self.theme.body_size
        natural = canvas.stringWidth(self.alt, self.theme.font, size)
        text = canvas.beginText(0, self.height / 2)
        text.setTextRenderMode(3)
        text.setFont(self.theme.font, size)
        text.setHorizScale(min(100.0, 100.0 * self.width / natural) if natural else 100.0)
        text.textOut(self.alt)
        canvas.drawText(text)


def _fit(picture: Picture, theme: Theme, what: str) -> Picture:
    if picture.height > theme.frame_height * 0.85:
        tall = round(picture.height / 72 * 2.54)
        raise BlockError(f"{what} would be {tall} cm tall, more than a page holds; give it a smaller width")
    return picture


def render_image(block: models.Image, ctx: Context) -> list[Flowable]:
    theme, image = ctx.theme, block.image
    width = theme.text_width * int(image.width.rstrip("%")) / 100
    picture = _fit(Picture(image.file, width, theme, image.alt), theme, "the picture")
    content: list[Flowable] = [picture]
    if image.caption:
        content.append(para(image.caption, theme, "caption"))
    if not image.beside:
        return [unbreakable(content, theme), Spacer(1, theme.gap)]
    if width > theme.text_width * 0.6:
        raise BlockError("a picture with text beside it can be at most 60% wide; lower its width")
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
    return [table, Spacer(1, theme.gap)]


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
    return [box, Spacer(1, theme.gap)]


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

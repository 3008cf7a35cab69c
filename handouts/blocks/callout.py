"""Callout boxes: urgent signs, warnings, tips and notes that must stand out in grey print too."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color, white
from reportlab.platypus import Flowable, Spacer

from .. import models
from ..branding import Theme, contrast, tint
from ..markup import to_markup
from ..splitting import ContinuedTable
from .common import Context, Icon, Para, box_padding, item_list, para, table_style


def render_callout(block: models.Callout, ctx: Context) -> list[Flowable]:
    """Boxes by meaning, told apart without colour: urgent has the heaviest solid border and a filled
    warning triangle in the fixed danger colour; warning a dashed border and a ringed "!"; tip and
    info a thin border and an "i". A long box splits between its items, its title repeated with
    "(continued)" on the next page."""
    theme = ctx.theme
    callout = block.callout
    color = {"urgent": theme.urgent, "warning": theme.warning, "tip": theme.tip, "info": theme.primary}[callout.kind]
    title_style = theme.paragraph["box_title"].clone("callout_title", textColor=_title_color(color, theme))

    def title_row(title: str) -> list[Flowable]:
        return [Icon(callout.kind, theme.body_size * 1.8, color, theme.bold_font), Para(title, title_style)]

    rows: list[list[Any]] = [title_row(to_markup(callout.title))]
    if callout.text:
        rows.append(["", para(callout.text, theme)])
    for bullet in callout.bullets:
        rows.append(["", item_list([bullet], theme, numbered=False, indent=1.3, space_after=0)])
    continued = title_row(f"{to_markup(callout.title)} {to_markup(ctx.labels['continued'])}")
    over = ["", Para(f"<b>{to_markup(ctx.labels['continued_over'])}</b>", title_style)]
    weight = {"urgent": theme.rule, "warning": theme.rule * 0.6}.get(callout.kind, 1.2)
    dash = (weight * 2.4, weight * 1.6) if callout.kind == "warning" else None
    fill = tint(color, 0.07 if callout.kind == "urgent" else 0.05)
    pad = box_padding(theme)
    icon_column = theme.body_size * 1.8 + pad
    commands = table_style(
        theme,
        [
            ("BOX", (0, 0), (-1, -1), weight, color, None, dash),
            ("BACKGROUND", (0, 0), (-1, -1), fill),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), theme.paragraph["item"].spaceAfter),
            ("TOPPADDING", (0, 0), (-1, 0), pad),
            ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.8),
        ],
    )
    inner = theme.text_width - weight
    box = ContinuedTable(
        rows,
        continued=continued,
        trailer=over,
        commands=commands,
        colWidths=[icon_column, inner - icon_column],
        hAlign="LEFT",
    )
    return [box, Spacer(1, theme.gap)]


def _title_color(color: Color, theme: Theme) -> Color:
    return color if contrast(color, white) >= 4.5 else theme.text

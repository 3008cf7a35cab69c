"""Callout boxes: urgent signs, warnings, tips and notes that must stand out in grey print too."""

from __future__ import annotations

from reportlab.lib.colors import Color, white
from reportlab.platypus import Flowable, Spacer

from .. import models
from ..branding import Theme, contrast, tint
from ..markup import to_markup
from .common import Context, Icon, Para, boxed, item_list, para


def render_callout(block: models.Callout, ctx: Context) -> list[Flowable]:
    theme = ctx.theme
    callout = block.callout
    color = {"urgent": theme.urgent, "warning": theme.urgent, "tip": theme.tip, "info": theme.primary}[callout.kind]
    title_style = theme.paragraph["box_title"].clone("callout_title", textColor=_title_color(color, theme))
    content: list[Flowable] = [Para(to_markup(callout.title), title_style)]
    if callout.text:
        content.append(para(callout.text, theme))
    if callout.bullets:
        content.append(item_list(callout.bullets, theme, numbered=False, indent=1.3))
    loud = callout.kind in ("urgent", "warning")
    icon = Icon(callout.kind, theme.body_size * 1.8, color, theme.bold_font)
    box = boxed(
        content,
        theme,
        border=color,
        weight=theme.rule if loud else 1.2,
        fill=tint(color, 0.07 if loud else 0.08),
        icon=icon,
    )
    return [box, Spacer(1, theme.gap)]


def _title_color(color: Color, theme: Theme) -> Color:
    return color if contrast(color, white) >= 4.5 else theme.text

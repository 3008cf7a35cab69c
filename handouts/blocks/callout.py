"""Callout boxes: urgent signs, warnings, tips and notes that must stand out in grey print too."""

from __future__ import annotations

from reportlab.lib.colors import Color, white
from reportlab.platypus import Flowable, Spacer

from .. import models
from ..branding import Theme, contrast, tint
from ..markup import to_markup
from .common import Context, Icon, Para, boxed, item_list, para


def render_callout(block: models.Callout, ctx: Context) -> list[Flowable]:
    """Boxes by meaning, told apart without colour: urgent has the heaviest solid border and a filled
    warning triangle in the fixed danger colour; warning a dashed border and a ringed "!"; tip and
    info a thin border and an "i"."""
    theme = ctx.theme
    callout = block.callout
    color = {"urgent": theme.urgent, "warning": theme.warning, "tip": theme.tip, "info": theme.primary}[callout.kind]
    title_style = theme.paragraph["box_title"].clone("callout_title", textColor=_title_color(color, theme))
    content: list[Flowable] = [Para(to_markup(callout.title), title_style)]
    if callout.text:
        content.append(para(callout.text, theme))
    if callout.bullets:
        content.append(item_list(callout.bullets, theme, numbered=False, indent=1.3))
    icon = Icon(callout.kind, theme.body_size * 1.8, color, theme.bold_font)
    weight = {"urgent": theme.rule, "warning": theme.rule * 0.6}.get(callout.kind, 1.2)
    box = boxed(
        content,
        theme,
        border=color,
        weight=weight,
        fill=tint(color, 0.07 if callout.kind == "urgent" else 0.05),
        icon=icon,
        dash=(weight * 2.4, weight * 1.6) if callout.kind == "warning" else None,
    )
    return [box, Spacer(1, theme.gap)]


def _title_color(color: Color, theme: Theme) -> Color:
    return color if contrast(color, white) >= 4.5 else theme.text

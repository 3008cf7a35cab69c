"""One small render function per block type, model -> ReportLab flowables, found by mapping."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable

from .. import models
from .callout import render_callout
from .common import BlockError, Context, Icon, Para, SectionHeading, boxed, item_list, para, table_style, unbreakable
from .pictures import render_exercise, render_figure_row, render_image
from .text import render_bullets, render_checklist, render_notes, render_steps, render_text

Renderer = Callable[[Any, Context], list[Flowable]]
RENDERERS: dict[type[models.Model], Renderer] = {
    models.Paragraph: render_text,
    models.Bullets: render_bullets,
    models.Steps: render_steps,
    models.Checklist: render_checklist,
    models.Callout: render_callout,
    models.Notes: render_notes,
    models.Image: render_image,
    models.Exercise: render_exercise,
    models.FigureRow: render_figure_row,
}


def render_block(block: models.Model, ctx: Context) -> list[Flowable]:
    return RENDERERS[type(block)](block, ctx)


__all__ = [
    "RENDERERS",
    "BlockError",
    "Context",
    "Icon",
    "Para",
    "SectionHeading",
    "boxed",
    "item_list",
    "para",
    "render_block",
    "table_style",
    "unbreakable",
]

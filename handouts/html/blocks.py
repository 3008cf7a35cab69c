"""HTML renderers of the block types, model -> semantic markup; the HTML twin of ``handouts.blocks``.

Each block type's definition (``models.BLOCK_TYPES``) names its renderer here; the names are
resolved on import like the PDF ones. User text goes through ``to_html`` and nowhere else.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import models
from ..blocks import resolve_renderer
from ..labels import Labels
from ..markup import to_html
from .pictures import picture


@dataclass
class Page:
    """What every HTML renderer needs: the fixed words in the topic's language, the brand colours
    swapped into illustrations, and ids that are unique in the page and the same on every build."""

    labels: Labels
    picture_colors: tuple[str, str, str] | None
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def new_id(self, what: str) -> str:
        return f"{what}-{next(self._counter)}"

    def picture(self, file: Path, alt: str) -> str:
        return picture(file, alt, self.new_id("picture"), self.picture_colors)


def items(tag: str, texts: list[str], css_class: str = "") -> str:
    listed = "".join(f"<li>{to_html(text)}</li>" for text in texts)
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<{tag}{attribute}>{listed}</{tag}>"


def render_text(block: models.Paragraph, page: Page) -> str:
    return f"<p>{to_html(block.text)}</p>"


def render_bullets(block: models.Bullets, page: Page) -> str:
    return items("ul", block.bullets)


def render_steps(block: models.Steps, page: Page) -> str:
    return items("ol", block.steps, "steps")


def render_checklist(block: models.Checklist, page: Page) -> str:
    """Real check boxes, each with its label (a tap on the text ticks it); they print as boxes."""
    rows = []
    for item in block.checklist:
        box = page.new_id("tick")
        rows.append(f'<li><input type="checkbox" id="{box}"><label for="{box}">{to_html(item)}</label></li>')
    return f'<ul class="checklist">{"".join(rows)}</ul>'


# The icon beside a callout's label: a warning triangle or an information disc, as in the PDF.
ICONS = {
    "!": '<path d="M12 2 L23 22 H1 Z"/><path d="M11 9h2v6h-2zM11 17h2v2h-2z" class="mark"/>',
    "i": '<circle cx="12" cy="12" r="11"/><path d="M11 10h2v8h-2zM11 6h2v2h-2z" class="mark"/>',
}


def render_callout(block: models.Callout, page: Page) -> str:
    """An ``<aside role="note">`` whose kind is said in words ("Emergency"), not by colour alone."""
    callout = block.callout
    title = page.new_id("box")
    icon = ICONS["!" if callout.kind in ("urgent", "warning") else "i"]
    parts = [
        f'<p class="kind"><svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">{icon}</svg>'
        f"{to_html(page.labels['callout_' + callout.kind])}</p>",
        f'<h3 id="{title}">{to_html(callout.title)}</h3>',
    ]
    if callout.text:
        parts.append(f"<p>{to_html(callout.text)}</p>")
    if callout.bullets:
        parts.append(items("ul", callout.bullets))
    return f'<aside class="callout {callout.kind}" role="note" aria-labelledby="{title}">{"".join(parts)}</aside>'


def render_notes(block: models.Notes, page: Page) -> str:
    """The label, then ruled lines to write on once printed (borders print; backgrounds may not)."""
    notes = block.notes
    lines = '<div class="line"></div>' * notes.lines
    label = to_html(notes.label or page.labels["notes"])
    return f'<div class="notes"><p class="notes-label">{label}</p><div class="lines" aria-hidden="true">{lines}</div></div>'


def figure(page: Page, file: Path, alt: str, caption: str | None, css_class: str, width: str = "") -> str:
    style = f' style="--width: {width}"' if width else ""
    below = f"<figcaption>{to_html(caption)}</figcaption>" if caption else ""
    return f'<figure class="{css_class}"{style}>{page.picture(file, alt)}{below}</figure>'


def render_image(block: models.Image, page: Page) -> str:
    image = block.image
    shown = figure(page, image.file, image.alt, image.caption, "image", image.width)
    if not image.beside:
        return shown
    text = "".join(f"<p>{to_html(paragraph)}</p>" for paragraph in image.beside)
    return f'<div class="beside"><div class="beside-text">{text}</div>{shown}</div>'


def render_exercise(block: models.Exercise, page: Page) -> str:
    exercise, labels = block.exercise, page.labels
    name = page.new_id("exercise")
    shown = ""
    if exercise.image is not None:
        shown = figure(page, exercise.image, exercise.alt or exercise.name, None, "exercise-picture")
    how = [
        items("ol", exercise.steps, "steps"),
        f"<p><strong>{to_html(labels['how_often'])}: {to_html(exercise.dose)}</strong></p>",
        f"<p><strong>{to_html(labels['stop_if'])}:</strong> {to_html(exercise.stop_if)}</p>",
    ]
    return (
        f'<div class="exercise" role="group" aria-labelledby="{name}"><h3 id="{name}">{to_html(exercise.name)}</h3>'
        f'<div class="exercise-body">{shown}<div class="exercise-how">{"".join(how)}</div></div></div>'
    )


def render_figure_row(block: models.FigureRow, page: Page) -> str:
    shown = "".join(figure(page, item.file, item.alt, item.caption, "row-figure") for item in block.figure_row)
    return f'<div class="figure-row">{shown}</div>'


Renderer = Callable[[Any, Page], str]
RENDERERS: dict[type[models.BlockModel], Renderer] = {
    model: resolve_renderer(__package__ or "handouts.html", model.html, model) for model in models.BLOCK_TYPES.values()
}


def render_block(block: models.BlockModel, page: Page) -> str:
    return RENDERERS[type(block)](block, page)

"""Text blocks: paragraphs, bulleted and numbered lists, checklists, ruled notes lines."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from .. import models
from ..branding import TICK_BOX
from ..markup import to_markup
from ..splitting import ContinuedTable, SentencePara
from .common import Context, Para, RuledLines, TickBox, item_list, para, table_style


def render_text(block: models.Paragraph, ctx: Context) -> list[Flowable]:
    theme = ctx.theme
    return [SentencePara(to_markup(block.text), theme.paragraph["body"])]


def render_bullets(block: models.Bullets, ctx: Context) -> list[Flowable]:
    return _list_rows(block.bullets, ctx, numbered=False)


def render_steps(block: models.Steps, ctx: Context) -> list[Flowable]:
    return _list_rows(block.steps, ctx, numbered=True)


def _list_rows(items: list[str], ctx: Context, *, numbered: bool) -> list[Flowable]:
    """A list, one item a row: it splits between items, and the part on the next page starts
    with its section's heading and "(continued)" (steps keep their numbers)."""
    theme = ctx.theme
    rows = [[item_list([item], theme, numbered, space_after=0, first=n)] for n, item in enumerate(items, start=1)]
    commands = table_style(theme, [("VALIGN", (0, 0), (-1, -1), "TOP")], padding=0)
    table = ContinuedTable(rows, commands=commands, keep=1, colWidths=[theme.text_width], hAlign="LEFT")
    return [table, Spacer(1, theme.gap)]


def render_checklist(block: models.Checklist, ctx: Context) -> list[Flowable]:
    theme = ctx.theme
    size = theme.body_size
    box = max(TICK_BOX, size * 0.95)
    rows = [[TickBox(box, theme.text, 1.2), para(item, theme, "item")] for item in block.checklist]
    commands = table_style(
        theme,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (0, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.3 * theme.spacing),
        ],
    )
    # Splits between items; the part on the next page starts with the section's heading, continued.
    table = ContinuedTable(
        rows,
        commands=commands,
        keep=1,
        colWidths=[box + size * 0.8, theme.text_width - box - size * 0.8],
        hAlign="LEFT",
    )
    return [table, Spacer(1, theme.gap)]


def render_notes(block: models.Notes, ctx: Context) -> list[Flowable]:
    """The label, then the ruled lines; lines left over go to the next page under the label and
    "(continued)" (at least two lines each side)."""
    theme, notes = ctx.theme, block.notes
    spacing = theme.body_size * 2.2
    title = notes.label or ctx.labels["notes"]
    rows: list[list[Flowable]] = [[para(title, theme, "box_title")], [Spacer(1, spacing * 0.6)]]
    rows += [[RuledLines(1, theme.text_width, spacing, theme.text)] for _ in range(notes.lines)]
    continued = [Para(f"{to_markup(title)} {to_markup(ctx.labels['continued'])}", theme.paragraph["box_title"])]
    commands = table_style(theme, [], padding=0)
    table = ContinuedTable(
        rows, continued=continued, commands=commands, keep=4, colWidths=[theme.text_width], hAlign="LEFT"
    )
    return [table, Spacer(1, theme.gap)]

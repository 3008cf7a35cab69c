"""A topic -> the ordered list of flowables: title, key points, sections, end matter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import white
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from . import models
from .blocks import BlockError, Context, Para, SectionHeading, boxed, item_list, para, render_block, table_style
from .branding import Theme, tint
from .markup import plain, to_markup


@dataclass(frozen=True)
class Personal:
    """Details written in at the desk: who the handout is for, from whom, and a short note."""

    patient: str | None = None
    clinician: str | None = None
    note: str | None = None

    def __bool__(self) -> bool:
        return bool(self.patient or self.clinician or self.note)


def make_story(
    topic: models.Topic, ctx: Context, end: list[Flowable], personal: Personal | None = None
) -> list[Flowable]:
    theme = ctx.theme
    story: list[Flowable] = [para(topic.title, theme, "title")]
    if topic.subtitle:
        story.append(para(topic.subtitle, theme, "subtitle"))
    if personal:
        story += render_personal(personal, ctx)
    if topic.key_points:
        story += render_key_points(topic.key_points, ctx)
    for s, section in enumerate(topic.sections):
        heading = SectionHeading(to_markup(section.heading), theme.paragraph["heading"], plain(section.heading))
        story += [keep_room_after(heading, theme), heading]
        for b, block in enumerate(section.body):
            try:
                story += render_block(block, ctx)
            except BlockError as error:
                raise BlockError(error.message, ("sections", s, "body", b)) from None
    return story + end


def keep_room_after(heading: Flowable, theme: Theme) -> Flowable:
    """Start a new page unless the heading and three lines after it fit.

    ReportLab keeps a heading with a following table, but not with a following list (lists are
    containers it will not wrap in KeepTogether), so a heading could end a page on its own.
    """
    style = theme.paragraph["heading"]
    height = heading.wrap(theme.text_width, theme.page_size[1])[1] + style.spaceBefore + style.spaceAfter
    if height > theme.frame_height / 2:
        # A heading this tall is split across pages; kept with the next block as well, ReportLab
        # would wrap it in a keep-together and split it again, for ever (a list cannot join it).
        heading.__dict__["keepWithNext"] = 0
    # Never more than half a page: a break asking for more than a page holds would repeat on every page.
    return CondPageBreak(min(height + 3 * theme.paragraph["body"].leading, theme.frame_height / 2))


def render_personal(personal: Personal, ctx: Context) -> list[Flowable]:
    """A small box under the title: "Prepared for", the clinician and a note, each on its own line."""
    theme, labels = ctx.theme, ctx.labels
    lines = [
        (labels["prepared_for"], personal.patient),
        (labels["clinician"], personal.clinician),
        (labels["note"], personal.note),
    ]
    content: list[Flowable] = [
        Para(f"<b>{to_markup(label)}:</b> {to_markup(value)}", theme.paragraph["item"])
        for label, value in lines
        if value
    ]
    box = boxed(content, theme, border=theme.text, weight=0.8, fill=white)
    return [box, Spacer(1, theme.gap)]


def render_key_points(points: list[str], ctx: Context) -> list[Flowable]:
    theme = ctx.theme
    content: list[Flowable] = [
        para(ctx.labels["key_points"], theme, "box_title"),
        item_list(points, theme, False, indent=1.3),
    ]
    box = boxed(content, theme, border=theme.primary, weight=1.5, fill=tint(theme.primary, 0.08))
    return [box, Spacer(1, theme.gap)]


@dataclass(frozen=True)
class QrBlock:
    """A QR code with what it is for and the address it holds, printed beside it."""

    code: Flowable
    caption: str
    address: str


def render_end_matter(
    topic: models.Topic, ctx: Context, *, offer: str, disclaimer: str, codes: list[QrBlock]
) -> list[Flowable]:
    """QR codes, the large-print offer and disclaimer, then the sources, in small type.

    The small print sits beside the last QR code rather than under it: it is short, and a
    two-page handout has no room to spare.
    """
    theme = ctx.theme
    small_print = to_markup(" ".join(p for p in (offer, disclaimer) if p))
    sources: list[Flowable] = []
    if topic.sources:
        # One run-on paragraph: sources are for the curious, not worth a line each on a two-page leaflet.
        listed = "; ".join(to_markup(_source_text(s)) for s in topic.sources)
        sources.append(Para(f"<b>{to_markup(ctx.labels['sources'])}:</b> {listed}.", theme.paragraph["small"]))
    if not codes:
        return [Para(small_print, theme.paragraph["small"]), *sources]
    # Beside the last code: its caption and address, the small print, then the sources.
    rows: list[list[Any]] = [
        [qr.code, Para(f"<b>{to_markup(qr.caption)}: {to_markup(qr.address)}</b>", theme.paragraph["small"])]
        for qr in codes
    ]
    last = codes[-1]
    opening = f"<b>{to_markup(last.caption)}: {to_markup(last.address)}.</b> {small_print}"
    rows[-1][1] = [Para(opening, theme.paragraph["small"]), *sources]
    table = Table(rows, colWidths=[codes[0].code.width + theme.body_size, None])
    table.setStyle(
        table_style(
            theme,
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ],
            padding=0,
        )
    )
    return [table]


def _source_text(source: str | models.SourceRef) -> str:
    if isinstance(source, str):
        return source
    parts = [source.title, source.publisher, source.year, source.url]
    return ". ".join(p for p in parts if p)

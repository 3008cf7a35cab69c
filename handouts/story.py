"""A topic -> the ordered list of flowables: title, key points, sections, end matter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import white
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table

from . import models
from .blocks import (
    BlockError,
    Context,
    Icon,
    Para,
    SectionHeading,
    box_padding,
    boxed,
    item_list,
    para,
    render_block,
    table_style,
)
from .branding import Theme, tint
from .furniture import frame_height
from .markup import plain, to_markup
from .splitting import ContinuedTable, SentencePara, least_height
from .yamlfile import Path_


@dataclass(frozen=True)
class Personal:
    """Details written in at the desk: who the handout is for, from whom, and a short note."""

    patient: str | None = None
    clinician: str | None = None
    note: str | None = None

    def __bool__(self) -> bool:
        return bool(self.patient or self.clinician or self.note)


def make_story(
    topic: models.Topic,
    ctx: Context,
    end: list[Flowable],
    personal: Personal | None = None,
    pointer: str | None = None,
    breaks: frozenset[Path_] = frozenset(),
) -> list[Flowable]:
    """``pointer``: a bold line after the key points sending the reader to the emergency signs;
    ``breaks``: blocks that start a new page (the page-flow engine's choice)."""
    theme = ctx.theme
    opening: list[Flowable] = [para(topic.title, theme, "title")]
    if topic.subtitle:
        opening.append(para(topic.subtitle, theme, "subtitle"))
    beside = _room_beside(personal, theme) if personal else 0.0
    if personal and not beside:
        opening += render_personal(personal, ctx)
    if topic.key_points:
        opening += render_key_points(topic.key_points, ctx)
    story: list[Flowable] = opening
    if personal and beside:
        # Beside the title and key points, in the width the text column leaves free, the box costs
        # the page no height: a handout that fills two pages still does when it is personalised.
        side = render_personal(personal, ctx, width=beside, stacked=True)[0]
        story = [Table([[opening, side]], colWidths=[theme.text_width + theme.body_size, beside], hAlign="LEFT")]
        story[0].setStyle(table_style(theme, [("VALIGN", (0, 0), (-1, -1), "TOP")], padding=0))
    if pointer:
        story += render_pointer(pointer, ctx)
    for s, section in enumerate(topic.sections):
        heading = SectionHeading(to_markup(section.heading), theme.paragraph["heading"], plain(section.heading))
        if ("sections", s, "body", 0) in breaks:
            story.append(PageBreak())
        story.append(heading)
        for b, block in enumerate(section.body):
            path: Path_ = ("sections", s, "body", b)
            try:
                flowables = render_block(block, ctx)
                if b and path in breaks:
                    story.append(PageBreak())
                if b == 0:
                    # The heading and at least the first item of what it introduces share a page.
                    story.insert(-1, keep_room_after(heading, flowables[0], theme))
                for flowable in flowables:
                    if isinstance(flowable, ContinuedTable) and flowable.continues_untitled:
                        flowable.continue_with(continued_row(section.heading, ctx, flowable))
                # The layout notes the page each block starts on (for the pointer and the fill check).
                flowables[0].block_path = path
                flowables[0].urgent = isinstance(block, models.Callout) and block.callout.kind == "urgent"
                story += flowables
            except BlockError as error:
                raise BlockError(error.message, ("sections", s, "body", b)) from None
    if end:
        if END in breaks:
            story.append(PageBreak())
        end[0].block_path = END
    return story + end


END: Path_ = ("end",)  # where the engine may start a page before the Questions panel and small print


def keep_room_after(heading: Flowable, first: Flowable, theme: Theme) -> Flowable:
    """Start a new page unless the heading and the least of its first block fit under it
    (a box's title and first item, two lines of a paragraph, a whole picture)."""
    style = theme.paragraph["heading"]
    height = heading.wrap(theme.text_width, theme.page_size[1])[1] + style.spaceBefore + style.spaceAfter
    room = height + least_height(first, theme.text_width, theme.paragraph["body"].leading)
    # Never more than half a page: a break asking for more than a page holds would repeat on every page.
    return CondPageBreak(min(room, frame_height(theme) / 2))


def continued_row(heading: str, ctx: Context, table: ContinuedTable) -> list[Any]:
    """The first row of a list's part on the next page: its section's heading and "(continued)"."""
    words = Para(
        f"{to_markup(heading)} {to_markup(ctx.labels['continued'])}",
        ctx.theme.paragraph["box_title"].clone("continued", textColor=ctx.theme.heading_color),
    )
    return [*([""] * (table.columns - 1)), words]


def render_pointer(text: str, ctx: Context) -> list[Flowable]:
    """The emergency pointer: the urgent triangle beside one bold sentence."""
    theme = ctx.theme
    icon = Icon("urgent", theme.body_size * 1.8, theme.urgent, theme.bold_font)
    words = Para(f"<b>{to_markup(text)}</b>", theme.paragraph["body"].clone("pointer", spaceAfter=0))
    table = Table([[icon, words]], colWidths=[icon.width + theme.body_size * 0.6, None], hAlign="LEFT")
    table.setStyle(table_style(theme, [("VALIGN", (0, 0), (-1, -1), "MIDDLE")], padding=0))
    return [table, Spacer(1, theme.gap * 1.5)]


MIN_SIDE_EMS = 8  # the narrowest column (in body-text sizes) the "Prepared for" box may take beside the title


def _room_beside(personal: Personal, theme: Theme) -> float:
    """The width right of the text column for the "Prepared for" box, or 0 when it is too narrow
    for the box or for the longest word typed (a name is never broken mid-word)."""
    room = theme.band_width - theme.text_width - theme.body_size
    inside = room - 4 * box_padding(theme, 0.3) - 0.8
    words = [w for value in (personal.patient, personal.clinician, personal.note) if value for w in value.split()]
    longest = max((stringWidth(w, theme.bold_font, theme.body_size) for w in words), default=0.0)
    return room if room >= theme.body_size * MIN_SIDE_EMS and longest <= inside else 0.0


def render_personal(
    personal: Personal, ctx: Context, *, width: float | None = None, stacked: bool = False
) -> list[Flowable]:
    """A box with "Prepared for", the clinician and a note: beside the title in a column ``width``
    wide, a line each (``stacked``); else under the title, run on in one paragraph, slim, so it
    adds as little height as it can."""
    theme, labels = ctx.theme, ctx.labels
    lines = [
        (labels["prepared_for"], personal.patient),
        (labels["clinician"], personal.clinician),
        (labels["note"], personal.note),
    ]
    parts = [f"<b>{to_markup(label)}:</b> {to_markup(value)}" for label, value in lines if value]
    content: list[Flowable] = [
        Para(part, theme.paragraph["item"]) for part in (parts if stacked else [" · ".join(parts)])
    ]
    box = boxed(content, theme, border=theme.text, weight=0.8, fill=white, padding=0.3, width=width)
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
    topic: models.Topic, ctx: Context, *, call: str, offer: str, disclaimer: str, codes: list[QrBlock]
) -> list[Flowable]:
    """The "Questions? Call us" panel: the phone and the other-formats offer at body size, the QR
    codes at its right (one code's caption beside it in the text; several each under their own);
    then the disclaimer and the sources in small type."""
    theme = ctx.theme
    small = theme.paragraph["small"]
    end: list[Flowable] = []
    words: list[Flowable] = []
    if call:
        words.append(Para(f"<b>{to_markup(call)}</b>", theme.paragraph["item"]))
    if offer:
        words.append(para(offer, theme, "item"))
    # One code's caption is read with the panel, at body size; several sit small under their codes.
    caption_style = theme.paragraph["item"] if len(codes) == 1 else small
    captions = [Para(f"<b>{to_markup(qr.caption)}:</b> {to_markup(qr.address)}", caption_style) for qr in codes]
    if len(codes) == 1:
        words.append(captions.pop())
    if words or codes:
        gutter = theme.body_size
        pad = box_padding(theme)
        columns = [max(qr.code.width, small.fontSize * 10 if captions else 0) for qr in codes]
        # boxed() gives its one cell the column less its border and padding; the cell pads its content too.
        room = theme.text_width - 4 * pad - 1.5 - sum(column + gutter for column in columns)
        cells: list[Any] = [words]
        for n, qr in enumerate(codes):
            qr.code.hAlign = "LEFT"
            cells.append([qr.code, *captions[n : n + 1]])
        inner = Table([cells], colWidths=[room, *(column + gutter for column in columns)])
        inner.setStyle(
            table_style(
                theme, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (1, 0), (-1, 0), gutter)], padding=0
            )
        )
        end += [
            boxed([inner], theme, border=theme.primary, weight=1.5, fill=tint(theme.primary, 0.06)),
            Spacer(1, theme.gap),
        ]
    end.append(SentencePara(to_markup(disclaimer), small))
    if topic.sources:
        # One run-on paragraph: sources are for the curious, not worth a line each on a two-page leaflet.
        listed = "; ".join(to_markup(_source_text(s)) for s in topic.sources)
        end.append(Para(f"<b>{to_markup(ctx.labels['sources'])}:</b> {listed}.", small))
    return end


def _source_text(source: str | models.SourceRef) -> str:
    if isinstance(source, str):
        return source
    parts = [source.title, source.publisher, source.year, source.url]
    return ". ".join(p for p in parts if p)

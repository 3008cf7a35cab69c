"""The document template: page 1 with the tall header band, later pages with the running header.

What the header and footer hold, and where, is measured and drawn in ``furniture``; this module
only turns those measurements into frames and page templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from . import furniture
from .blocks import SectionHeading
from .branding import Theme


@dataclass(frozen=True)
class PageText:
    """The words printed around the content, already in the topic's language."""

    title: str
    band: furniture.BandText
    footer: furniture.FooterText


class HandoutTemplate(BaseDocTemplate):
    """A document whose first page carries the tall header band and later pages a slim one.

    Raises ``furniture.DoesNotFit`` (before laying anything out) when the band's text cannot fit.
    """

    def __init__(self, target: Any, theme: Theme, text: PageText, **metadata: Any) -> None:
        self.theme, self.text = theme, text
        self.band = furniture.first_header(theme, text.band)
        self.running = furniture.running_header(theme, text.footer.clinic, text.title)
        # Measured up front: a footer that cannot fit fails now; every page's footer is page 1's height.
        footer_height = furniture.footer(theme, text.footer, 1).height
        width = theme.page_size[0]
        super().__init__(
            target,
            pagesize=theme.page_size,
            invariant=1,
            leftMargin=theme.left,
            initialFontName=theme.font,
            initialFontSize=theme.body_size,
            rightMargin=width - theme.left - theme.text_width,
            topMargin=theme.margin,
            bottomMargin=theme.margin,
            **metadata,
        )
        bottom = theme.margin + footer_height
        gap = theme.body_size
        self.addPageTemplates(
            [
                PageTemplate(
                    "first",
                    [self._frame("first", bottom, self.band.y - gap)],
                    onPage=lambda canvas, doc: furniture.draw(canvas, self.band, theme),
                    onPageEnd=self._footer,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(
                    "later",
                    [self._frame("later", bottom, self.running.y - gap)],
                    onPage=lambda canvas, doc: furniture.draw(canvas, self.running, theme),
                    onPageEnd=self._footer,
                ),
            ]
        )
        self._outline_count = 0
        self.urgent_pages: list[int] = []  # pages where urgent boxes start
        self.fills: list[float] = []  # share of each page's text area used
        self.blocks: list[list[Any]] = []  # the topic's blocks that start on each page

    def _frame(self, name: str, bottom: float, top: float) -> Frame:
        return Frame(
            self.theme.left,
            bottom,
            self.theme.text_width,
            top - bottom,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, SectionHeading) and flowable.outline_title:
            key = f"section-{self._outline_count}"
            self._outline_count += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_title, key, level=0, closed=False)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """Note on which page each block of the topic starts (the block, or its first part when it
        splits; a block that moves to the next page comes back to the front of ``flowables``)."""
        first = flowables[0]
        super().handle_flowable(flowables)
        if flowables and flowables[0] is first:
            return
        if getattr(first, "urgent", False):
            self.urgent_pages.append(self.page)
        if (path := getattr(first, "block_path", None)) is not None:
            while len(self.blocks) < self.page:
                self.blocks.append([])
            self.blocks[self.page - 1].append(path)

    def _footer(self, canvas: Canvas, doc: Any) -> None:
        frame = self.frame
        self.fills.append((frame._y2 - frame._y) / (frame._y2 - frame._y1))
        while len(self.blocks) < self.page:
            self.blocks.append([])
        furniture.draw(canvas, furniture.footer(self.theme, self.text.footer, doc.page), self.theme)

    def build_story(self, story: list[Flowable]) -> Callable[[], None]:
        """Lay ``story`` out; return the function that writes the PDF (a layout pass the engine
        does not keep is never written: writing is a quarter of a pass)."""
        theme, turn_over = self.theme, self.text.footer.turn_over
        writers: list[Callable[[], None]] = []

        class CountingCanvas(Canvas):
            """Defines the page-count and turn-over forms once the last page is done."""

            def save(self) -> None:
                furniture.define_forms(self, theme, turn_over)
                writers.append(super().save)

        self.build(story, canvasmaker=CountingCanvas)
        return writers[0]

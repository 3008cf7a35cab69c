"""The document template: page 1 with the tall header band, later pages with the running header.

What the header and footer hold, and where, is measured and drawn in ``furniture``; this module
only turns those measurements into frames and page templates.

A layout pass draws nothing: every drawing step (a flowable placed in a frame, the header, the
footer, a bookmark, the end of a page) is noted, in order, and the notes are drawn on the pass's
canvas only when the page-flow engine keeps the pass. Drawing is about half of a pass and the
engine lays a handout out two or three times to choose one; the notes are the same calls, with
the same arguments, in the same order, on the same canvas, so the PDF is the same byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from operator import methodcaller
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

    def __init__(
        self, target: Any, theme: Theme, text: PageText, urgent_on: frozenset[int] | None = None, **metadata: Any
    ) -> None:
        self.theme, self.text = theme, text
        self.urgent_on = urgent_on  # stop once the first urgent box starts on a page not in it
        self.drawing = Notes()  # the pass's drawing steps, drawn if the pass is kept
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
                    onPage=lambda canvas, doc: self.drawing.append(
                        partial(furniture.draw, piece=self.band, theme=theme)
                    ),
                    onPageEnd=self._footer,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(
                    "later",
                    [self._frame("later", bottom, self.running.y - gap)],
                    onPage=lambda canvas, doc: self.drawing.append(
                        partial(furniture.draw, piece=self.running, theme=theme)
                    ),
                    onPageEnd=self._footer,
                ),
            ]
        )
        self._outline_count = 0
        self.urgent_pages: list[int] = []  # pages where urgent boxes start
        self.fills: list[float] = []  # share of each page's text area used
        self.blocks: list[list[Any]] = []  # the topic's blocks that start on each page

    def _frame(self, name: str, bottom: float, top: float) -> Frame:
        return _NotingFrame(
            self.drawing,
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
            title = flowable.outline_title
            self.drawing.append(lambda canvas: canvas.bookmarkPage(key))
            self.drawing.append(lambda canvas: canvas.addOutlineEntry(title, key, level=0, closed=False))

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """Note on which page each block of the topic starts (the block, or its first part when it
        splits; a block that moves to the next page comes back to the front of ``flowables``)."""
        first = flowables[0]
        super().handle_flowable(flowables)
        if flowables and flowables[0] is first:
            return
        if getattr(first, "urgent", False):
            self.urgent_pages.append(self.page)
            if self.urgent_on is not None and self.urgent_pages[0] not in self.urgent_on:
                raise _Stop
        if (path := getattr(first, "block_path", None)) is not None:
            while len(self.blocks) < self.page:
                self.blocks.append([])
            self.blocks[self.page - 1].append(path)

    def _footer(self, canvas: Canvas, doc: Any) -> None:
        frame = self.frame
        self.fills.append((frame._y2 - frame._y) / (frame._y2 - frame._y1))
        while len(self.blocks) < self.page:
            self.blocks.append([])
        page, theme, text = doc.page, self.theme, self.text.footer
        self.drawing.append(lambda canvas: furniture.draw(canvas, furniture.footer(theme, text, page), theme))

    def build_story(self, story: list[Flowable]) -> Callable[[], None] | None:
        """Lay ``story`` out; return the function that draws and writes the PDF (a layout pass the
        engine does not keep is never drawn nor written), or None when told to stop (``urgent_on``)."""
        try:
            self.build(story, canvasmaker=partial(_NotingCanvas, self.drawing))
        except _Stop:
            return None
        canvas, drawing = self.canv, self.drawing
        theme, turn_over = self.theme, self.text.footer.turn_over

        def write() -> None:
            if canvas._code:  # something drew straight onto the page while laying out, out of order
                raise RuntimeError("a layout pass drew outside its noted steps; its PDF would be wrong")
            canvas.drawing = None
            canvas._doctemplate = self  # as while ReportLab lays out: some flowables read it when drawn
            try:
                for step in drawing:
                    step(canvas)
            finally:
                del canvas._doctemplate
            furniture.define_forms(canvas, theme, turn_over)  # the page count, once the last page is done
            canvas.save()

        return write


Drawn = Callable[[Canvas], None]


class _Stop(Exception):
    """The pass is not wanted any more (see ``urgent_on``)."""


class Notes(list[Drawn]):
    """A pass's drawing steps. ReportLab deep-copies the current frame to measure a list of
    flowables; the copy shares the notes (copying them would copy every flowable noted so far)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Notes:
        return self


class _NotingFrame(Frame):
    """A frame that notes each flowable it places (the flowable, where, and this frame) instead of
    drawing it; ReportLab's own placing is used unchanged."""

    def __init__(self, drawing: list[Drawn], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.drawing = drawing

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        own = vars(flowable).get("drawOn")
        draw_on = flowable.drawOn

        def note(canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
            self.drawing.append(partial(_draw_placed, flowable, draw_on, self, x, y, _sW))

        flowable.drawOn = note
        try:
            return int(self._add(flowable, canv, trySplit))
        finally:
            if own is None:
                del flowable.drawOn
            else:
                flowable.drawOn = own


def _draw_placed(
    flowable: Flowable, draw_on: Callable[..., None], frame: Frame, x: float, y: float, _sW: float, canvas: Canvas
) -> None:
    """Draw a noted flowable as the frame would have: with its frame and canvas set on it."""
    flowable._frame, flowable.canv = frame, canvas
    try:
        draw_on(canvas, x, y, _sW=_sW)
    finally:
        for name in ("canv", "_frame"):
            if hasattr(flowable, name):
                delattr(flowable, name)


class _NotingCanvas(Canvas):
    """While a pass is laid out, the end of each page (and its size and rotation) is noted among
    the drawing steps, and saving waits for ``write``."""

    def __init__(self, drawing: list[Drawn], *args: Any, **kwargs: Any) -> None:
        self.drawing: list[Drawn] | None = drawing  # None once the steps are drawn
        super().__init__(*args, **kwargs)

    def _noted(self, name: str, *args: Any) -> bool:
        if self.drawing is None:
            return False
        self.drawing.append(methodcaller(name, *args))
        return True

    def showPage(self) -> None:
        if not self._noted("showPage"):
            super().showPage()

    def setPageRotation(self, rot: int) -> None:
        if not self._noted("setPageRotation", rot):
            super().setPageRotation(rot)

    def setPageSize(self, size: tuple[float, float]) -> None:
        if not self._noted("setPageSize", size):
            super().setPageSize(size)

    def save(self) -> None:
        if self.drawing is None:
            super().save()  # the steps are drawn: ``write`` saves

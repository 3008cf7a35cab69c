"""Page templates: the branded header band, the running header and the footer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.colors import white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from .blocks import SectionHeading
from .branding import Theme

PAGE_COUNT_FORM = "handouts-page-count"


@dataclass(frozen=True)
class PageText:
    """The words printed around the content, already in the topic's language."""

    title: str
    clinic_line: str
    footer_contact: str
    tagline: str
    contact_lines: list[str]
    page_label: str  # e.g. "Page {page} of " (the count is drawn after it)
    dates_line: str


class HandoutTemplate(BaseDocTemplate):
    """A document whose first page carries the tall header band and later pages a slim one."""

    def __init__(self, target: Any, theme: Theme, text: PageText, **metadata: Any) -> None:
        self.theme, self.text = theme, text
        width, height = theme.page_size
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
        bottom = theme.margin + theme.footer_height
        gap = theme.body_size
        first_top = height - theme.margin - theme.header_height - gap
        later_top = height - theme.margin - theme.running_header_height - gap
        self.addPageTemplates(
            [
                PageTemplate(
                    "first",
                    [self._frame("first", bottom, first_top)],
                    onPage=self._first_header,
                    onPageEnd=self._footer,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(
                    "later",
                    [self._frame("later", bottom, later_top)],
                    onPage=self._running_header,
                    onPageEnd=self._footer,
                ),
            ]
        )
        self._outline_count = 0

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
        if isinstance(flowable, SectionHeading):
            key = f"section-{self._outline_count}"
            self._outline_count += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_title, key, level=0, closed=False)

    def _band(self, canvas: Canvas, height: float) -> tuple[float, float, float, float]:
        theme = self.theme
        width, page_height = theme.page_size
        x, y, w = theme.margin, page_height - theme.margin - height, width - 2 * theme.margin
        canvas.setFillColor(theme.primary)
        canvas.roundRect(x, y, w, height, 2.5, stroke=0, fill=1)
        return x, y, w, height

    def _first_header(self, canvas: Canvas, doc: Any) -> None:
        theme, text = self.theme, self.text
        canvas.saveState()
        x, y, w, h = self._band(canvas, theme.header_height)
        pad = h * 0.16
        left, right = x + pad * 1.5, x + w - pad * 1.5
        logo = theme.style.logo
        if logo is not None:
            chip_w = self._logo(canvas, logo, h - 2 * pad, w * 0.3, x + pad, x + w - pad, y + pad)
            if theme.style.logo_position == "left":
                left = x + pad + chip_w + pad * 1.2
            else:
                right = x + w - pad - chip_w - pad * 1.2
        small = theme.footer_size + 1
        lines = text.contact_lines
        widest = max((canvas.stringWidth(line, theme.font, small) for line in lines), default=0)
        room = right - widest - pad * 1.5 - left
        # A long clinic name shrinks to fit beside the contact lines rather than running into them.
        name_size = min(h * 0.3, 18.0)
        while name_size > 9 and canvas.stringWidth(text.clinic_line, theme.bold_font, name_size) > room:
            name_size -= 0.5
        canvas.setFillColor(theme.on_primary)
        name_y = y + h / 2 + (name_size * 0.05 if text.tagline else -name_size * 0.35)
        canvas.setFont(theme.bold_font, name_size)
        canvas.drawString(left, name_y, text.clinic_line)
        canvas.setFont(theme.font, small)
        if text.tagline:
            canvas.drawString(left, y + h / 2 - small * 1.3, text.tagline)
        step = small * 1.35
        top = y + h / 2 + step * (len(lines) - 1) / 2 - small * 0.35
        for n, line in enumerate(lines):
            canvas.drawRightString(right, top - n * step, line)
        canvas.restoreState()

    def _logo(
        self, canvas: Canvas, logo: Path, chip_h: float, max_w: float, left: float, right: float, y: float
    ) -> float:
        """Draw the logo on a white panel (any logo reads on any band colour); return the panel width."""
        from . import picture_cache

        pixel_w, pixel_h = picture_cache.pixel_size(logo)
        inset = chip_h * 0.1
        inner_h = chip_h - 2 * inset
        chip_w = min(max(inner_h * pixel_w / pixel_h + 2 * inset, chip_h), max_w)
        inner_w = chip_w - 2 * inset
        x = left if self.theme.style.logo_position == "left" else right - chip_w
        canvas.setFillColor(white)
        canvas.roundRect(x, y, chip_w, chip_h, 2, stroke=0, fill=1)
        scale = min(inner_w / pixel_w, inner_h / pixel_h)
        draw_w, draw_h = pixel_w * scale, pixel_h * scale
        at_x, at_y = x + (chip_w - draw_w) / 2, y + (chip_h - draw_h) / 2
        picture_cache.draw(canvas, logo, at_x, at_y, draw_w, draw_h, None)
        return chip_w

    def _running_header(self, canvas: Canvas, doc: Any) -> None:
        theme = self.theme
        canvas.saveState()
        x, y, w, h = self._band(canvas, theme.running_header_height)
        canvas.setFillColor(theme.on_primary)
        size = theme.footer_size + 1
        baseline = y + h / 2 - size * 0.35
        canvas.setFont(theme.bold_font, size)
        canvas.drawString(x + h * 0.4, baseline, self.text.clinic_line)
        canvas.setFont(theme.font, size)
        canvas.drawRightString(x + w - h * 0.4, baseline, self.text.title)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, doc: Any) -> None:
        theme, text = self.theme, self.text
        width, _ = theme.page_size
        left, right = theme.margin, width - theme.margin
        size = theme.footer_size
        canvas.saveState()
        top = theme.margin + theme.footer_height - size * 0.5
        canvas.setStrokeColor(theme.primary)
        canvas.setLineWidth(0.8)
        canvas.line(left, top, right, top)
        canvas.setFillColor(theme.text)
        first = top - size * 1.6
        canvas.setFont(theme.bold_font, size)
        canvas.drawString(left, first, text.clinic_line)
        canvas.setFont(theme.font, size)
        if text.footer_contact:
            canvas.drawString(
                left + canvas.stringWidth(text.clinic_line + "  ", theme.bold_font, size),
                first,
                "· " + text.footer_contact,
            )
        canvas.drawString(left, first - size * 1.35, text.dates_line)
        label = text.page_label.format(page=doc.page)
        count_width = canvas.stringWidth("00", theme.bold_font, size)
        label_x = right - count_width - canvas.stringWidth(label, theme.bold_font, size)
        canvas.setFont(theme.bold_font, size)
        canvas.drawString(label_x, first, label)
        canvas.saveState()
        canvas.translate(label_x + canvas.stringWidth(label, theme.bold_font, size), first)
        canvas.doForm(PAGE_COUNT_FORM)
        canvas.restoreState()
        canvas.restoreState()

    def build_story(self, story: list[Flowable]) -> None:
        theme = self.theme

        class CountingCanvas(Canvas):
            """Defines the page-count form once the last page is done; every footer shows it."""

            def save(self) -> None:
                self.beginForm(PAGE_COUNT_FORM)
                self.setFillColor(theme.text)
                self.setFont(theme.bold_font, theme.footer_size)
                self.drawString(0, 0, str(self.getPageNumber() - 1))
                self.endForm()
                super().save()

        self.build(story, canvasmaker=CountingCanvas)

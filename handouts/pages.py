"""Page templates: the branded header band, the running header and the footer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.colors import white
from reportlab.lib.utils import ImageReader
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


@cache
def _image(path: Path) -> ImageReader:
    return ImageReader(str(path))


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
        name_x = x + pad * 1.5
        logo = theme.style.logo
        if logo is not None:
            chip = h - 2 * pad
            image = _image(logo)
            iw, ih = image.getSize()
            chip_w = min(chip * max(iw / ih, 1.0), w * 0.3)
            canvas.setFillColor(white)
            canvas.roundRect(x + pad, y + pad, chip_w, chip, 2, stroke=0, fill=1)
            inset = chip * 0.08
            canvas.drawImage(
                image,
                x + pad + inset,
                y + pad + inset,
                chip_w - 2 * inset,
                chip - 2 * inset,
                preserveAspectRatio=True,
                anchor="c",
                mask="auto",
            )
            name_x = x + pad + chip_w + pad * 1.2
        canvas.setFillColor(theme.on_primary)
        name_size = min(h * 0.3, 18)
        has_tagline = bool(text.tagline)
        name_y = y + h / 2 + (name_size * 0.05 if has_tagline else -name_size * 0.35)
        canvas.setFont(theme.bold_font, name_size)
        canvas.drawString(name_x, name_y, text.clinic_line)
        if has_tagline:
            canvas.setFont(theme.font, theme.footer_size + 1)
            canvas.drawString(name_x, y + h / 2 - (theme.footer_size + 1) * 1.3, text.tagline)
        canvas.setFont(theme.font, theme.footer_size + 1)
        lines = text.contact_lines[:3]
        step = (theme.footer_size + 1) * 1.35
        top = y + h / 2 + step * (len(lines) - 1) / 2 - (theme.footer_size + 1) * 0.35
        for n, line in enumerate(lines):
            canvas.drawRightString(x + w - pad * 1.5, top - n * step, line)
        canvas.restoreState()

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

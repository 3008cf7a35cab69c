"""Build a handout: a loaded topic and a style -> PDF bytes -> a file written atomically."""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from . import __version__
from .blocks import BlockError, Context
from .branding import make_theme
from .errors import HandoutError
from .labels import Labels, labels_for
from .loading import LoadedTopic, with_placeholders
from .models import Style, Topic
from .pages import HandoutTemplate, PageText
from .placeholders import fill, values_from
from .story import Personal, QrBlock, make_story, render_end_matter


@dataclass(frozen=True)
class Options:
    """How to build: paper overrides the style's; large print is the 16 pt edition.

    ``personal`` adds a "Prepared for" box under the title. It never reaches file names or
    PDF metadata, so a patient's name is printed on paper and nowhere else.
    """

    paper: str | None = None
    large_print: bool = False
    personal: Personal | None = None


def output_file_name(topic_file: Path, large_print: bool) -> str:
    """``<id>.pdf``; ``<id>.<lang>.pdf`` for a translation; ``.large`` before ``.pdf`` in large print.

    Known from the file name alone, so a batch can find clashes before building anything.
    """
    stem = topic_file.name.removesuffix(".yaml").removesuffix(".yml")
    return stem + (".large" if large_print else "") + ".pdf"


@dataclass(frozen=True)
class Built:
    pdf: bytes
    pages: int


def build_handout(loaded: LoadedTopic, style: Style, options: Options = Options()) -> Built:
    """Lay the topic out with the clinic's branding; return the PDF and its page count."""
    if options.paper:
        style = style.model_copy(update={"paper": options.paper})
    topic = with_placeholders(loaded, style)
    theme = make_theme(style, large_print=options.large_print)
    labels = labels_for(topic.language)
    ctx = Context(theme, labels)
    values = values_from(style)
    offer_key = "large_print" if style.clinic.phone else "large_print_no_phone"
    links = [
        (url, labels[key])
        for url, key in ((style.clinic.booking_url, "scan_to_book"), (topic.more_info_url, "more_info"))
        if url
    ]
    end = render_end_matter(
        topic,
        ctx,
        offer=fill(labels[offer_key], values)[0] if style.footer.large_print_offer else "",
        disclaimer=fill(style.disclaimer_for(topic.language), values)[0],
        codes=[QrBlock(_qr(url, theme.body_size * 5.5, theme.font), caption, _short(url)) for url, caption in links],
    )
    try:
        story = make_story(topic, ctx, end, options.personal)
    except BlockError as error:
        raise HandoutError([loaded.doc.problem(error.path, error.message)]) from None
    buffer = io.BytesIO()
    doc = HandoutTemplate(
        buffer,
        theme,
        _page_text(topic, style, labels),
        title=topic.title,
        author=style.clinic.name,
        subject=topic.subtitle or "",
        creator=f"handouts {__version__}",
        lang=topic.language,
    )
    try:
        doc.build_story(story)
    except LayoutError:
        raise HandoutError(
            [
                loaded.doc.problem(
                    ("sections",),
                    "a part of this topic is too tall to fit on one page; split it into smaller sections or blocks",
                )
            ]
        ) from None
    return Built(buffer.getvalue(), doc.page)


def _page_text(topic: Topic, style: Style, labels: Labels) -> PageText:
    clinic = style.clinic
    dates = " · ".join(
        [
            labels.format("version", version=topic.version),
            labels.format("reviewed", date=labels.date(topic.reviewed)),
            labels.format("review_due", date=labels.date(topic.review_due_date)),
        ]
    )
    page_label = labels["page"]
    return PageText(
        title=topic.title,
        clinic_line=clinic.name,
        footer_contact=" · ".join(line for line in (clinic.phone, clinic.website) if line),
        tagline=(clinic.tagline or "") if style.header.show_tagline else "",
        contact_lines=_contact_lines(style),
        page_label=page_label.split("{pages}")[0],
        dates_line=" · ".join(p for p in (style.footer.extra_line, dates) if p),
    )


def _contact_lines(style: Style) -> list[str]:
    """Phone; website and email; address (when shown): at most three lines for the header band."""
    clinic = style.clinic
    lines = [clinic.phone or "", " · ".join(p for p in (clinic.website, clinic.email) if p)]
    if style.header.show_address and clinic.address:
        lines.append(", ".join(clinic.address))
    return [line for line in lines if line]


def _short(url: str) -> str:
    return url.removeprefix("https://").removesuffix("/")


def _qr(url: str, size: float, font: str) -> Flowable:
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.initialFontName = font  # ReportLab's default state names Helvetica, unembedded
    drawing.add(widget)
    return drawing


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: a reader never sees half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

"""Build a handout: a loaded topic and a style -> PDF bytes -> a file written atomically."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from . import __version__, layout_cache
from .blocks import BlockError, Context
from .branding import Theme
from .errors import HandoutError, Problem
from .labels import Labels, labels_for
from .loading import LoadedTopic, fits_one_line
from .models import Style, Topic
from .pages import HandoutTemplate, PageText
from .placeholders import fill, values_from
from .qr import QrCode
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


def output_file_name(topic_file: Path, large_print: bool, format: str = "pdf") -> str:
    """``<id>.pdf``; ``<id>.<lang>.pdf`` for a translation; ``.large`` before ``.pdf`` in large print;
    ``.html`` for the HTML edition (which has no large print: readers zoom it).

    Known from the file name alone, so a batch can find clashes before building anything.
    """
    stem = topic_file.name.removesuffix(".yaml").removesuffix(".yml")
    return stem + (".large" if large_print and format == "pdf" else "") + "." + format


@dataclass(frozen=True)
class Built:
    pdf: bytes
    pages: int


def build_handout(loaded: LoadedTopic, style: Style, options: Options = Options()) -> Built:
    """Lay the topic out with the clinic's branding; return the PDF and its page count."""
    if options.paper:
        style = style.model_copy(update={"paper": options.paper})
    topic = layout_cache.topic_in_style(loaded, style)
    theme = layout_cache.theme(style, options.large_print)
    labels = labels_for(topic.language)
    ctx = Context(theme, labels)
    values = values_from(style)
    offer_key = "large_print" if style.clinic.phone else "large_print_no_phone"
    links = [(url, labels[key]) for url, key in (_first_code(loaded, style), (topic.more_info_url, "more_info")) if url]
    end = render_end_matter(
        topic,
        ctx,
        offer=fill(labels[offer_key], values)[0] if style.footer.large_print_offer else "",
        disclaimer=fill(style.disclaimer_for(topic.language), values)[0],
        codes=[QrBlock(QrCode(url, theme.body_size * 5), caption, _short(url)) for url, caption in links],
    )
    try:
        story = make_story(topic, ctx, end, options.personal)
    except BlockError as error:
        raise HandoutError([loaded.doc.problem(error.path, error.message)]) from None
    page_text = _page_text(topic, style, labels)
    if problems := _running_line_problems(loaded, topic, theme, labels):
        raise HandoutError(problems)
    buffer = io.BytesIO()
    doc = HandoutTemplate(
        buffer,
        theme,
        page_text,
        title=topic.title,
        author=style.clinic.name,
        subject=topic.subtitle or "",
        creator=f"handouts {__version__}",
        lang=topic.language,
    )
    try:
        doc.build_story(story)
    except LayoutError:
        raise HandoutError([_too_tall(loaded, topic, ctx, page_text, options.personal)]) from None
    return Built(buffer.getvalue(), doc.page)


def _too_tall(
    loaded: LoadedTopic, topic: Topic, ctx: Context, page_text: PageText, personal: Personal | None
) -> Problem:
    """The part of the topic that cannot fit on any page, found by laying each part out alone.

    Only runs after ReportLab's LayoutError, so the normal build pays nothing for it.
    """
    from .blocks import render_block
    from .markup import plain
    from .story import render_key_points, render_personal

    def fails(flowables: list[Flowable]) -> bool:
        try:
            HandoutTemplate(io.BytesIO(), ctx.theme, page_text).build_story(flowables)
        except LayoutError:
            return True
        return False

    if personal and fails(render_personal(personal, ctx)):
        return Problem("the --for, --clinician and --note text is too long to fit on one page; shorten it")
    if topic.key_points and fails(render_key_points(topic.key_points, ctx)):
        return loaded.doc.problem(
            ("key_points",), "the Key points box is too tall to fit on one page; keep it to a few short sentences"
        )
    for i, section in enumerate(topic.sections):
        heading = plain(section.heading)
        where = f"section {i + 1}, '{heading[:40]}…'" if len(heading) > 41 else f"section {i + 1}, '{heading}'"
        for j, block in enumerate(section.body):
            if fails(render_block(block, ctx)):
                return loaded.doc.problem(
                    ("sections", i, "body", j),
                    f"this {block.word} is too tall to fit on one page ({where}); split it into two or more smaller ones",
                )
    return loaded.doc.problem(
        ("sections",), "a part of this topic is too tall to fit on one page; split it into smaller sections or blocks"
    )


def _running_line_problems(loaded: LoadedTopic, topic: Topic, theme: Theme, labels: Labels) -> list[Problem]:
    """The title (in the running header of later pages) and the version (in the footer) are
    drawn on one line each, which never wraps: they must fit across the page."""
    band = theme.page_size[0] - 2 * theme.margin
    lines = [
        (("title",), "the running header of pages 2 and on", topic.title, theme.footer_size + 1, band * 0.75),
        (("version",), "the footer", labels.format("version", version=topic.version), theme.footer_size, band / 3),
    ]
    problems = []
    for spot, place, text, size, room in lines:
        fits, count = fits_one_line(text, theme.font, size, room)
        if not fits:
            problems.append(
                loaded.doc.problem(
                    spot,
                    f"too long for its one line in {place} ({len(text)} characters where about {count} fit); shorten it",
                )
            )
    return problems


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
        title=_one_line(topic.title),
        clinic_line=_one_line(clinic.name),
        footer_contact=_one_line(" · ".join(line for line in (clinic.phone, clinic.website) if line)),
        tagline=_one_line(clinic.tagline or "") if style.header.show_tagline else "",
        contact_lines=[_one_line(line) for line in _contact_lines(style)],
        page_label=page_label.split("{pages}")[0],
        dates_line=_one_line(" · ".join(p for p in (style.footer.extra_line, dates) if p)),
    )


def _one_line(text: str) -> str:
    """Text drawn on one line (header and footer): each run of whitespace, a line break or tab
    included, becomes one space, as in a paragraph (drawn as it is, a line break prints as a box),
    and soft hyphens go (they mark where a word may break; a single line never breaks)."""
    return " ".join(text.replace("\xad", "").split())


def _contact_lines(style: Style) -> list[str]:
    """Phone; website and email; address (when shown): at most three lines for the header band."""
    clinic = style.clinic
    lines = [clinic.phone or "", " · ".join(p for p in (clinic.website, clinic.email) if p)]
    if style.header.show_address and clinic.address:
        lines.append(", ".join(clinic.address))
    return [line for line in lines if line]


def _first_code(loaded: LoadedTopic, style: Style) -> tuple[str | None, str]:
    """The first QR code: this handout's HTML edition where the clinic publishes it, when the style
    says where (``clinic.html_url``); else the clinic's booking page. (Address, label key.)"""
    if style.clinic.html_url:
        return f"{style.clinic.html_url.rstrip('/')}/{output_file_name(loaded.file, False, 'html')}", "scan_to_read"
    return style.clinic.booking_url, "scan_to_book"


def _short(url: str) -> str:
    return url.removeprefix("https://").removesuffix("/")


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: a reader never sees half a PDF,
    a failed write (a full disk, say) leaves no temporary file, and the PDF that was there stays
    as it was. A failure is raised as a HandoutError naming ``path``, never the temporary file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        handle, temporary = _create_beside(path)
    except OSError as error:
        raise HandoutError([_write_problem(path, error)]) from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise HandoutError([_write_problem(path, error)]) from None
        raise


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, empty hidden file in ``path``'s folder, with the permissions any new file gets
    (``tempfile.mkstemp`` would make it readable by its owner only)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(path.parent))


def _write_problem(path: Path, error: OSError) -> Problem:
    """Why ``path`` could not be written, in the user's terms."""
    folder = path.parent
    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        why = f"{blocker} is a file, not a folder; choose another output folder with -o"
    elif path.is_dir():
        why = "a folder with this name is already there; rename or remove it"
    elif error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        why = f"{error.strerror or 'No space left on device'}; free some space and build again"
    elif isinstance(error, PermissionError) or error.errno == errno.EROFS:
        why = f"{error.strerror or 'permission denied'}; choose a folder you can write to with -o"
    else:
        why = error.strerror or str(error)
    what = "the HTML page" if path.suffix == ".html" else "the PDF"
    return Problem(f"cannot write {what}: {why}", path)

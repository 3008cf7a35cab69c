"""Build a handout: a loaded topic and a style -> PDF bytes -> a file written atomically."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from . import __version__, caching, layout_cache
from .blocks import BlockError, Context
from .branding import QR_SIZE, Theme
from .errors import HandoutError, Problem
from .flow import Laid, Plan
from .furniture import DoesNotFit, FooterText, band_text, one_line
from .glyphs import missing_fixed_glyphs
from .labels import Labels, labels_for
from .loading import LoadedTopic, fits_one_line
from .models import Callout, Style, Topic
from .pages import HandoutTemplate, PageText
from .placeholders import fill, values_from
from .qr import qr_code
from .story import END, Personal, QrBlock, make_story, render_end_matter
from .yamlfile import Path_


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
    fill_problems: list[tuple[Path_, str]] = field(default_factory=list)  # underfilled pages, by cause


@dataclass(frozen=True)
class Measured:
    """What ``check`` needs of a handout: its pages, and those the page-flow engine could not fill."""

    pages: int
    fill_problems: list[tuple[Path_, str]]


def build_handout(loaded: LoadedTopic, style: Style, options: Options = Options()) -> Built:
    """Lay the topic out with the clinic's branding; return the PDF and its page count."""
    laid, write = _best_layout(loaded, style, options)
    return Built(write(), laid.pages, _fill_problems(laid))


def measure_handout(loaded: LoadedTopic, style: Style, options: Options = Options()) -> Measured:
    """The pages ``build_handout`` would make, laid out the same way but neither drawn nor written."""
    laid, _ = _best_layout(loaded, style, options)
    return Measured(laid.pages, _fill_problems(laid))


def _best_layout(loaded: LoadedTopic, style: Style, options: Options) -> tuple[Laid, Callable[[], bytes]]:
    """The layout the page-flow engine keeps, and the function that draws and writes its PDF."""
    if options.paper:
        style = style.model_copy(update={"paper": options.paper})
    topic = layout_cache.topic_in_style(loaded, style)
    labels = labels_for(topic.language)
    if missing := missing_fixed_glyphs(style, labels, options.personal):
        raise HandoutError(missing)
    theme = layout_cache.theme(style, options.large_print)
    ctx = Context(theme, labels)
    values = values_from(style, topic.language)
    # The large-print edition offers other formats, not itself.
    offer_key = "other_formats" if options.large_print else "large_print"
    offer_key += "" if style.clinic.phone else "_no_phone"
    links = [(url, labels[key]) for url, key in (_first_code(loaded, style), (topic.more_info_url, "more_info")) if url]
    page_text = _page_text(topic, theme, labels, loaded.id)
    if problems := _running_line_problems(loaded, topic, theme, labels):
        raise HandoutError(problems)

    urgent = _first_urgent(topic)

    writers: dict[Plan, Callable[[], bytes]] = {}  # each pass's PDF, written only for the pass kept

    def lay_out(plan: Plan, urgent_on: frozenset[int] | None) -> Laid:
        """One layout pass (flowables are used up by a pass, so each pass makes its own); with
        ``urgent_on``, it stops when the first urgent box starts on another page."""
        spaced = layout_cache.theme(style, options.large_print, plan.spacing)
        pass_ctx = Context(spaced, labels)
        end = render_end_matter(
            topic,
            pass_ctx,
            call=fill(labels["questions_phone"], values)[0] if style.clinic.phone else "",
            offer=fill(labels[offer_key], values)[0] if style.footer.large_print_offer else "",
            disclaimer=fill(style.disclaimer_for(topic.language), values)[0],
            codes=[QrBlock(qr_code(url, QR_SIZE), caption, _short(url)) for url, caption in links],
        )
        pointer = None
        if urgent is not None and plan.pointer_page is not None:
            pointer = labels.format(
                "emergency_pointer", title=urgent, page=plan.pointer_page, emergency_number=values["emergency_number"]
            )
        story = make_story(topic, pass_ctx, end, options.personal, pointer, plan.breaks)
        buffer = io.BytesIO()
        doc = HandoutTemplate(
            buffer,
            pass_ctx.theme,
            page_text,
            title=topic.title,
            author=style.clinic.name,
            subject=topic.subtitle or "",
            creator=f"handouts {__version__}",
            lang=topic.language,
            urgent_on=urgent_on,
        )
        write = doc.build_story(story)
        if write is None:
            return Laid(plan, doc.fills, doc.blocks, doc.urgent_pages, complete=False)
        writers[plan] = lambda: (write(), buffer.getvalue())[1]
        return Laid(plan, doc.fills, doc.blocks, doc.urgent_pages)

    try:
        with caching.private() if options.personal else contextlib.nullcontext():
            laid = layout_cache.best_layout(loaded, style, options, lay_out, urgent is not None)
    except BlockError as error:
        raise HandoutError([loaded.doc.problem(error.path, error.message)]) from None
    except DoesNotFit as error:
        raise HandoutError([Problem(error.message, field=".".join(error.key))]) from None
    except LayoutError:
        raise HandoutError([_too_tall(loaded, topic, ctx, page_text, options.personal)]) from None
    return laid, writers[laid.plan]


def _fill_problems(laid: Laid) -> list[tuple[Path_, str]]:
    """Pages the engine could not fill well, each with the block that caused it."""
    problems = []
    for page in laid.underfilled():
        cause = laid.cause(page)
        if cause is None:
            continue
        if cause == END:
            cause, what = (), "the Questions panel and small print"
        else:
            what = "this block"
        if page == laid.pages:
            why = f"the last page (page {page}) is only {laid.fills[-1]:.0%} used; it holds {what} (or its end)"
        else:
            why = (
                f"page {page} of {laid.pages} is only {laid.fills[page - 1]:.0%} used, because {what} did not "
                "fit below it and starts the next page"
            )
        problems.append((cause, why + "; shorten it, split it, or move it"))
    return problems


def _first_urgent(topic: Topic) -> str | None:
    """The title of the topic's first urgent box, if it has one."""
    from .markup import plain

    for section in topic.sections:
        for block in section.body:
            if isinstance(block, Callout) and block.callout.kind == "urgent":
                return plain(block.callout.title)
    return None


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


def _page_text(topic: Topic, theme: Theme, labels: Labels, topic_id: str) -> PageText:
    style = theme.style
    clinic = style.clinic
    dates = " · ".join(
        [
            labels.format("version", version=topic.version),
            labels.format("reviewed", date=labels.date(topic.reviewed)),
            labels.format("review_due", date=labels.date(topic.review_due_date)),
        ]
    )
    code = style.footer.leaflet_code.replace("{id}", topic_id) if style.footer.leaflet_code else None
    return PageText(
        title=one_line(topic.title),
        band=band_text(theme, clinic.tagline_for(topic.language) or ""),
        footer=FooterText(
            clinic=one_line(clinic.name),
            contact=one_line(" · ".join(line for line in (clinic.phone, clinic.website) if line)),
            dates=one_line(" · ".join(p for p in (style.footer.extra_line_for(topic.language), code, dates) if p)),
            page_label=labels["page"].split("{pages}")[0],
            turn_over=labels["turn_over"],
        ),
    )


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
    _fill_and_rename(*_start_writing(path), path, data)


class Syncing:
    """``write_atomically`` with the wait for the disk (fsync and rename, ~6 ms a file here) in a
    thread, so a batch worker builds its next handout meanwhile; the same steps, so the same
    guarantees. ``finish`` waits for every file and returns the problems of those not written."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="handouts-sync")
        self._pending: list[tuple[Path, Any]] = []

    def write(self, path: Path, data: bytes) -> None:
        handle, temporary = _start_writing(path)  # in this thread: a signal handler must know the file
        self._pending.append((path, self._thread.submit(_fill_and_rename, handle, temporary, path, data)))

    def finish(self) -> dict[Path, list[Problem]]:
        failed: dict[Path, list[Problem]] = {}
        for path, done in self._pending:
            try:
                done.result()
            except HandoutError as error:
                failed[path] = error.problems
        self._pending.clear()
        return failed


def _start_writing(path: Path) -> tuple[int, Path]:
    """The folder made and a new temporary file beside ``path`` open, noted for clean-up."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        return _create_beside(path)
    except OSError as error:
        raise HandoutError([_write_problem(path, error)]) from None


def _fill_and_rename(handle: int, temporary: Path, path: Path, data: bytes) -> None:
    """Write ``data``, sync it to disk and rename the temporary file to ``path``; on any failure
    the temporary file is removed."""
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
    finally:
        _IN_PROGRESS.discard(temporary)


# Temporary files being written by this process, for a signal handler that must exit at once.
_IN_PROGRESS: set[Path] = set()
# ".<name>.handouts-<pid>-<random>.tmp": ours, and whose, so a later run can tell a leftover.
_TEMPORARY = re.compile(r"^\..+\.handouts-(?P<pid>\d+)-[0-9a-f]{8}\.tmp$")
STALE_SECONDS = 3600


def remove_temporaries_in_progress() -> None:
    """Remove this process's unfinished temporary files (from a signal handler, before exiting)."""
    for temporary in list(_IN_PROGRESS):
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files a killed build left in ``folder`` (``kill -9`` runs no clean-up):
    those of a process that is gone, or older than an hour. Another build's live file stays."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            old = time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            if old or not _alive(int(match["pid"])):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or sys.platform == "win32":  # on Windows os.kill would end the process
        return True  # there, only age tells a leftover
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's process: leave its file alone
    return True


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, empty hidden file in ``path``'s folder, with the permissions any new file gets
    (``tempfile.mkstemp`` would make it readable by its owner only), noted for clean-up."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.handouts-{os.getpid()}-{secrets.token_hex(4)}.tmp")
        # Noted before it exists: a signal that arrives just after the file is made finds it noted.
        _IN_PROGRESS.add(temporary)
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            _IN_PROGRESS.discard(temporary)
            continue
        except BaseException:
            _IN_PROGRESS.discard(temporary)
            raise
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

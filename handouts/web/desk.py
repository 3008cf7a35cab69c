"""What the front desk does with a handout: build it, preview it, hand it over, print it.

The work itself is the library's (``build_handout``, ``print_handouts``): this module only picks
the files from the choices on the page and keeps built handouts for the next request.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .. import clock, library, load_cache
from ..batch import Job, load, plan
from ..build import Built, Options, build_handout, output_file_name
from ..errors import HandoutError, Problem, did_you_mean
from ..loading import LoadedTopic, picture_paths
from ..markup import plain
from ..models import Style
from ..packet import combine
from ..printing import Printed, Printers, list_printers, print_handouts, print_packet
from ..story import Personal
from .catalogue import Catalogue, language_name, read_catalogue, read_style, read_topic
from .config import DeskConfig

PAPERS = ("letter", "a4")
PREVIEW_WIDTH_PX = 816  # a Letter page at 96 dpi: sharp at the preview's size, small enough to send quickly
_KEPT_PDFS = 48
_KEPT_PREVIEWS = 96

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Choice:
    """One handout as chosen on the page (never anything about the patient)."""

    topic: str
    language: str = ""  # "" is the topic's own language
    large_print: bool = False
    style: str = ""  # "" is the first style the desk was started with
    paper: str = ""  # "" is the style's paper

    def query(self) -> dict[str, str]:
        """The choices as URL parameters (the same names ``GET /topics/<id>.pdf`` takes)."""
        values = {
            "lang": self.language,
            "edition": "large" if self.large_print else "",
            "style": self.style,
            "paper": self.paper,
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class Handover:
    """A built handout, packet or web page ready to hand over: its bytes and the file name to save it as."""

    data: bytes
    file_name: str


def _taking_turns(method: F) -> F:
    """Run ``method`` while holding the desk's turn (see ``Desk.__init__``)."""

    @functools.wraps(method)
    def wrapper(self: Desk, *args: Any, **kwargs: Any) -> Any:
        with self._turn:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


class Desk:
    """One front desk: its settings, and the non-personal handouts and previews built so far."""

    def __init__(self, config: DeskConfig, today: Callable[[], dt.date] = clock.today) -> None:
        self.config = config
        self.today = today
        # ReportLab keeps its fonts in module globals (and svglib registers them again while a
        # picture is checked or drawn, which changed the bytes of a handout being laid out in
        # another thread), and PDFium is not thread-safe: so the server's threads take turns at
        # all reading, laying out and rendering. Each is quick (tens of ms) and Python runs one
        # thread at a time anyway, so this costs little and rules out races.
        self._turn = threading.RLock()
        self._pdfs: OrderedDict[Hashable, Built] = OrderedDict()
        self._previews: OrderedDict[Hashable, bytes] = OrderedDict()

    # ----- reading -----

    @_taking_turns
    def catalogue(self) -> Catalogue:
        return read_catalogue(self.config.topics_dir, self.today())

    def topic_files(self, topic_id: str) -> library.TopicFiles:
        """The topic's files by id (never a path: the desk only offers its own folder)."""
        if "/" in topic_id or "\\" in topic_id or topic_id.endswith((".yaml", ".yml")):
            raise HandoutError([Problem(f"unknown topic '{topic_id}'")])
        return library.find_topic(topic_id, self.config.topics_dir)

    @_taking_turns
    def languages(self, topic_id: str) -> list[str]:
        """The topic's own language first, then its translations."""
        files = self.topic_files(topic_id)
        assert files.source is not None
        return [read_topic(files.source).topic.language, *files.languages()]

    @_taking_turns
    def job(self, choice: Choice) -> Job:
        self.topic_files(choice.topic)
        languages = [choice.language] if choice.language else None
        return plan([choice.topic], False, self.config.topics_dir, languages, [choice.large_print])[0]

    @_taking_turns
    def loaded(self, choice: Choice) -> LoadedTopic:
        return load(self.job(choice), read_topic)

    @_taking_turns
    def style(self, name: str) -> Style:
        return read_style(self.style_name(name), self.config.styles_dir)

    def style_name(self, name: str) -> str:
        offered = self.config.style_names
        if not name:
            return offered[0]
        if name not in offered:
            hint = did_you_mean(name, list(offered))
            raise HandoutError([Problem(f"unknown style '{name}'; " + (hint or f"styles: {', '.join(offered)}"))])
        return name

    def paper(self, choice: Choice) -> str | None:
        if choice.paper and choice.paper not in PAPERS:
            raise HandoutError([Problem(f"unknown paper '{choice.paper}'; papers: {', '.join(PAPERS)}")])
        return choice.paper or None

    # ----- building -----

    @_taking_turns
    def handout(self, choice: Choice) -> tuple[Built, Handover]:
        """The non-personal handout, byte for byte what ``handouts build`` writes for the same choices."""
        job, style = self.job(choice), self.style(choice.style)
        loaded = load(job, read_topic)
        options = Options(paper=self.paper(choice), large_print=choice.large_print)
        key = (_fingerprint(loaded, style), options)
        built = self._kept(self._pdfs, key, _KEPT_PDFS, lambda: build_handout(loaded, style, options))
        assert job.file is not None
        return built, Handover(built.pdf, output_file_name(job.file, choice.large_print))

    @_taking_turns
    def web_page(self, choice: Choice) -> Handover:
        """The HTML edition, byte for byte what ``handouts build --format html`` writes."""
        from ..html import build_html

        job, style = self.job(choice), self.style(choice.style)
        options = Options(paper=self.paper(choice), large_print=choice.large_print)
        page = build_html(load(job, read_topic), style, options)
        assert job.file is not None
        return Handover(page, output_file_name(job.file, choice.large_print, "html"))

    @_taking_turns
    def preview(self, choice: Choice, page: int) -> bytes:
        """Page ``page`` (from 1) of the non-personal handout as a JPEG picture."""
        built, _ = self.handout(choice)
        if not 1 <= page <= built.pages:
            raise HandoutError([Problem(f"the handout has {built.pages} pages; there is no page {page}")])
        key = (built.pdf, page)
        return self._kept(self._previews, key, _KEPT_PREVIEWS, lambda: _render_page(built.pdf, page))

    @_taking_turns
    def personal(self, choices: list[Choice], personal: Personal) -> Handover:
        """The handouts with a "Prepared for" box, built in memory and kept nowhere."""
        pdfs: list[bytes] = []
        names: list[str] = []
        for choice in choices:
            job, style = self.job(choice), self.style(choice.style)
            loaded = load(job, read_topic)
            options = Options(paper=self.paper(choice), large_print=choice.large_print, personal=personal or None)
            pdfs.append(build_handout(loaded, style, options).pdf)
            assert job.file is not None
            names.append(output_file_name(job.file, choice.large_print))
        if len(pdfs) == 1:
            return Handover(pdfs[0], names[0])
        return Handover(combine(pdfs, sheet_per_handout=False)[0], "packet.pdf")

    @_taking_turns
    def _kept(self, kept: OrderedDict[Hashable, T], key: Hashable, room: int, make: Callable[[], T]) -> T:
        """``make()``, or what it gave last time for the same key (the least recently used go first)."""
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
        value = make()
        kept[key] = value
        while len(kept) > room:
            kept.popitem(last=False)
        return value

    # ----- printing -----

    def printers(self) -> Printers:
        return list_printers()

    def preferred_printer(self, choice: Choice, printers: Printers) -> str | None:
        """``--printer``, else the style's printer, else the print service's default."""
        wanted = self.config.printer
        if wanted is None:
            try:
                wanted = self.style(choice.style).printer
            except HandoutError:
                wanted = None
        for name in printers.names:
            if wanted and name.lower() == wanted.lower():
                return name
        return printers.default

    @_taking_turns
    def print(
        self, choices: list[Choice], personal: Personal, *, printer: str, copies: int, one_sided: bool
    ) -> list[Printed]:
        """Send the handouts to CUPS as ``handouts print`` does; several go as one job (a packet)."""
        first = choices[0]
        style, paper = self.style(first.style), self.paper(first)
        jobs = [self.job(choice) for choice in choices]
        send = print_handouts if len(jobs) == 1 else print_packet
        return list(
            send(
                jobs,
                style,
                printer=printer or None,
                copies=copies,
                one_sided=one_sided,
                paper=paper,
                personal=personal or None,
                load_topic=read_topic,
            )
        )

    @_taking_turns
    def record(self, choice: Choice) -> str:
        """A patient-free line for the clinic's own records: which handout, which edition, when."""
        topic = self.loaded(choice).topic
        edition = "large print" if choice.large_print else "standard print"
        return (
            f"Handout given: {plain(topic.title)} ({choice.topic}), version {topic.version}, "
            f"{language_name(topic.language)}, {edition}, reviewed {topic.reviewed.isoformat()}, "
            f"given {self.today().isoformat()}"
        )


def _fingerprint(loaded: LoadedTopic, style: Style) -> Hashable:
    """What a built handout depends on: the topic and style as read, and the files they name."""
    files: list[Path] = [path for _, path in picture_paths(loaded.topic)]
    if style.logo is not None:
        files.append(style.logo)
    if style.font is not None:
        files += [path for path in (style.font.regular, style.font.bold) if path is not None]
    return (loaded.file, loaded.topic.model_dump_json(), style.model_dump_json(), load_cache.stamps(files))


def _render_page(pdf: bytes, page: int) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        sheet = document[page - 1]
        picture = sheet.render(scale=PREVIEW_WIDTH_PX / sheet.get_width()).to_pil()
        buffer = io.BytesIO()
        # JPEG at high quality without colour subsampling keeps small text crisp, and is made in a
        # third of the time PNG needs (the page is a picture of text: PNG compression is slow on it).
        picture.convert("RGB").save(buffer, "JPEG", quality=90, subsampling=0)
        return buffer.getvalue()
    finally:
        document.close()

"""Page furniture: the header band of page 1, the running header of later pages and the footer.

Each piece is measured first (``first_header``, ``running_header``, ``footer``: text sizes, line
breaks and positions, all from font metrics) and then drawn by ``draw`` from that measurement, so
what is checked is exactly what is printed. Text that does not fit wraps or shrinks down to a
floor; below the floor the measurement raises ``DoesNotFit`` naming the style key to shorten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import Color, white
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .branding import Theme

PAGE_COUNT_FORM = "handouts-page-count"
TURN_OVER_FORM = "handouts-turn-over"
Key = tuple[str, ...]


class DoesNotFit(Exception):
    """Style text that cannot fit its place even at the smallest size allowed."""

    def __init__(self, key: Key, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


@dataclass(frozen=True)
class BandText:
    """The clinic's words in the header band, each with the style key it comes from."""

    name: str
    tagline: str
    contacts: list[tuple[Key, str]]  # phone, website, email, address (in this order, when set)


@dataclass(frozen=True)
class Run:
    """One line of text at a measured place (x is the left end, or the right end when right-aligned)."""

    text: str
    font: str
    size: float
    x: float
    y: float
    color: Color
    right: bool = False
    form: str | None = None  # drawn as this form (text known only when the document ends) instead

    @property
    def width(self) -> float:
        return float(stringWidth(self.text, self.font, self.size))

    @property
    def left(self) -> float:
        return self.x - self.width if self.right else self.x


@dataclass(frozen=True)
class Logo:
    file: Path
    x: float
    y: float
    width: float
    height: float
    tile: tuple[float, float, float, float] | None  # a white tile behind it (x, y, w, h), on a band


@dataclass(frozen=True)
class Piece:
    """A measured header or footer: its box, what fills it, and what is printed in it."""

    x: float
    y: float
    width: float
    height: float
    fill: Color | None
    rules: list[tuple[float, float, float, float, float, Color]] = field(default_factory=list)  # x1 y1 x2 y2 w
    runs: list[Run] = field(default_factory=list)
    logo: Logo | None = None


def _width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


def _sizes(largest: float, floor: float) -> list[float]:
    """Sizes to try, largest first, in half points down to the floor."""
    steps = int((largest - floor) * 2)
    return [largest - n / 2 for n in range(steps + 1)] or [floor]


def _wrap(
    text: str, font: str, size: float, room: float, most: int | None = None, between: str = " "
) -> list[str] | None:
    """``text`` broken where ``between`` stands (at spaces unless told) into at most ``most``
    lines no wider than ``room``; None when a piece alone is too wide or it takes more lines."""
    lines: list[str] = []
    for piece in text.split(between) if between != " " else text.split():
        if lines and _width(f"{lines[-1]}{between}{piece}", font, size) <= room:
            lines[-1] += f"{between}{piece}"
        elif _width(piece, font, size) <= room:
            lines.append(piece)
        else:
            return None
    return lines if most is None or len(lines) <= most else None


def _floors(theme: Theme) -> tuple[float, float, float, float]:
    """(name size, name floor, small size, small floor) of the page-1 band."""
    if theme.large_print:
        return 24.0, 14.0, 14.0, 14.0
    return 18.0, 9.0, 10.0, 9.0


def band_height(theme: Theme) -> float:
    """The page-1 header's height before its text asks for more."""
    return float((27 if theme.large_print else 21) * mm)


def first_header(theme: Theme, text: BandText) -> Piece:
    """The page-1 header: logo, clinic name and tagline on one side, contact lines on the other."""
    style = theme.style
    layout = style.header.layout
    pad = 3.5 * mm
    x, width = theme.left, theme.band_width
    on_band = layout != "rule"
    ink = theme.on_primary if on_band else theme.text
    name_ink = theme.on_primary if on_band else theme.heading_color
    # Logo: its height from the style, else the band's inner height.
    logo_h = style.logo_height_mm * mm if style.logo_height_mm else band_height(theme) - 2 * pad
    logo_w = 0.0
    if style.logo is not None:
        from . import picture_cache

        pixel_w, pixel_h = picture_cache.pixel_size(style.logo)
        logo_w = min(logo_h * pixel_w / pixel_h, width * 0.3)
        logo_h = logo_w * pixel_h / pixel_w
    tile_pad = pad * 0.6 if layout == "band" else pad
    logo_room = logo_w + 2 * tile_pad + pad if style.logo is not None else 0.0
    inner_left, inner_right = x + pad * (1.5 if on_band else 0), x + width - pad * (1.5 if on_band else 0)
    if style.logo_position == "left":
        inner_left += logo_room
    else:
        inner_right -= logo_room
    room = inner_right - inner_left
    try:
        words = _arrange(theme, text, room, side_by_side=True, pad=pad)
    except DoesNotFit:
        # Too wide side by side (large print, a long email): contact lines go under the name.
        words = _arrange(theme, text, room, side_by_side=False, pad=pad)
    name_lead, small_lead = words.name_size * 1.15, words.contact_size * 1.3
    left_lines = [(line, theme.bold_font, words.name_size, name_lead, name_ink) for line in words.name_lines]
    left_lines += [(line, theme.font, words.contact_size, small_lead, ink) for line in words.tagline_lines]
    right_lines = [(line, theme.font, words.contact_size, small_lead, ink) for _, line in words.contacts]
    if not words.side_by_side:
        left_lines, right_lines = left_lines + right_lines, []
    left_h = sum(line[3] for line in left_lines)
    right_h = sum(line[3] for line in right_lines)
    height = max(band_height(theme), left_h + 2 * pad, right_h + 2 * pad, logo_h + 2 * tile_pad)
    y = theme.page_size[1] - theme.margin - height
    runs: list[Run] = []
    # Each text block sits centred on the band's middle line; baselines from each line's top.
    for lines, at, right in ((left_lines, inner_left, False), (right_lines, inner_right, True)):
        top = y + height / 2 + sum(line[3] for line in lines) / 2
        for line, font, size, lead, color in lines:
            top -= lead
            runs.append(Run(line, font, size, at, top + lead * 0.24, color, right=right))
    logo = None
    if style.logo is not None:
        tile_w, tile_h = logo_w + 2 * tile_pad, (height if layout == "panel" else logo_h + 2 * tile_pad)
        tile_x = x if style.logo_position == "left" else x + width - tile_w
        if layout == "band":
            tile_x += pad * 0.6 if style.logo_position == "left" else -pad * 0.6
        tile_y = y + (height - tile_h) / 2
        logo = Logo(
            style.logo,
            tile_x + tile_pad,
            y + (height - logo_h) / 2,
            logo_w,
            logo_h,
            (tile_x, tile_y, tile_w, tile_h) if on_band else None,
        )
    rules = [] if on_band else [(x, y, x + width, y, 2.0, theme.primary)]
    return Piece(x, y, width, height, theme.primary if on_band else None, rules, runs, logo)


@dataclass(frozen=True)
class Arrangement:
    """The band's words broken into lines at their sizes; contacts beside the name or under it."""

    name_lines: list[str]
    name_size: float
    tagline_lines: list[str]
    contacts: list[tuple[Key, str]]
    contact_size: float
    side_by_side: bool


def _arrange(theme: Theme, text: BandText, room: float, *, side_by_side: bool, pad: float) -> Arrangement:
    name_size, name_floor, small, small_floor = _floors(theme)
    contacts, contact_size = _contact_lines(theme, text, small, small_floor, room * 0.48 if side_by_side else room)
    contact_w = max((_width(line, theme.font, contact_size) for _, line in contacts), default=0.0)
    name_room = room - contact_w - pad * 2 if side_by_side and contacts else room
    name_lines, name_size = _name_lines(theme, text, name_size, name_floor, name_room)
    tagline_lines: list[str] = []
    if text.tagline:
        wrapped = _wrap(text.tagline, theme.font, contact_size, name_room, 2)
        if wrapped is None:
            raise DoesNotFit(
                ("clinic", "tagline"),
                f"too long for the header band ({len(text.tagline)} characters) even on two lines at "
                f"{contact_size:g} pt; shorten it",
            )
        tagline_lines = wrapped
    return Arrangement(name_lines, name_size, tagline_lines, contacts, contact_size, side_by_side)


def _contact_lines(
    theme: Theme, text: BandText, size: float, floor: float, room: float
) -> tuple[list[tuple[Key, str]], float]:
    """Contact lines at the largest size where each fits ``room``: website and email share a line
    when both fit on it, the address is broken at its commas when it must be."""
    for attempt in _sizes(size, floor):
        lines = _join_contacts(theme, text.contacts, attempt, room)
        if all(_width(line, theme.font, attempt) <= room for _, line in lines):
            return lines, attempt
    lines = _join_contacts(theme, text.contacts, floor, room)
    key, line = max(lines, key=lambda item: _width(item[1], theme.font, floor))
    fit = int(len(line) * room / _width(line, theme.font, floor))
    raise DoesNotFit(key, f"too long for the header band ({len(line)} characters where about {fit} fit); shorten it")


def _join_contacts(theme: Theme, contacts: list[tuple[Key, str]], size: float, room: float) -> list[tuple[Key, str]]:
    """Fewest lines: phone, website and email share lines (" · ") where they fit; the address
    goes on its own line(s), broken at its commas when it must be."""
    address: Key = ("clinic", "address")
    lines: list[tuple[Key, str]] = []
    for key, value in contacts:
        for part in value.split(", ") if key == address else [value]:
            last_key, last = lines[-1] if lines else (None, "")
            glue = ", " if key == last_key == address else " · "
            joins = last_key is not None and (last_key == address) == (key == address)
            if joins and _fits(f"{last}{glue}{part}", theme, size, room):
                lines[-1] = (key, f"{last}{glue}{part}")
            else:
                lines.append((key, part))
    return lines


def _fits(text: str, theme: Theme, size: float, room: float) -> bool:
    return _width(text, theme.font, size) <= room


def _name_lines(theme: Theme, text: BandText, size: float, floor: float, room: float) -> tuple[list[str], float]:
    """The clinic name on one line as large as fits, else two lines; never below the floor."""
    if not text.name:
        return [], size
    for lines_allowed in (1, 2):
        for attempt in _sizes(size, max(floor, size * 0.6) if lines_allowed == 1 else floor):
            wrapped = _wrap(text.name, theme.bold_font, attempt, room, lines_allowed)
            if wrapped is not None:
                return wrapped, attempt
    raise DoesNotFit(
        ("clinic", "name"),
        f"too long for the header band ({len(text.name)} characters) even on two lines at {floor:g} pt "
        "beside the contact details; shorten it (or set header.show_clinic_name: false when the logo says it)",
    )


def running_height(theme: Theme) -> float:
    return float((13 if theme.large_print else 11) * mm)


def running_header(theme: Theme, clinic: str, title: str) -> Piece:
    """Pages 2 and on: a slim band (or rule) with the clinic's name and the handout's title.

    The title is what the reader needs; when both do not fit, the name shrinks, then goes.
    """
    layout = theme.style.header.layout
    x, width, height = theme.left, theme.band_width, running_height(theme)
    y = theme.page_size[1] - theme.margin - height
    on_band = layout != "rule"
    ink = theme.on_primary if on_band else theme.text
    inset = height * 0.4 if on_band else 0.0
    size = theme.footer_size + 1
    baseline = y + height / 2 - size * 0.35
    room = width - 2 * inset
    title_w = _width(title, theme.font, size)
    gap = size * 2
    name_size = next((s for s in _sizes(size, 8) if _width(clinic, theme.bold_font, s) + gap + title_w <= room), None)
    # Drawn left to right (text tools read a line in the order it was drawn).
    runs = [Run(clinic, theme.bold_font, name_size, x + inset, baseline, ink)] if clinic and name_size else []
    runs.append(Run(title, theme.font, size, x + width - inset, baseline, ink, right=True))
    rules = [] if on_band else [(x, y, x + width, y, 1.0, theme.primary)]
    return Piece(x, y, width, height, theme.primary if on_band else None, rules, runs)


@dataclass(frozen=True)
class FooterText:
    clinic: str
    contact: str
    dates: str
    page_label: str  # "Page {page} of " (the count is a form drawn after it)
    turn_over: str


def footer_height(theme: Theme, lines: int = 2) -> float:
    return theme.footer_size * (1.25 + 1.35 * lines)


def footer(theme: Theme, text: FooterText, page: int) -> Piece:
    """Lines under a rule: clinic and contact | ("Please turn over" on page 1) "Page x of y"; then the
    dates and codes, broken at their dots when they do not fit one line. Every page's footer has
    page 1's height."""
    size = theme.footer_size
    x, width = theme.left, theme.band_width
    label = text.page_label.format(page=page)
    count_w = _width("00", theme.bold_font, size)
    label_x = x + width - count_w - _width(label, theme.bold_font, size)
    turn_over = f"{text.turn_over}  ·  "
    turn_x = label_x - _width(turn_over, theme.bold_font, size)
    # What does not fit beside "Page x of y" leads the lines below it: the contact details, then the name.
    name, contact, rest = text.clinic, text.contact, text.dates
    room = turn_x - x - size
    if _width(f"{name} · {contact}", theme.bold_font, size) > room:
        contact, rest = "", " · ".join(p for p in (contact, rest) if p)
    if _width(name, theme.bold_font, size) > room:
        name, rest = "", f"{name} · {rest}"
    dates = _wrap(rest, theme.font, size, width, between=" · ")
    if dates is None:
        key = ("footer", "extra_line") if text.clinic not in rest else ("clinic", "name")
        raise DoesNotFit(key, "too long for one line of the footer; shorten it")
    height = footer_height(theme, 1 + len(dates))
    y = theme.margin
    top = y + height - size * 0.5
    first = top - size * 1.6
    runs = [Run(name, theme.bold_font, size, x, first, theme.text)]
    if contact:
        after = x + _width(name, theme.bold_font, size)
        runs.append(Run(f" · {contact}", theme.font, size, after, first, theme.text))
    if page == 1:
        runs.append(Run("", theme.bold_font, size, turn_x, first, theme.text, form=TURN_OVER_FORM))
    runs.append(Run(label, theme.bold_font, size, label_x, first, theme.text))
    count_x = label_x + _width(label, theme.bold_font, size)
    runs.append(Run("", theme.bold_font, size, count_x, first, theme.text, form=PAGE_COUNT_FORM))
    for n, line in enumerate(dates):
        runs.append(Run(line, theme.font, size, x, first - size * 1.35 * (n + 1), theme.text))
    return Piece(x, y, width, height, None, [(x, top, x + width, top, 0.8, theme.primary)], runs)


def draw(canvas: Canvas, piece: Piece, theme: Theme) -> None:
    canvas.saveState()
    if piece.fill is not None:
        canvas.setFillColor(piece.fill)
        canvas.roundRect(piece.x, piece.y, piece.width, piece.height, 2.5, stroke=0, fill=1)
    for x1, y1, x2, y2, weight, color in piece.rules:
        canvas.setStrokeColor(color)
        canvas.setLineWidth(weight)
        canvas.line(x1, y1, x2, y2)
    if piece.logo is not None:
        draw_logo(canvas, piece.logo)
    for run in piece.runs:
        if run.form is not None:
            canvas.saveState()
            canvas.translate(run.x, run.y)
            canvas.doForm(run.form)
            canvas.restoreState()
            continue
        canvas.setFillColor(run.color)
        canvas.setFont(run.font, run.size)
        canvas.drawString(run.left, run.y, run.text)
    canvas.restoreState()


def draw_logo(canvas: Canvas, logo: Logo) -> None:
    """The logo at its measured place, on its white tile when it has one (any logo reads on any band)."""
    from . import picture_cache

    if logo.tile is not None:
        canvas.setFillColor(white)
        canvas.roundRect(*logo.tile, 2, stroke=0, fill=1)
    picture_cache.draw(canvas, logo.file, logo.x, logo.y, logo.width, logo.height, None)


def define_forms(canvas: Canvas, theme: Theme, turn_over: str) -> None:
    """Once the last page is done: the page count every footer shows, and "Please turn over" on
    page 1 when there is a page 2 (a one-page handout has nothing over the page)."""
    pages = canvas.getPageNumber() - 1
    canvas.beginForm(PAGE_COUNT_FORM)
    canvas.setFillColor(theme.text)
    canvas.setFont(theme.bold_font, theme.footer_size)
    canvas.drawString(0, 0, str(pages))
    canvas.endForm()
    canvas.beginForm(TURN_OVER_FORM)
    if pages > 1:
        canvas.setFillColor(theme.text)
        canvas.setFont(theme.bold_font, theme.footer_size)
        canvas.drawString(0, 0, f"{turn_over}  ·  ")
    canvas.endForm()


def frame_height(theme: Theme) -> float:
    """Height of the text area on a page after the first (the smaller of the two)."""
    return float(
        theme.page_size[1] - 2 * theme.margin - running_height(theme) - footer_height(theme, 3) - theme.body_size
    )


def band_text(theme: Theme, tagline: str) -> BandText:
    """The band's words from the style: the name (unless hidden), the tagline (unless hidden), contacts."""
    style = theme.style
    clinic = style.clinic
    contacts: list[tuple[Key, str]] = []
    for key, value in (("phone", clinic.phone), ("website", clinic.website), ("email", clinic.email)):
        if value:
            contacts.append((("clinic", key), one_line(value)))
    if style.header.show_address and clinic.address:
        contacts.append((("clinic", "address"), one_line(", ".join(clinic.address))))
    return BandText(
        name=one_line(clinic.name) if style.header.show_clinic_name else "",
        tagline=one_line(tagline) if style.header.show_tagline else "",
        contacts=contacts,
    )


def one_line(text: str) -> str:
    """Text drawn on one line (header and footer): each run of whitespace, a line break or tab
    included, becomes one space, as in a paragraph (drawn as it is, a line break prints as a box),
    and soft hyphens go (they mark where a word may break; a single line never breaks)."""
    return " ".join(text.replace("\xad", "").split())

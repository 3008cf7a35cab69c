"""The validated shape of topic and style files. Past loading, code trusts these."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag

HexColor = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", examples=["#1F5A8C"])]
HttpsUrl = Annotated[str, Field(pattern=r"^https://[^\s/$.?#][^\s]*$", examples=["https://example.org/book"])]
Text = Annotated[str, Field(min_length=1)]
TextList = Annotated[list[Text], Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# ----- blocks: each is a mapping with exactly one key, the block type -----


class Paragraph(Model):
    text: Text
    """A paragraph. **Bold** is the only markup."""


class Bullets(Model):
    bullets: TextList
    """A bulleted list."""


class Steps(Model):
    steps: TextList
    """Numbered steps, for actions the reader takes in order."""


class Checklist(Model):
    checklist: TextList
    """Items with an empty tick box in front, for the reader to tick."""


class CalloutBody(Model):
    kind: Literal["urgent", "warning", "tip", "info"] = "info"
    """How loud the box is: urgent (get help now), warning, tip or info."""
    title: Text
    """The bold first line of the box."""
    text: Text | None = None
    """A paragraph inside the box."""
    bullets: list[Text] = []
    """A bulleted list inside the box."""


class Callout(Model):
    callout: CalloutBody
    """A boxed message: for urgent signs, warnings and tips."""


class NotesBody(Model):
    label: Text | None = None
    """The label above the lines (default: "Notes")."""
    lines: int = Field(4, ge=1, le=20)
    """How many ruled lines to print (1 to 20)."""


class Notes(Model):
    notes: NotesBody
    """Ruled lines for the clinician or patient to write on."""


Percent = Annotated[str, Field(pattern=r"^(100|[1-9][0-9])%$", examples=["60%"])]


class ImageBody(Model):
    file: Path
    """The picture: PNG, JPEG or SVG, path relative to the topic file."""
    alt: Text
    """What the picture shows, in words: read aloud by screen readers and kept in the PDF's text."""
    caption: Text | None = None
    """Printed under the picture."""
    width: Percent = "60%"
    """Share of the text column's width, 10% to 100%."""
    beside: list[Text] = []
    """Paragraphs printed to the left of the picture (then the picture sits on the right)."""


class Image(Model):
    image: ImageBody
    """A picture with its caption, kept together on one page."""


class ExerciseBody(Model):
    name: Text
    """The exercise's name, printed in bold."""
    image: Path | None = None
    """A picture of the exercise (PNG, JPEG or SVG), path relative to the topic file."""
    alt: Text | None = None
    """What the picture shows (default: the exercise's name)."""
    steps: TextList
    """How to do it, as numbered steps."""
    dose: Text
    """How often, e.g. "10 times, twice a day"; printed in bold."""
    stop_if: Text
    """When to stop, e.g. "it hurts more than a gentle stretch"."""


class Exercise(Model):
    exercise: ExerciseBody
    """An illustrated exercise card: picture beside numbered steps, never split across pages."""


class FigureItem(Model):
    file: Path
    """The picture (PNG, JPEG or SVG), path relative to the topic file."""
    alt: Text
    """What the picture shows, in words."""
    caption: Text
    """Printed under the picture."""


class FigureRow(Model):
    figure_row: Annotated[list[FigureItem], Field(min_length=2, max_length=3)]
    """Two or three small pictures side by side, each with a caption."""


BLOCK_TYPES: dict[str, type[Model]] = {
    "text": Paragraph,
    "bullets": Bullets,
    "steps": Steps,
    "checklist": Checklist,
    "callout": Callout,
    "notes": Notes,
    "image": Image,
    "exercise": Exercise,
    "figure_row": FigureRow,
}
TAG_PREFIX = "block:"


def _block_tag(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        key = str(next(iter(value)))
        if key in BLOCK_TYPES:
            return TAG_PREFIX + key
    if isinstance(value, BaseModel):
        return TAG_PREFIX + str(next(iter(type(value).model_fields)))
    return None


def _paragraph_shorthand(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


Block = Annotated[
    Annotated[Paragraph, Tag(TAG_PREFIX + "text")]
    | Annotated[Bullets, Tag(TAG_PREFIX + "bullets")]
    | Annotated[Steps, Tag(TAG_PREFIX + "steps")]
    | Annotated[Checklist, Tag(TAG_PREFIX + "checklist")]
    | Annotated[Callout, Tag(TAG_PREFIX + "callout")]
    | Annotated[Notes, Tag(TAG_PREFIX + "notes")]
    | Annotated[Image, Tag(TAG_PREFIX + "image")]
    | Annotated[Exercise, Tag(TAG_PREFIX + "exercise")]
    | Annotated[FigureRow, Tag(TAG_PREFIX + "figure_row")],
    Discriminator(
        _block_tag,
        custom_error_type="unknown_block",
        custom_error_message="unknown block type",
    ),
    # Editors are told that a plain string is a block too (a paragraph).
    BeforeValidator(
        _paragraph_shorthand,
        json_schema_input_type=Text
        | Paragraph
        | Bullets
        | Steps
        | Checklist
        | Callout
        | Notes
        | Image
        | Exercise
        | FigureRow,
    ),
]


class Section(Model):
    heading: Text
    """The section heading: say something ("Most flat feet need no treatment"), not just a label."""
    body: Annotated[list[Block], Field(min_length=1)]
    """Blocks in order: a plain string is a paragraph; otherwise one of text, bullets, steps,
    checklist, callout, notes, image, exercise, figure_row."""


class SourceRef(Model):
    title: Text
    """Title of the source."""
    publisher: Text | None = None
    """Who published it (NICE, NHS, a journal)."""
    year: str | None = None
    """Year of publication or last update."""
    url: HttpsUrl | None = None
    """A web address you are certain of (https:// only)."""


def _text_or_mapping(value: Any) -> str:
    return "mapping" if isinstance(value, (dict, BaseModel)) else "text"


Source = Annotated[
    Annotated[Text, Tag("text")] | Annotated[SourceRef, Tag("mapping")],
    Discriminator(_text_or_mapping),
]

# The locales handouts knows words for: handouts/locales/<code>.yaml (a test keeps the two in step).
# en-US and es-US (neutral Latin American Spanish) for US clinics; en-GB and es-GB for UK clinics.
Locale = Literal["en-US", "en-GB", "es-US", "es-GB"]
WordName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", examples=["store"])]

PerLanguage = Annotated[
    Annotated[Text, Tag("text")] | Annotated[dict[str, Text], Tag("mapping")],
    Discriminator(_text_or_mapping),
]
"""Text for every language, or a mapping of language code to text."""


def text_for(value: str | dict[str, str], language: str) -> str:
    """The text of a ``PerLanguage`` value for ``language`` (es-MX -> es -> en -> the first one)."""
    if isinstance(value, str):
        return value
    base = language.split("-")[0]
    return value.get(language) or value.get(base) or value.get("en") or next(iter(value.values()), "")


class Topic(Model):
    """A patient-education topic: topics/<id>.yaml (translations: <id>.<lang>.yaml)."""

    title: Text
    """The handout's title, and the PDF title."""
    subtitle: Text | None = None
    """One line under the title saying what the handout is for."""
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    """BCP 47 language code, e.g. en or es."""
    version: Text = "1.0"
    """Version of the text; quote it ("1.0")."""
    translation_of: Text | None = None
    """For a translation: the version of the source topic it follows."""
    reviewed: dt.date
    """Date of the last clinical review (YYYY-MM-DD)."""
    review_due: dt.date | None = None
    """Date the next review is due (default: two years after reviewed)."""
    max_pages: int = Field(2, ge=1, le=20)
    """Page budget: check fails a handout that needs more pages."""
    max_pages_large: int = Field(4, ge=1, le=40)
    """Page budget of the large-print edition."""
    more_info_url: HttpsUrl | None = None
    """A web page with more about this topic (https://); printed with a QR code."""
    reading_grade_max: float | None = Field(None, ge=1, le=16)
    """Highest reading grade check accepts for this topic (default 8)."""
    key_points: list[Text] = []
    """The main message: short sentences printed in a box at the top."""
    sections: Annotated[list[Section], Field(min_length=1)]
    """The handout's sections, in reading order."""
    sources: list[Source] = []
    """Where the facts come from, printed small at the end."""
    words: dict[WordName, dict[Locale, Text]] = {}
    """Words that differ by the clinic's country, used as {name} in the text: name -> {locale: text},
    e.g. store: {en-US: store, en-GB: shop}. Every locale a clinic uses needs its word."""

    @property
    def review_due_date(self) -> dt.date:
        if self.review_due is not None:
            return self.review_due
        try:
            return self.reviewed.replace(year=self.reviewed.year + 2)
        except ValueError:  # 29 February
            return self.reviewed.replace(year=self.reviewed.year + 2, day=28)


# ----- styles -----


class Clinic(Model):
    name: Text
    """Clinic name, printed in the header and footer."""
    tagline: PerLanguage | None = None
    """A short line under the name in the header; a mapping of language code to text gives it per language."""
    phone: Text | None = None
    """Phone number, printed exactly as written (quote it)."""
    website: Text | None = None
    """Website as printed, e.g. riverside.example."""
    email: Text | None = None
    """Email address."""
    address: list[Text] = []
    """Address lines."""
    booking_url: HttpsUrl | None = None
    """Online booking address (https://); printed with a QR code."""

    def tagline_for(self, language: str) -> str | None:
        """The tagline in ``language`` (es-MX -> es -> en -> the first one given)."""
        return None if self.tagline is None else text_for(self.tagline, language)


class Colors(Model):
    primary: HexColor = "#1F5A8C"
    """Header band, headings and rules."""
    accent: HexColor = "#E8A33D"
    """Small highlights: the Key points bar, tick boxes."""
    text: HexColor = "#1A1A1A"
    """Body text."""
    callout_urgent: HexColor = "#B3261E"
    """Border and title of urgent boxes."""
    callout_tip: HexColor = "#2E7D4F"
    """Border of tip boxes."""


class FontFiles(Model):
    regular: Path
    """The regular face: a .ttf file, path relative to the style file."""
    bold: Path | None = None
    """The bold face (.ttf); without it, bold text prints in the regular face."""


class Header(Model):
    show_tagline: bool = True
    """Show the clinic's tagline under its name."""
    show_address: bool = True
    """Show the clinic's address with its phone and website."""


class Footer(Model):
    extra_line: Text | None = None
    """An extra line in the footer, e.g. a leaflet code prefix such as "Leaflet RFA-"."""
    large_print_offer: bool = True
    """Print "This handout is available in large print and other languages..." at the end."""


class Style(Model):
    """A clinic's branding: styles/<name>.yaml."""

    extends: str | None = None
    """A style name, or a path relative to this file, whose keys this style changes."""
    clinic: Clinic
    """Who the handout comes from."""
    locale: Annotated[
        Annotated[Locale, Tag("text")] | Annotated[dict[str, Locale], Tag("mapping")],
        Discriminator(_text_or_mapping),
    ] = "en-US"
    """The clinic's country and its words: en-US or en-GB. Spanish editions follow the same country
    (es-US, es-GB); a mapping of language to locale sets each one, e.g. {en: en-GB, es: es-GB}."""
    emergency_number: Text | None = None
    """Emergency phone number, e.g. "911" or "999" (quote it; default: the locale's)."""
    emergency_department: PerLanguage | None = None
    """What patients call the emergency department, e.g. emergency room or A&E (default: the locale's);
    a mapping of language code to text gives it per language."""
    same_day_route: PerLanguage | None = None
    """How to get seen the same day, as printed after "Get seen today:" (default: the locale's, e.g.
    "get an urgent GP appointment or call NHS 111"); a mapping of language code to text gives it per language."""
    logo: Path | None = None
    """Logo image (PNG, JPEG or SVG), path relative to this file."""
    logo_position: Literal["left", "right"] = "left"
    """Where the logo sits in the header band: left or right of the clinic name."""
    font: FontFiles | None = None
    """The clinic's own TrueType font family (default: Atkinson Hyperlegible)."""
    header: Header = Header()
    """What the header band shows."""
    footer: Footer = Footer()
    """What the footer and the end of the handout show."""
    colors: Colors = Colors()
    """Colours as "#RRGGBB" (quote them: YAML reads an unquoted # as a comment)."""
    paper: Literal["letter", "a4"] = "letter"
    """Paper size: letter or a4."""
    font_size: float = Field(12, ge=12, le=18)
    """Body text size in points (12 to 18)."""
    large_print_size: float = Field(16, ge=16, le=18)
    """Body text size of the large-print edition (16 to 18)."""
    margin_mm: float = Field(18, ge=15, le=40)
    """Smallest page margin in millimetres (15 or more, so printers do not cut text)."""
    disclaimer: PerLanguage = Field(
        default_factory=lambda: {
            "en": "This handout gives general information. It does not replace advice from your own clinician.",
            "es": "Este folleto da información general. No reemplaza los consejos de su profesional de salud.",
        }
    )
    """Printed once at the end; a mapping of language code to text gives it per language."""
    printer: Text | None = None
    """The printer (CUPS queue name) that `handouts print` uses when no --printer is given."""

    def disclaimer_for(self, language: str) -> str:
        return text_for(self.disclaimer, language)

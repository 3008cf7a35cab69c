"""The validated shape of topic and style files. Past loading, code trusts these."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag

if TYPE_CHECKING:
    from .yamlfile import Path_

HexColor = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", examples=["#1F5A8C"])]
HttpsUrl = Annotated[str, Field(pattern=r"^https://[^\s/$.?#][^\s]*$", examples=["https://example.org/book"])]
Text = Annotated[str, Field(min_length=1)]
TextList = Annotated[list[Text], Field(min_length=1)]


class Model(BaseModel):
    # Validators are built when first used (a command uses two or three of the classes), and the
    # docstrings under fields are read only by describe_fields(), for the schemas.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# ----- blocks: each is a mapping with exactly one key, the block type -----


class BlockModel(Model):
    """A block of a section. Each subclass is the one definition of its block type.

    Its one field is the block type's key in YAML. Beside the field it names, as class
    variables, the word messages use for it and its renderers, and it says in two methods which
    of its texts are body text and which fields are pictures. Defining a subclass registers it
    in ``BLOCK_TYPES`` (and so in the topic schema); a subclass missing a part fails at import.
    """

    key: ClassVar[str]
    """The block type's YAML key: the one field's name (set when the subclass is defined)."""
    word: ClassVar[str]
    """What a message calls the block: "this checklist is too tall to fit on one page"."""
    pdf: ClassVar[str]
    """Its PDF renderer, as ``module.function`` in ``handouts.blocks``. Named rather than imported,
    so validating a topic never loads ReportLab; ``handouts.blocks`` resolves every name when it is
    imported and fails if one is missing or takes another block type."""
    html: ClassVar[str]
    """Its HTML renderer, as ``module.function`` in ``handouts.html``, resolved the same way."""

    def readable_texts(self, at: Path_) -> Iterator[tuple[Path_, str]]:
        """The block's body text (what the readability check scores), each with its path."""
        raise NotImplementedError

    def picture_fields(self, at: Path_) -> Iterator[tuple[Path_, Path]]:
        """Every picture the block names, each with the path of its field."""
        raise NotImplementedError

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if len(cls.model_fields) != 1:
            raise TypeError(
                f"block type {cls.__name__} needs exactly one field, its YAML key (it has {len(cls.model_fields)})"
            )
        if missing := [
            part for part in ("word", "pdf", "html", "readable_texts", "picture_fields") if part not in cls.__dict__
        ]:
            raise TypeError(f"block type {cls.__name__} does not define {', '.join(missing)}")
        cls.key = next(iter(cls.model_fields))
        if cls.key in BLOCK_TYPES:
            raise TypeError(
                f"block type '{cls.key}' is defined twice ({BLOCK_TYPES[cls.key].__name__}, {cls.__name__})"
            )
        BLOCK_TYPES[cls.key] = cls


BLOCK_TYPES: dict[str, type[BlockModel]] = {}
"""Every block type by its YAML key, in the order defined here (the order editors list them)."""


def _items(at: Path_, key: str, items: list[str]) -> Iterator[tuple[Path_, str]]:
    return (((*at, key, i), item) for i, item in enumerate(items))


class Paragraph(BlockModel):
    text: Text
    """A paragraph. **Bold** is the only markup."""

    word = "paragraph"
    pdf = "text.render_text"
    html = "blocks.render_text"

    def readable_texts(self, at: Path_) -> Iterator[tuple[Path_, str]]:
        yield at, self.text

    def picture_fields(self, at: Path_) -> Iterator[tuple[Path_, Path]]:
        return iter(())


class Bullets(BlockModel):
    bullets: TextList
    """A bulleted list."""

    word = "list"
    pdf = "text.render_bullets"
    html = "blocks.render_bullets"

    def readable_texts(self, at: Path_) -> Iterator[tuple[Path_, str]]:
        return _items(at, "bullets", self.bullets)

    def picture_fields(self, at: Path_) -> Iterator[tuple[Path_, Path]]:
        return iter(())


class Steps(BlockModel):
    steps: TextList
    """Numbered steps, for actions the reader takes in order."""

    word = "list of steps"
    pdf = "text.render_steps"
    html = "blocks.render_steps"

    def readable_texts(self, at: Path_) -> Iterator[tuple[Path_, str]]:
        return _items(at, "steps", self.steps)

    def picture_fields(self, at: Path_) -> Iterator[tuple[Path_, Path]]:
        return iter(())


class Checklist(BlockModel):
    checklist: TextList
    """Items with an empty tick box in front, for the reader to tick."""

    word = "checklist"
    pdf = "text.render_checklist"
    html = "blocks.render_checklist"

    def readable_texts(self, at: Path_) -> Iterator[tuple[Path_, str]]:
        return _items(at, "checklist", self.checklist)

    def picture_fields(self, at: Path_) -> Iterator[tuple[Path_, Path]]:
        return iter(())


class CalloutBody(Model):
    kind: Literal["urgent", "warning", "tip", "info"] = "info"
    """How loud the box is: urgent (get help now), warning, tip or info."""
    title: Text
    """The bold first line of the box."""
    text: Text | None = None
    """A paragraph inside the box."""
    bullets: list[Text] = []
    """A bulleted list inside the box."""


class Callout(BlockModel):
    callout: CalloutBody
    """A boxed message: for urgent signs, warnings and tips."""

    word = "box"
    pdf = "callout.render_callout"
    html = "blocks.render_callout"

    def readable_texts(self, at: Path_) -> Iterator[tuple[Path_, str]]:
        if self.callout.text:
            yield (*at, "callout", "text"), self.callout.text
        yield from _items((*at, "callout"), "bullets", self.callout.bullets)

    def picture_fields(self, at: Path_) -> Iterator[tuple[Path_, Path]]:
        return iter(())


class NotesBody(Model):
    label: Text | None = None
    """The label above the lines (default: "Notes")."""
    lines: int = Field(4, ge=1, le=20)
    """How many ruled lines to print (1 to 20)."""


class Notes(BlockModel):
    notes: NotesBody
    """Ruled lines for the clinician or patient to write on."""

    word = "notes block"
    pdf = "text.render_notes"
    html = "blocks.render_notes"

    def readable_texts(self, at: Path_) -> Iterator[tuple[Path_, str]]:
        return iter(())

    def picture_fields(self, at: Path_) -> Iterator[tuple[Path_, Path]]:
        return iter(())


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


class Image(BlockModel):
    image: ImageBody
    """A picture with its caption, kept together on one page."""

    word = "picture"
    pdf = "pictures.render_image"
    html = "blocks.render_image"

    def readable_texts(self, at: Path_) -> Iterator[tuple[Path_, str]]:
        return _items((*at, "image"), "beside", self.image.beside)

    def picture_fields(self, at: Path_) -> Iterator[tuple[Path_, Path]]:
        yield (*at, "image", "file"), self.image.file


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


class Exercise(BlockModel):
    exercise: ExerciseBody
    """An illustrated exercise card: picture beside numbered steps, never split across pages."""

    word = "exercise card"
    pdf = "pictures.render_exercise"
    html = "blocks.render_exercise"

    def readable_texts(self, at: Path_) -> Iterator[tuple[Path_, str]]:
        exercise, here = self.exercise, (*at, "exercise")
        yield from _items(here, "steps", exercise.steps)
        yield (*here, "dose"), exercise.dose
        yield (*here, "stop_if"), "Stop if " + exercise.stop_if

    def picture_fields(self, at: Path_) -> Iterator[tuple[Path_, Path]]:
        if self.exercise.image is not None:
            yield (*at, "exercise", "image"), self.exercise.image


class FigureItem(Model):
    file: Path
    """The picture (PNG, JPEG or SVG), path relative to the topic file."""
    alt: Text
    """What the picture shows, in words."""
    caption: Text
    """Printed under the picture."""


class FigureRow(BlockModel):
    figure_row: Annotated[list[FigureItem], Field(min_length=2, max_length=3)]
    """Two or three small pictures side by side, each with a caption."""

    word = "row of pictures"
    pdf = "pictures.render_figure_row"
    html = "blocks.render_figure_row"

    def readable_texts(self, at: Path_) -> Iterator[tuple[Path_, str]]:
        return iter(())

    def picture_fields(self, at: Path_) -> Iterator[tuple[Path_, Path]]:
        return (((*at, "figure_row", i, "file"), item.file) for i, item in enumerate(self.figure_row))


# ----- the block union, made from BLOCK_TYPES: define new block types above this line -----

TAG_PREFIX = "block:"


def _block_tag(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        key = str(next(iter(value)))
        if key in BLOCK_TYPES:
            return TAG_PREFIX + key
    if isinstance(value, BlockModel):
        return TAG_PREFIX + value.key
    return None


def _paragraph_shorthand(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


if TYPE_CHECKING:
    Block = BlockModel
else:
    Block = Annotated[
        functools.reduce(operator.or_, [Annotated[m, Tag(TAG_PREFIX + k)] for k, m in BLOCK_TYPES.items()]),
        Discriminator(
            _block_tag,
            custom_error_type="unknown_block",
            custom_error_message="unknown block type",
        ),
        # Editors are told that a plain string is a block too (a paragraph).
        BeforeValidator(
            _paragraph_shorthand,
            json_schema_input_type=functools.reduce(operator.or_, [Text, *BLOCK_TYPES.values()]),
        ),
    ]
"""One block of a section: whichever of ``BLOCK_TYPES`` its one key names."""


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
    html_url: HttpsUrl | None = None
    """Where the clinic publishes the HTML editions (https://, a folder address): the PDF's QR code
    then opens this handout's page there, <html_url>/<id>.html (<id>.es.html for a translation),
    instead of booking_url."""

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
    callout_tip: HexColor = "#2E7D4F"
    """Border of tip boxes."""


class FontFiles(Model):
    regular: Path
    """The regular face: a .ttf file, path relative to the style file."""
    bold: Path | None = None
    """The bold face (.ttf); without it, bold text prints in the regular face."""


class Header(Model):
    layout: Literal["band", "panel", "rule"] = "band"
    """band: a coloured band with the logo on a white tile; panel: the band with the logo on a white
    panel the band's full height; rule: no band, text over a coloured rule (saves toner)."""
    show_clinic_name: bool = True
    """Print the clinic's name in the header (turn off when the logo already says it)."""
    show_tagline: bool = True
    """Show the clinic's tagline under its name."""
    show_address: bool = True
    """Show the clinic's address with its phone and website."""


class Footer(Model):
    extra_line: PerLanguage | None = None
    """An extra line in the footer, e.g. "Riverside patient handout"; a mapping of language code to
    text gives it per language."""
    leaflet_code: Text | None = None
    """A leaflet code printed in the footer of every page, e.g. "NFS-{id}" ({id}: the topic's id)."""
    large_print_offer: bool = True
    """Print "This handout is available in large print and other languages..." at the end."""

    def extra_line_for(self, language: str) -> str | None:
        """The extra line in ``language`` (es-MX -> es -> en -> the first one given)."""
        return None if self.extra_line is None else text_for(self.extra_line, language)


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
    logo_height_mm: float | None = Field(None, ge=6, le=40)
    """Height of the printed logo in millimetres (6 to 40; default: fills the header band)."""
    font: FontFiles | None = None
    """The clinic's own TrueType font family (default: Atkinson Hyperlegible)."""
    header: Header = Header.model_construct()
    """What the header band shows."""
    footer: Footer = Footer.model_construct()
    """What the footer and the end of the handout show."""
    colors: Colors = Colors.model_construct()
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


_described: list[bool] = []  # [True] once describe_fields() has run


def describe_fields() -> None:
    """Give each field its docstring (the string under it) as its description, for the JSON
    Schemas and ``handouts style new``; once per process.

    pydantic can do this as each class is made (``use_attribute_docstrings``), but that reads
    and parses the source again for every class: a tenth of a cold start, for text only the
    schema and the style template print.
    """
    if _described:
        return
    classes = _subclasses(Model)
    docstrings: dict[tuple[str, str], dict[str, str]] = {}
    for module in {cls.__module__ for cls in classes}:
        docstrings.update(_field_docstrings(module))
    for cls in classes:
        found = docstrings.get((cls.__module__, cls.__qualname__), {})
        for name, field in cls.__pydantic_fields__.items():
            if field.description is None and name in found:
                field.description = found[name]
    for cls in classes:  # in the order they were defined: a class after those it holds
        cls.model_rebuild(force=True)
    _described.append(True)


def _subclasses(cls: type[Model]) -> list[type[Model]]:
    found: list[type[Model]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _field_docstrings(module: str) -> dict[tuple[str, str], dict[str, str]]:
    """(module, class) -> field -> its docstring, cleaned as pydantic cleans it."""
    import ast
    import inspect
    import itertools
    import sys

    tree = ast.parse(inspect.getsource(sys.modules[module]))
    found: dict[tuple[str, str], dict[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            body = node.body
            found[module, node.name] = {
                field.target.id: inspect.cleandoc(doc.value.value)
                for field, doc in itertools.pairwise(body)
                if isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(doc, ast.Expr)
                and isinstance(doc.value, ast.Constant)
                and isinstance(doc.value.value, str)
            }
    return found

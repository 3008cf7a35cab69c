"""Topic and style files -> validated models, with every problem located in the user's file."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from . import library, placeholders
from .errors import HandoutError, Problem
from .models import Style, Topic
from .validation import validate
from .yamlfile import Path_, YamlDocument, read_yaml


@dataclasses.dataclass(frozen=True)
class LoadedTopic:
    """A validated topic with where it came from, so later problems can point into the file."""

    id: str
    topic: Topic
    doc: YamlDocument

    @property
    def file(self) -> Path:
        return self.doc.file


def load_topic(file: Path, *, check_pictures: bool = True) -> LoadedTopic:
    """A topic file, validated; its pictures resolved and (unless ``check_pictures`` is False,
    as for ``handouts list``, which must start fast) opened to make sure they can be drawn."""
    doc = read_yaml(file)
    topic = validate(Topic, doc)
    topic_id, _, suffix = library.yaml_stem(file.name).partition(".")
    if suffix and suffix != topic.language:
        raise HandoutError(
            [doc.problem(("language",), f"the file name says '{suffix}' but language is '{topic.language}'")]
        )
    return LoadedTopic(topic_id, _resolve_pictures(topic, doc, check_pictures), doc)


def picture_paths(topic: Topic) -> list[tuple[Path_, Path]]:
    """Every picture a topic names, with where it is named."""
    return [
        found
        for s, section in enumerate(topic.sections)
        for b, block in enumerate(section.body)
        for found in block.picture_fields(("sections", s, "body", b))
    ]


def _resolve_pictures(topic: Topic, doc: YamlDocument, check: bool = True) -> Topic:
    """Picture paths made absolute (relative to the topic file) and checked: all problems at once."""
    from . import picture_cache

    pictures = picture_paths(topic)
    if not pictures:
        return topic
    data = topic.model_dump(exclude_unset=True)
    problems: list[Problem] = []
    for path, picture in pictures:
        full = (doc.file.parent / picture).resolve()
        if check and (why := picture_cache.problem_with(full)):
            problems.append(doc.problem(path, f"picture {why}"))
        spot: Any = data
        for part in path[:-1]:
            spot = spot[part]
        spot[path[-1]] = full
    if problems:
        raise HandoutError(problems)
    return Topic.model_validate(data)


def with_placeholders(loaded: LoadedTopic, style: Style) -> Topic:
    """The topic with every ``{placeholder}`` filled from ``style``; all problems at once."""
    values = placeholders.values_from(style)
    problems: list[Problem] = []

    def walk(value: Any, path: Path_) -> Any:
        if isinstance(value, str):
            text, messages = placeholders.fill(value, values)
            problems.extend(loaded.doc.problem(_as_typed(loaded.doc, path), m) for m in messages)
            return text
        if isinstance(value, dict):
            return {k: walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        return value

    data = walk(loaded.topic.model_dump(exclude_unset=True), ())
    if problems:
        raise HandoutError(problems)
    return Topic.model_validate(data)


def _as_typed(doc: YamlDocument, path: Path_) -> Path_:
    """A paragraph typed as a plain string is ``body[0]`` to the user, not ``body[0].text``."""
    if path and path[-1] == "text" and path not in doc.values and path[:-1] in doc.values:
        return path[:-1]
    return path


@dataclasses.dataclass
class StyleOptions:
    """How strictly to load a style, and where its warnings go."""

    allow_outside_paths: bool = False
    check_files: bool = True
    warnings: list[Problem] = dataclasses.field(default_factory=list)


def load_style(file: Path, *, find: Any = None, options: StyleOptions | None = None) -> Style:
    """Load a style, merging its ``extends:`` chain key by key (the nearer file wins).

    ``find(name, relative_to)`` resolves a style name or relative path to a file.
    """
    options = options or StyleOptions()
    chain: list[YamlDocument] = []
    seen: list[Path] = []
    current: Path | None = file
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            names = " -> ".join(p.name for p in [*seen, resolved])
            raise HandoutError(
                [
                    Problem(
                        f"'extends' goes round in a circle: {names}",
                        chain[-1].file,
                        *chain[-1].where(("extends",)),
                        "extends",
                    )
                ]
            )
        seen.append(resolved)
        doc = read_yaml(current)
        if not isinstance(doc.data, dict):
            validate(Style, doc)  # reports the wrong shape
        chain.append(doc)
        parent = doc.data.get("extends")
        if parent is None:
            current = None
        elif not isinstance(parent, str) or find is None:
            raise HandoutError([doc.problem(("extends",), "expected a style name or a path to a style file")])
        else:
            try:
                current = find(parent, current.parent)
            except HandoutError as error:
                raise HandoutError([doc.problem(("extends",), p.message) for p in error.problems]) from None
            if current.resolve() == resolved and (bundled := library.bundled_style(parent)) is not None:
                # A clinic's own default.yaml saying "extends: default" builds on the bundled default.
                current = bundled
    merged = YamlDocument(file, {})
    for doc in reversed(chain):
        merged.data = _merge(merged.data, doc.data, doc, merged, ())
    merged.data.pop("extends", None)
    style = validate(Style, merged)
    style = _resolve_files(style, merged, options)
    if options.check_files:
        problems = _glyph_problems(style, merged) + _line_width_problems(style, merged)
        if problems:
            raise HandoutError(problems)
    return style


_NOT_PRINTED = {"extends", "logo", "logo_position", "font", "colors", "paper", "printer"}


def _glyph_problems(style: Style, doc: YamlDocument) -> list[Problem]:
    """Characters of the style's printed text that its font cannot draw (they would print blank)."""
    from .branding import font_coverage

    covered = font_coverage(style)
    problems: list[Problem] = []

    def walk(value: Any, path: Path_) -> None:
        if isinstance(value, str):
            for char in dict.fromkeys(value):
                if not char.isspace() and ord(char) not in covered:
                    problems.append(
                        doc.problem(
                            path,
                            f"the font cannot draw '{char}' (U+{ord(char):04X}); "
                            "use another character or a font that has it",
                        )
                    )
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(style.model_dump(exclude=_NOT_PRINTED), ())
    return problems


def fits_one_line(text: str, font: str, size: float, room: float) -> tuple[bool, int]:
    """Whether ``text`` fits ``room`` points on one line; and how many of its characters would."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = stringWidth(text, font, size)
    return width <= room, int(len(text) * room / width) if width else len(text)


def _line_width_problems(style: Style, doc: YamlDocument) -> list[Problem]:
    """Style text printed on one line in the header band or footer, which never wraps, must fit
    across the page: on the narrower paper, in the smallest size the header shrinks it to."""
    from reportlab.lib.units import mm

    from .branding import FOOTER_SIZE, PAPER, register_fonts

    regular, bold = register_fonts(style)
    band = min(size[0] for size in PAPER.values()) - 2 * style.margin_mm * mm
    pad = 21 * mm * 0.16  # the header band's padding, as pages.py draws it
    header = band - 3 * pad - ((band * 0.3 + pad * 1.2) if style.logo else 0)
    small = FOOTER_SIZE + 1
    clinic = style.clinic
    lines: list[tuple[Path_, str, str, float, float]] = [
        (("clinic", "name"), clinic.name, bold, 9, header),
        (
            ("clinic", "name"),
            " · ".join(p for p in (clinic.name, clinic.phone, clinic.website) if p),
            bold,
            FOOTER_SIZE,
            band,
        ),
    ]
    if clinic.tagline:
        lines.append((("clinic", "tagline"), clinic.tagline, regular, small, header))
    if clinic.phone:
        lines.append((("clinic", "phone"), clinic.phone, regular, small, header))
    if clinic.website or clinic.email:
        where: Path_ = ("clinic", "website") if clinic.website else ("clinic", "email")
        lines.append((where, " · ".join(p for p in (clinic.website, clinic.email) if p), regular, small, header))
    if clinic.address and style.header.show_address:
        lines.append((("clinic", "address"), ", ".join(clinic.address), regular, small, header))
    if style.footer.extra_line:
        dates = "Version 1.0 · Reviewed September 2026 · Next review September 2028"
        lines.append((("footer", "extra_line"), f"{style.footer.extra_line} · {dates}", regular, FOOTER_SIZE, band))
    problems: dict[Path_, Problem] = {}
    for spot, text, font, size, room in lines:
        fits, count = fits_one_line(text, font, size, room)
        if not fits and spot not in problems:
            problems[spot] = doc.problem(
                spot,
                f"too long for its one line in the header or footer ({len(text)} characters where about {count} fit); "
                "shorten it",
            )
    return list(problems.values())


def _merge(base: Any, over: Any, doc: YamlDocument, merged: YamlDocument, path: Path_) -> Any:
    """Deep-merge mappings; remember which file each value came from for error positions."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = _merge(base.get(key), value, doc, merged, (*path, key))
        return out
    for spot, where in doc.values.items():
        if spot[: len(path)] == path:
            merged.values[spot] = where
            merged.origins[spot] = doc.file
    for spot, where in doc.keys.items():
        if spot[: len(path)] == path:
            merged.keys[spot] = where
            merged.origins[spot] = doc.file
    return over


def _resolve_files(style: Style, doc: YamlDocument, options: StyleOptions) -> Style:
    """Logo and font paths made absolute (relative to the file that named them) and checked."""
    from . import picture_cache

    problems: list[Problem] = []

    def resolve(path: Path, spot: Path_) -> Path:
        base = doc.origin(spot).parent.resolve()
        full = (base / path).resolve()
        if not options.allow_outside_paths and not full.is_relative_to(base):
            problems.append(
                doc.problem(
                    spot,
                    f"{full} is outside the style's folder {base}; move it there, "
                    "or pass --allow-outside-paths if you trust this style",
                )
            )
        return full

    update: dict[str, Any] = {}
    if style.logo is not None:
        logo = resolve(style.logo, ("logo",))
        if options.check_files and not problems and (why := picture_cache.problem_with(logo)):
            problems.append(doc.problem(("logo",), f"logo {why}"))
        update["logo"] = logo
    if style.font is not None:
        regular = resolve(style.font.regular, ("font", "regular"))
        bold = resolve(style.font.bold, ("font", "bold")) if style.font.bold else None
        if options.check_files and not problems:
            from .branding import font_problem

            for face, spot in ((regular, ("font", "regular")), (bold, ("font", "bold"))):
                if face is not None and (why := font_problem(face)):
                    problems.append(doc.problem(spot, why))
            if bold is None:
                options.warnings.append(
                    doc.problem(
                        ("font",),
                        "no bold face given (font.bold): bold text will print in the regular face",
                        severity="warning",
                    )
                )
        update["font"] = style.font.model_copy(update={"regular": regular, "bold": bold})
    if problems:
        raise HandoutError(problems)
    return style.model_copy(update=update) if update else style

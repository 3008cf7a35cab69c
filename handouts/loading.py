"""Topic and style files -> validated models, with every problem located in the user's file."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import library, locales, placeholders
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


def load_topic(file: Path, *, check_pictures: bool = True, allow_outside_paths: bool = False) -> LoadedTopic:
    """A topic file, validated; its pictures resolved, kept inside the topic's folder (unless
    ``allow_outside_paths``) and (unless ``check_pictures`` is False, as for ``handouts list``,
    which must start fast) opened to make sure they can be drawn."""
    doc = read_yaml(file)
    topic = validate(Topic, doc)
    if problems := text_limit_problems(topic, doc):
        raise HandoutError(problems)
    topic_id, _, suffix = library.yaml_stem(file.name).partition(".")
    if suffix and suffix != topic.language:
        raise HandoutError(
            [doc.problem(("language",), f"the file name says '{suffix}' but language is '{topic.language}'")]
        )
    if problems := _word_problems(topic, doc):
        raise HandoutError(problems)
    return LoadedTopic(topic_id, _resolve_pictures(topic, doc, check_pictures, allow_outside_paths), doc)


MAX_HEADING_CHARS = 150
MAX_TEXT_CHARS = 4_000
MAX_WORD_CHARS = 300


def text_limit_problems(topic: Topic, doc: YamlDocument) -> list[Problem]:
    """Headings, texts and words far longer than any handout needs: refused with their place, so a
    pasted book or a run of characters with no space never reaches the layout (where the time a
    paragraph takes grows faster than its length)."""
    problems: list[Problem] = []
    for path, text in all_texts(topic.model_dump(exclude_unset=True), ()):
        longest = max(text.split(), key=len, default="")
        if path[-1] == "heading" and len(text) > MAX_HEADING_CHARS:
            message = (
                f"this heading is {len(text):,} characters, over the limit of {MAX_HEADING_CHARS}; "
                "a heading says one thing in a few words"
            )
        elif len(text) > MAX_TEXT_CHARS:
            message = (
                f"this text is {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}; "
                "split it into shorter paragraphs or list items"
            )
        elif len(longest) > MAX_WORD_CHARS:
            message = (
                f"a word here is {len(longest):,} characters long, over the limit of {MAX_WORD_CHARS}; "
                "is a space missing?"
            )
        else:
            continue
        problems.append(doc.problem(typed_path(doc, path), message))
    return problems


def all_texts(value: object, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Every string in a dumped model, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from all_texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from all_texts(item, (*path, i))


def _word_problems(topic: Topic, doc: YamlDocument) -> list[Problem]:
    """A topic's own ``words`` may not hide a placeholder the style fills, and each word's locales
    must speak the topic's language (an en-GB word in a Spanish topic is a slip)."""
    problems = []
    base = topic.language.split("-")[0]
    for name, by_locale in topic.words.items():
        if name in placeholders.STYLE_KEYS or name in placeholders.LOCALE_WORDS:
            problems.append(
                doc.problem(
                    ("words", name),
                    f"'{name}' is a placeholder the clinic's style fills; choose another name",
                    key=True,
                )
            )
        for locale in by_locale:
            if locale.split("-")[0] != base:
                problems.append(
                    doc.problem(
                        ("words", name, locale),
                        f"{locale} is not a locale of this topic's language ({topic.language})",
                        key=True,
                    )
                )
    return problems


def picture_paths(topic: Topic) -> list[tuple[Path_, Path]]:
    """Every picture a topic names, with where it is named."""
    return [
        found
        for s, section in enumerate(topic.sections)
        for b, block in enumerate(section.body)
        for found in block.picture_fields(("sections", s, "body", b))
    ]


def confine(path: Path, base: Path, owner: str, allow_outside: bool) -> tuple[Path, str | None]:
    """``path`` (relative to the folder ``base``) made absolute with every symlink resolved, and why
    it may not be used: outside ``base`` unless ``allow_outside``. The one rule for every file a
    topic or style names (pictures, logo, fonts, ``extends``): a file passed between clinics
    must not reach other files on the machine. The message names the path, never what it holds."""
    folder = base.resolve()
    full = (folder / path).resolve()
    if allow_outside or full.is_relative_to(folder):
        return full, None
    return full, (
        f"{full} is outside the {owner}'s folder {folder}; move it there, "
        f"or pass --allow-outside-paths if you trust this {owner}"
    )


def _resolve_pictures(topic: Topic, doc: YamlDocument, check: bool = True, allow_outside: bool = False) -> Topic:
    """Picture paths made absolute (relative to the topic file), confined and checked: all problems at once."""
    from . import picture_cache

    pictures = picture_paths(topic)
    if not pictures:
        return topic
    data = topic.model_dump(exclude_unset=True)
    problems: list[Problem] = []
    for path, picture in pictures:
        full, outside = confine(picture, doc.file.parent, "topic", allow_outside)
        if outside:
            problems.append(doc.problem(path, outside))
        elif check and (why := picture_cache.problem_with(full)):
            problems.append(doc.problem(path, f"picture {why}"))
        spot: Any = data
        for part in path[:-1]:
            spot = spot[part]
        spot[path[-1]] = full
    if problems:
        raise HandoutError(problems)
    return Topic.model_validate(data)


def with_placeholders(loaded: LoadedTopic, style: Style) -> Topic:
    """The topic with every ``{placeholder}`` filled from ``style`` and its locale, and the topic's
    own ``words`` in the style's locale; all problems at once."""
    language = loaded.topic.language
    values = placeholders.values_from(style, language)
    problems: list[Problem] = []
    locale = locales.locale_for(style, language)
    for name, by_locale in loaded.topic.words.items():
        word = by_locale.get(locale) if locale else None  # type: ignore[call-overload]
        if word is None:
            given = ", ".join(by_locale)
            problems.append(
                loaded.doc.problem(
                    ("words", name),
                    f"no word for {locale}, the clinic style's locale (this topic gives {given}); add {locale}: ..."
                    if locale
                    else f"handouts has no locale for language '{language}', so these words cannot be chosen",
                )
            )
        # A missing word is reported once, here, not again at each place that uses it.
        values[name] = word if word is not None else "{" + name + "}"
    values |= {n: placeholders.fill(v, values)[0] for n, v in values.items() if v and n in loaded.topic.words}

    def walk(value: Any, path: Path_) -> Any:
        if isinstance(value, str):
            text, messages = placeholders.fill(value, values)
            problems.extend(loaded.doc.problem(typed_path(loaded.doc, path), m) for m in messages)
            return text
        if isinstance(value, dict):
            return {k: walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        return value

    data = walk(loaded.topic.model_dump(exclude_unset=True, exclude={"words"}), ())
    if problems:
        raise HandoutError(problems)
    return Topic.model_validate(data)


def typed_path(doc: YamlDocument, path: Path_) -> Path_:
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
                found: Path = find(parent, current.parent)
            except HandoutError as error:
                raise HandoutError([doc.problem(("extends",), p.message) for p in error.problems]) from None
            # A path is confined to the folder of the style that names it; a name, to the folder
            # it was found in (a symlink there must not lead elsewhere).
            named_by_path = parent.endswith((".yaml", ".yml")) or "/" in parent or "\\" in parent
            base = current.parent if named_by_path else found.parent
            _, outside = confine(found.resolve(), base, "style", options.allow_outside_paths)
            if outside:
                raise HandoutError([doc.problem(("extends",), outside)])
            if found.resolve() == resolved and (bundled := library.bundled_style(parent)) is not None:
                # A clinic's own default.yaml saying "extends: default" builds on the bundled default.
                found = bundled
            current = found
    merged = YamlDocument(file, {})
    for doc in reversed(chain):
        merged.data = _merge(merged.data, doc.data, doc, merged, ())
    merged.data.pop("extends", None)
    style = validate(Style, merged)
    style = _resolve_files(style, merged, options)
    if options.check_files:
        problems = (
            _glyph_problems(style, merged) + _line_width_problems(style, merged) + _placeholder_problems(style, merged)
        )
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


def _placeholder_problems(style: Style, doc: YamlDocument) -> list[Problem]:
    """Placeholders in the style's own printed text that would print as typed: in the disclaimer,
    one the style cannot fill; in the tagline and the footer line (printed as they stand), any."""
    values = placeholders.values_from(style)
    problems: list[Problem] = []
    for language, text in _per_language(style.disclaimer).items():
        spot: Path_ = ("disclaimer",) if language is None else ("disclaimer", language)
        problems += [doc.problem(spot, message) for message in placeholders.fill(text, values)[1]]
    for key, value in (
        (("clinic", "tagline"), style.clinic.tagline),
        (("footer", "extra_line"), style.footer.extra_line),
    ):
        for language, text in _per_language(value).items():
            if placeholders.fill(text, {})[1]:
                problems.append(
                    doc.problem(
                        key if language is None else (*key, language),
                        f"the {key[-1].replace('_', ' ')} is printed as typed, so a {{placeholder}} in it would "
                        "print as it stands; write the text out",
                    )
                )
    return problems


def _per_language(value: str | dict[str, str] | None) -> dict[str | None, str]:
    """A per-language style value by language code (None: one text for every language)."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {None: value}
    return {language: text for language, text in value.items()}


def fits_one_line(text: str, font: str, size: float, room: float) -> tuple[bool, int]:
    """Whether ``text`` fits ``room`` points on one line; and how many of its characters would."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = stringWidth(text, font, size)
    return width <= room, int(len(text) * room / width) if width else len(text)


def _line_width_problems(style: Style, doc: YamlDocument) -> list[Problem]:
    """Style text in the header band and footer must fit, on either paper and in either edition:
    measured by the same code that draws them (it wraps or shrinks text down to a floor first)."""
    from . import furniture
    from .branding import make_theme

    problems: dict[Path_, Problem] = {}
    dates = "Version 1.0 · Reviewed September 2026 · Next review September 2028"
    code = style.footer.leaflet_code
    for paper in ("letter", "a4"):
        for large_print in (False, True):
            theme = make_theme(style.model_copy(update={"paper": paper}), large_print=large_print)
            try:
                # Every language's tagline and footer line is measured: each prints on its own handouts.
                for tagline in _per_language(style.clinic.tagline).values() or [""]:
                    furniture.first_header(theme, furniture.band_text(theme, tagline))
                for extra in _per_language(style.footer.extra_line).values() or [""]:
                    footer = furniture.FooterText(
                        clinic=furniture.one_line(style.clinic.name),
                        contact=" · ".join(p for p in (style.clinic.phone, style.clinic.website) if p),
                        dates=" · ".join(p for p in (extra, code, dates) if p),
                        page_label="Page 1 of ",
                        turn_over="Please turn over",
                    )
                    furniture.footer(theme, footer, 1)
            except furniture.DoesNotFit as error:
                edition = " in large print" if large_print else ""
                problems.setdefault(error.key, doc.problem(error.key, f"{error.message} (on {paper} paper{edition})"))
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
        full, outside = confine(path, doc.origin(spot).parent, "style", options.allow_outside_paths)
        if outside:
            problems.append(doc.problem(spot, outside))
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
            from .fonts import font_problem

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

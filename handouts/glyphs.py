"""Characters the handout's font cannot draw: each would print as a blank, so it is an error."""

from __future__ import annotations

from collections.abc import Iterator

from .errors import Problem
from .loading import LoadedTopic
from .models import Style, Topic
from .yamlfile import Path_


def missing_glyphs(topic: Topic, loaded: LoadedTopic, style: Style) -> list[Problem]:
    """Characters of ``topic`` (placeholders filled) that the style's font cannot draw, each named
    with its code point and its line in the topic file."""
    from .branding import font_coverage

    covered = font_coverage(style)
    problems: list[Problem] = []
    seen: set[tuple[str, Path_]] = set()
    for path, text in all_texts(topic.model_dump(exclude_unset=True), ()):
        for char in text:
            if char.isspace() or ord(char) in covered or (char, path) in seen:
                continue
            seen.add((char, path))
            problems.append(
                loaded.doc.problem(
                    path if path in loaded.doc.values else path[:-1],
                    f"the font cannot draw '{char}' (U+{ord(char):04X}); use another character or a font that has it",
                )
            )
    return problems


def all_texts(value: object, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from all_texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from all_texts(item, (*path, i))

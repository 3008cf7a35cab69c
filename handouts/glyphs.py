"""Characters the handout's font cannot draw: each would print as a blank, so it is an error.

Every character the layout prints is checked: the topic's text, the fixed words in its language
(labels, month names), the digits of dates and page numbers, and the ``--for``, ``--clinician``
and ``--note`` text typed at the desk.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .errors import Problem
from .labels import Labels
from .loading import LoadedTopic, all_texts
from .models import Style, Topic
from .yamlfile import Path_

if TYPE_CHECKING:
    from .story import Personal

DIGITS = "0123456789"
_SLOT = re.compile(r"\{[a-z_]+\}")  # {page}, {date}: filled in by the layout, never printed


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


def missing_fixed_glyphs(style: Style, labels: Labels, personal: Personal | None = None) -> list[Problem]:
    """Characters of the fixed words, dates and page numbers (named at the style's font file), and
    of the ``--for``/``--clinician``/``--note`` text, that the style's font cannot draw."""
    from .branding import font_coverage

    covered = font_coverage(style)

    def lacking(text: str) -> str:
        return "".join(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in covered))

    problems: list[Problem] = []
    fixed = DIGITS + "".join(_SLOT.sub("", text) for _, text in all_texts(labels.words, ()))
    if missing := lacking(fixed):
        problems.append(
            Problem(
                f"the font cannot draw {_named(missing)}, which every handout in '{labels.language}' prints "
                "(fixed words, dates, page numbers); use a font that has them",
                style.font.regular if style.font else None,
            )
        )
    if personal is not None:
        for option, value in (
            ("--for", personal.patient),
            ("--clinician", personal.clinician),
            ("--note", personal.note),
        ):
            if value and (missing := lacking(value)):
                problems.append(
                    Problem(
                        f"the font cannot draw {_named(missing)}; use other characters or a font that has them",
                        field=option,
                    )
                )
    return problems


def _named(chars: str) -> str:
    shown = [f"'{c}' (U+{ord(c):04X})" for c in chars[:8]]
    more = f" and {len(chars) - 8} more" if len(chars) > 8 else ""
    return ", ".join(shown) + more

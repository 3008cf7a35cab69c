"""The bundled topics and styles, and their handouts built once per test process: the layout,
picture, snapshot, page-budget and cache tests read the same handouts, and a worker builds each
of them once for all of these."""

from __future__ import annotations

import functools
from pathlib import Path

from handouts import library
from handouts.build import Built, Options, build_handout
from handouts.loading import LoadedTopic, load_style, load_topic
from handouts.models import Style

from .conftest import STYLES, TOPICS

TOPIC_FILES: list[Path] = sorted(
    file
    for files in library.scan_topics(TOPICS).values()
    for file in [files.source, *files.translations.values()]
    if file
)
STYLE_NAMES: list[str] = sorted(library.scan_styles(STYLES))


def topic_id(file: Path) -> str:
    """``sciatica-and-feet`` or ``sciatica-and-feet.es``: the file name without ``.yaml``."""
    return file.name.removesuffix(".yaml")


@functools.cache
def bundled_style(name: str) -> Style:
    return load_style(
        library.find_style(name, STYLES), find=lambda parent, base: library.find_style(parent, STYLES, base)
    )


@functools.cache
def bundled_topic(file: Path) -> LoadedTopic:
    return load_topic(file)


def bundled_build(file: Path, style: str, paper: str | None = None, large_print: bool = False) -> Built:
    """The handout as the tool builds it (on the style's own paper unless ``paper`` is given)."""
    return _build(file, style, paper or bundled_style(style).paper, large_print)


@functools.cache
def _build(file: Path, style: str, paper: str, large_print: bool) -> Built:
    return build_handout(bundled_topic(file), bundled_style(style), Options(paper=paper, large_print=large_print))


def bundled_pdf(file: Path, style: str, paper: str | None = None, large_print: bool = False) -> bytes:
    return bundled_build(file, style, paper, large_print).pdf


def variant_style(folder: Path, text: str) -> Style:
    """A style written to ``folder`` (usually ``extends:`` a bundled one, to change one thing)."""
    file = folder / "variant.yaml"
    file.write_text(text, encoding="utf-8")
    return load_style(file, find=lambda parent, base: library.find_style(parent, STYLES, base))

"""Layout pieces that stay the same from one handout to the next, made once per process.

A theme (fonts, sizes, paragraph styles) per style and edition, and ReportLab's parse of each
paragraph's markup in each paragraph style: a batch or the front desk lays out the same words in
the same styles again and again, and parsing markup is a tenth of a render. Each is a pure
function of its key, so the PDF is the same byte for byte (tests/test_caches.py builds
with and without these caches).
"""

from __future__ import annotations

from typing import Any

from . import caching
from .branding import Theme, make_theme
from .models import Style

MAX_PARSED = 50_000  # paragraphs kept (a few MB); past it the cache starts again

_themes: dict[tuple[str, bool], Theme] = {}
_parsed: dict[tuple[str, Any], tuple[str, Any, list[Any]]] = {}


def clear() -> None:
    _themes.clear()
    _parsed.clear()


def theme(style: Style, large_print: bool) -> Theme:
    """``branding.make_theme``, once per style (by value) and edition."""
    if not caching.enabled():
        return make_theme(style, large_print=large_print)
    key = (style.model_dump_json(), large_print)
    if key not in _themes:
        _themes[key] = make_theme(style, large_print=large_print)
    return _themes[key]


def parsed(markup: str, paragraph_style: Any) -> tuple[str, Any, list[Any]] | None:
    """(text, style, fragments) as ReportLab's Paragraph parses ``markup``; None when not cached.

    The fragments are shared by every paragraph made from them: ReportLab lays lines out into
    new lists and only marks each fragment with its (unchanging) kind.
    """
    if not caching.enabled():
        return None
    key = (markup, paragraph_style)  # the style object itself: a theme's styles live as long as the theme
    found = _parsed.get(key)
    if found is None:
        from reportlab.platypus import Paragraph

        if len(_parsed) >= MAX_PARSED:
            _parsed.clear()
        first = Paragraph(markup, paragraph_style)
        found = _parsed[key] = (first.text, first.style, first.frags)
    return found

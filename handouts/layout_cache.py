"""Layout pieces that stay the same from one handout to the next, made once per process.

A theme (fonts, sizes, paragraph styles) per style and edition, and ReportLab's parse of each
paragraph's markup in each paragraph style: a batch or the front desk lays out the same words in
the same styles again and again, and parsing markup is a tenth of a render. Each is a pure
function of its key, so the PDF is the same byte for byte (tests/test_caches.py builds
with and without these caches).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import caching
from .branding import Theme, make_theme
from .models import Style

MAX_PARSED = 50_000  # paragraphs kept (a few MB); past it the cache starts again

_themes: dict[tuple[str, bool], Theme] = {}
_parsed: dict[tuple[str, Any], tuple[str, Any, list[Any]]] = {}
_laid_out: dict[tuple[str, Any, float], tuple[dict[str, Any], tuple[float, float]]] = {}


def clear() -> None:
    _themes.clear()
    _parsed.clear()
    _laid_out.clear()


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
            clear()
        first = Paragraph(markup, paragraph_style)
        found = _parsed[key] = (first.text, first.style, first.frags)
    return found


def laid_out(paragraph: Any, markup: str, width: float, wrap: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    """``wrap()`` (a fresh paragraph made by ``parsed`` laying its lines out at ``width``), done once
    per markup, paragraph style and width: later paragraphs take the attributes it set.

    Breaking lines is the costliest step of a render; ReportLab reads the lines it made
    (``blPara``) when drawing and splitting, and never changes them.
    """
    if not caching.enabled():
        return wrap()
    key = (markup, paragraph.style, width)
    found = _laid_out.get(key)
    if found is None:
        before = dict(paragraph.__dict__)
        size = wrap()
        changed = {name: value for name, value in paragraph.__dict__.items() if before.get(name, before) is not value}
        found = _laid_out[key] = (changed, size)
    else:
        paragraph.__dict__.update(found[0])
    return found[1]

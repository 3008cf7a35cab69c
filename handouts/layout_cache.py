"""Layout pieces that stay the same from one handout to the next, made once per process.

A theme (fonts, sizes, paragraph styles) per style and edition, and ReportLab's parse of each
paragraph's markup in each paragraph style: a batch or the front desk lays out the same words in
the same styles again and again, and parsing markup is a tenth of a render. Each is a pure
function of its key, so the PDF is the same byte for byte (tests/test_caches.py builds
with and without these caches).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from . import caching, flow, load_cache
from .branding import Theme, make_theme
from .errors import HandoutError
from .flow import Laid, Plan
from .glyphs import missing_glyphs
from .loading import LoadedTopic, with_placeholders
from .models import Style, Topic

MAX_PARSED = 50_000  # paragraphs kept (a few MB); past it the cache starts again

_themes: dict[tuple[str, bool, float], Theme] = {}
_parsed: dict[tuple[str, tuple[Any, ...]], tuple[str, Any, list[Any]]] = {}
_laid_out: dict[tuple[str, tuple[Any, ...], float], tuple[dict[str, Any], tuple[float, float]]] = {}
_filled: dict[tuple[int, str], tuple[LoadedTopic, Topic]] = {}
MAX_FILLED = 2_000
_plans: dict[tuple[int, str, Hashable], tuple[LoadedTopic, Plan]] = {}


def clear() -> None:
    _themes.clear()
    _parsed.clear()
    _laid_out.clear()
    _filled.clear()
    _style_values.clear()
    _plans.clear()


def _style_key(style: Style) -> str:
    """A style by value, with its font files as they are now: a font file replaced while the
    front desk runs is a new font (its glyphs, its measures), though the style reads the same."""
    files = [style.font.regular, style.font.bold] if style.font else []
    return style.model_dump_json() + repr(load_cache.stamps(file for file in files if file))


def topic_in_style(loaded: LoadedTopic, style: Style) -> Topic:
    """The topic with its placeholders filled from ``style`` and every character checked against
    the style's font (a HandoutError otherwise); once per loaded topic and style."""
    key = (id(loaded), _style_key(style))
    found = _filled.get(key) if caching.enabled() else None
    if found is not None and found[0] is loaded:
        return found[1]
    topic = with_placeholders(loaded, style)
    if missing := missing_glyphs(topic, loaded, style):
        raise HandoutError(missing)
    if caching.keeping_text():
        if len(_filled) >= MAX_FILLED:
            _filled.clear()
        _filled[key] = (loaded, topic)  # holding ``loaded`` keeps its id from being reused
    return topic


def best_layout(loaded: LoadedTopic, style: Style, options: Hashable, lay_out: flow.LayOut, has_urgent: bool) -> Laid:
    """``flow.best_layout``, its choice of plan kept per loaded topic, style and options: the
    engine tries up to several layouts to choose one; laying the same handout out again, the
    chosen plan is laid out once (the layout is a function of the plan, so the bytes are the same)."""
    key = (id(loaded), _style_key(style), options)
    found = _plans.get(key) if caching.enabled() else None
    if found is not None and found[0] is loaded:
        return lay_out(found[1], None)
    laid = flow.best_layout(lay_out, has_urgent)
    if caching.keeping_text():
        if len(_plans) >= MAX_FILLED:
            _plans.clear()
        _plans[key] = (loaded, laid.plan)  # holding ``loaded`` keeps its id from being reused
    return laid


def theme(style: Style, large_print: bool, spacing: float = 1.0) -> Theme:
    """``branding.make_theme``, once per style (by value), edition and spacing."""
    if not caching.enabled():
        return make_theme(style, large_print=large_print, spacing=spacing)
    key = (_style_key(style), large_print, spacing)
    if key not in _themes:
        _themes[key] = make_theme(style, large_print=large_print, spacing=spacing)
    made = _themes[key]
    for font in {made.font, made.bold_font}:
        _share_subsets(font)
    return made


MAX_SUBSETS = 200  # per font face: subsets of a few dozen kB each


def _share_subsets(font_name: str) -> None:
    """Make the font file embedded in a PDF once per set of characters, not once per PDF.

    ReportLab builds a font holding just the characters a PDF uses, for every PDF; the same
    handout uses the same characters each time. The face's own method is wrapped (a pure
    function of the characters), for the faces registered in this process only.
    """
    from reportlab.pdfbase import pdfmetrics

    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    if face is None or "makeSubset" in vars(face):  # not a TrueType font, or already shared
        return
    make = face.makeSubset
    made: dict[tuple[int, ...], bytes] = {}

    def make_subset(subset: list[int]) -> bytes:
        if not caching.enabled():
            return make(subset)  # type: ignore[no-any-return]
        key = tuple(subset)
        if key not in made:
            if len(made) >= MAX_SUBSETS:
                for font_file in made.values():
                    _compressed.pop(id(font_file), None)
                made.clear()
            made[key] = font_file = make(subset)
            _compressed[id(font_file)] = (font_file, [])
        return made[key]

    face.makeSubset = make_subset
    _share_compression()


# Each shared font file, by identity (held here, so its id is never another's), and its compressed form.
_compressed: dict[int, tuple[bytes, list[bytes]]] = {}


def _share_compression() -> None:
    """Compress each shared font file once, not once per PDF.

    ReportLab compresses every stream it writes into a PDF; a font file made by ``_share_subsets``
    is the same bytes each time, and zlib's output is a function of its input. Only those font
    files are looked up (by identity): every other stream is compressed as before.
    """
    from reportlab.pdfbase import pdfdoc

    flate = pdfdoc.PDFZCompress
    if "encode" in vars(flate):  # already shared
        return
    encode = flate.encode

    def encode_once(text: Any) -> bytes:
        found = _compressed.get(id(text))
        if found is None or found[0] is not text:
            return encode(text)  # type: ignore[no-any-return]
        if not found[1]:
            found[1].append(encode(text))
        return found[1][0]

    flate.encode = encode_once


def parsed(markup: str, paragraph_style: Any) -> tuple[str, Any, list[Any]] | None:
    """(text, style, fragments) as ReportLab's Paragraph parses ``markup``; None when not cached.

    The fragments are shared by every paragraph made from them: ReportLab lays lines out into
    new lists and only marks each fragment with its (unchanging) kind.
    """
    if not caching.enabled():
        return None
    key = (markup, _by_value(paragraph_style))
    found = _parsed.get(key)
    if found is None:
        from reportlab.platypus import Paragraph

        first = Paragraph(markup, paragraph_style)
        if first.style is not paragraph_style:  # markup that changed the style (<para>): not shared
            return None
        found = (first.text, first.style, first.frags)
        if caching.keeping_text():
            if len(_parsed) >= MAX_PARSED:
                clear()
            _parsed[key] = found
    return found[0], paragraph_style, found[2]


_style_values: dict[int, tuple[Any, tuple[Any, ...]]] = {}
MAX_STYLES = 5_000


# The space around a paragraph and keeping it with the next are the frame's business: neither
# its parse nor its line breaking reads them, so the page-flow engine's tighter or looser passes
# share both.
_AROUND = frozenset({"spaceBefore", "spaceAfter", "keepWithNext"})


def _by_value(paragraph_style: Any) -> tuple[Any, ...]:
    """A paragraph style's settings but the space around it, as a key: clinics whose body text
    is set alike (the same font, size, colour, leading and indents) and the engine's passes at
    other spacings share the parse and line breaking of the same words.

    Worked out once per style object (kept alive here, so its id is never another's)."""
    found = _style_values.get(id(paragraph_style))
    if found is None or found[0] is not paragraph_style:
        if len(_style_values) >= MAX_STYLES:
            _style_values.clear()
        settings = tuple(
            sorted((name, _exact(value)) for name, value in vars(paragraph_style).items() if name not in _AROUND)
        )
        found = _style_values[id(paragraph_style)] = (paragraph_style, (type(paragraph_style), settings))
    return found[1]


def _exact(value: Any) -> Any:
    """A setting as a key part: itself when hashable (colours compare by their exact components)."""
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return (type(value), value)


def laid_out(paragraph: Any, markup: str, width: float, wrap: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    """``wrap()`` (a fresh paragraph made by ``parsed`` laying its lines out at ``width``), done once
    per markup, paragraph style and width: later paragraphs take the attributes it set.

    Breaking lines is the costliest step of a render; ReportLab reads the lines it made
    (``blPara``) when drawing and splitting, and never changes them.
    """
    if not caching.enabled():
        return wrap()
    key = (markup, _by_value(paragraph.style), width)
    found = _laid_out.get(key)
    if found is None:
        before = dict(paragraph.__dict__)
        size = wrap()
        changed = {name: value for name, value in paragraph.__dict__.items() if before.get(name, before) is not value}
        found = (changed, size)
        if caching.keeping_text():
            _laid_out[key] = found
    else:
        paragraph.__dict__.update(found[0])
    return found[1]

"""Pictures prepared once per process, then replayed into every handout that shows them.

Converting an SVG (svglib) and walking the drawing (ReportLab's renderPDF) costs more than
laying out a page of text, and a PNG or JPEG logo is compressed again for every PDF. Here each
picture is checked and converted once per process, keyed by its file, modification time and
size. The first time an SVG is drawn, the canvas calls renderPDF makes are recorded; later
handouts replay them (the same calls with the same arguments, so the same bytes), compiled to
runs of page code between the text calls where nothing on the page can change that code. A
raster picture is scaled and compressed once, and its image object copied into each PDF.
``caching.uncached()`` draws the old way, which the tests compare byte for byte.

The brand colours of an illustration (see ``images.SVG_PRIMARY``) are swapped in the recorded
calls rather than by converting the SVG once per clinic, where that is known to give what
replacing them in the SVG's text gives: the SVG writes each mark only as a whole paint value and
spells no colour another way, or else the first clinic's colours, converted the exact way, gave
the same calls.
"""

from __future__ import annotations

import copy
import io
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from . import caching, images

Colors = tuple[str, str, str]
T = TypeVar("T")
Stamp = tuple[Path, int, int]
Call = tuple[str, tuple[Any, ...], dict[str, Any]]

_lock = threading.Lock()  # renderPDF marks the nodes it walks: one walk of a drawing at a time
_problems: dict[Stamp, str | None] = {}
_sizes: dict[Stamp, tuple[float, float]] = {}
_recordings: dict[tuple[Stamp, Colors | None], tuple[Call, ...]] = {}
_compiled: dict[tuple[Stamp, Colors | None], tuple[dict[str, Any], tuple[Call, ...]] | None] = {}
_first_colors: dict[Stamp, Colors] = {}  # the first clinic colours recorded exactly
_swap_proven: dict[Stamp, bool] = {}
_rasters: dict[tuple[Stamp, float, float], _Encoded] = {}
_measures: dict[tuple[Stamp, Callable[[Any], Any]], Any] = {}


def stamp(path: Path) -> Stamp:
    """What identifies a file's contents cheaply: its path, modification time and size."""
    status = path.stat()
    return path, status.st_mtime_ns, status.st_size


def clear() -> None:
    for cache in (_problems, _sizes, _recordings, _compiled, _first_colors, _swap_proven, _rasters, _measures):
        cache.clear()


def problem_with(path: Path) -> str | None:
    """``images.problem_with``, once per version of the file."""
    if not caching.enabled():
        return images.problem_with(path)
    try:
        key = stamp(path)
    except OSError:
        return images.problem_with(path)  # says what is wrong with a missing or unreadable path
    if key not in _problems:
        _problems[key] = images.problem_with(path)
    return _problems[key]


def pixel_size(path: Path, key: Stamp | None = None) -> tuple[float, float]:
    """``images.pixel_size``, once per version of the file (``key``: its stamp, when known)."""
    if not caching.enabled():
        return images.pixel_size(path)
    key = key or stamp(path)
    if key not in _sizes:
        _sizes[key] = images.pixel_size(path)
    return _sizes[key]


def measured(path: Path, measure: Callable[[Any], T]) -> T:
    """``measure(drawing)`` of an SVG (its colours as in the file), once per version of the file."""
    if not caching.enabled():
        return measure(images.load_svg(path, None))
    key = (stamp(path), measure)
    if key not in _measures:
        _measures[key] = measure(images.load_svg(path, None))
    return _measures[key]  # type: ignore[no-any-return]


def draw(canvas: Any, path: Path, x: float, y: float, width: float, height: float, colors: Colors | None) -> None:
    """Draw a checked picture ``width`` x ``height`` points with its lower left corner at (x, y);
    an SVG's marked brand colours become ``colors`` (None keeps them, as for logos)."""
    key = stamp(path) if caching.enabled() else None  # one look at the file per drawing
    if path.suffix.lower() != ".svg":
        if key is not None:
            _draw_encoded(canvas, _encoded(key, width, height), x, y, width, height)
        else:
            canvas.drawImage(images.raster_for_print(path, width, height), x, y, width, height, mask="auto")
        return
    scale = width / pixel_size(path, key)[0]
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(scale, scale)
    if key is not None:
        _draw_svg(canvas, key, colors)
    else:
        from reportlab.graphics import renderPDF

        with _lock:
            renderPDF.draw(images.load_svg(path, colors), canvas, 0, 0)
    canvas.restoreState()


# ----- SVG: renderPDF's canvas calls recorded on a first drawing, replayed into later ones -----

# The canvas calls renderPDF makes for the shapes svglib produces. Each writes to the page
# only through its arguments and the state set by earlier calls of the same drawing (renderPDF
# sets the font, colours and fill rule of each shape); fonts and transparency are registered
# with the document when a call is replayed, as when drawn live.
_REPLAYABLE = frozenset(
    """saveState restoreState transform setStrokeColor setFillColor setLineWidth setLineCap setLineJoin
    setMiterLimit setDash setFont setFillAlpha setStrokeAlpha setFillOverprint setStrokeOverprint
    setOverprintMask rect roundRect line circle ellipse drawPath clipPath drawString drawInlineImage""".split()  # noqa: SIM905
)
_READ_ONLY = frozenset({"_fontname", "_fontsize", "beginPath"})
# Of those, the calls whose page code depends only on their arguments (and the fill rule the
# drawing set itself), and whose other effects on the canvas nothing in a drawing reads back: a
# replay adds the code they wrote instead of calling them. Colours, transparency, fonts, text and
# saving or restoring the graphics state stay calls in a recording, as they keep state that
# later calls read; _compile turns a whole drawing into code where that is safe.
_CODE_ONLY = frozenset(
    """transform setLineWidth setLineCap setLineJoin setMiterLimit setDash
    rect roundRect line circle ellipse drawPath clipPath""".split()  # noqa: SIM905
)
CODE = "__code__"  # a replayed step that adds page code: ("__code__", (code, ...), {})


class _Recorder:
    """Passes renderPDF's calls through to a canvas, writing down each one for a replay.

    A drawing that touches the canvas any other way is drawn all the same, but marked
    incomplete: it is drawn live every time.
    """

    def __init__(self, canvas: Any) -> None:
        object.__setattr__(self, "canvas", canvas)
        object.__setattr__(self, "calls", [])
        object.__setattr__(self, "complete", True)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.canvas, name)
        if name in _CODE_ONLY:
            return self._code_of(name, value)
        if name in _REPLAYABLE:

            def record(*args: Any, **kwargs: Any) -> Any:
                self.calls.append((name, args, kwargs))
                return value(*args, **kwargs)

            return record
        if name not in _READ_ONLY:
            object.__setattr__(self, "complete", False)
        return value

    def _code_of(self, name: str, method: Any) -> Any:
        def record(*args: Any, **kwargs: Any) -> Any:
            code = self.canvas._code
            count, last = len(code), code[-1] if code else None
            result = method(*args, **kwargs)
            if len(code) >= count and (not count or code[count - 1] is last):
                added = tuple(code[count:])
                if self.calls and self.calls[-1][0] == CODE:
                    added = self.calls.pop()[1] + added
                self.calls.append((CODE, added, {}))
            else:  # it rewrote code before it (``transform`` joins a transform just before): call it
                self.calls.append((name, args, kwargs))
            return result

        return record

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_fillMode":  # renderPDF sets the fill rule as an attribute
            self.calls.append(("__setattr__", (name, value), {}))
        else:
            object.__setattr__(self, "complete", False)
        setattr(self.canvas, name, value)


def _record(drawing: Any, canvas: Any) -> tuple[Call, ...] | None:
    """Draw ``drawing`` at the canvas origin; its calls, or None when a replay cannot repeat them."""
    from reportlab.graphics import renderPDF

    recorder = _Recorder(canvas)
    with _lock:
        renderPDF.draw(drawing, recorder, 0, 0)
    return tuple(recorder.calls) if recorder.complete else None


def _replay(canvas: Any, calls: tuple[Call, ...]) -> None:
    code = canvas._code
    for name, args, kwargs in calls:
        if name == CODE:
            code.extend(args)
        else:
            getattr(canvas, name)(*args, **kwargs)


_TEXT = frozenset({"setFont", "drawString"})


def _graphics_state(canvas: Any) -> dict[str, Any]:
    """What a compiled drawing's code depends on beyond itself: transparency and overprint
    already set on the page, and a colour space the canvas forces."""
    return {"extgstate": dict(canvas._extgstate._d), "color_space": getattr(canvas, "_enforceColorSpace", None)}


def _compile(calls: tuple[Call, ...]) -> tuple[dict[str, Any], tuple[Call, ...]] | None:
    """``calls`` as runs of page code between the text calls, which stay calls (their fonts are
    the document's); None when a call's code could depend on the page it lands on.

    Replayed on a scratch canvas to see each call's code: colours, saving and restoring the
    graphics state, transparency that changes nothing. What these calls also keep in the
    canvas (the current colour, the state stack) is restored by the restoreState around every
    picture, and no text call reads it.
    """
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

    scratch = Canvas(io.BytesIO())
    code, before = scratch._code, _graphics_state(scratch)
    steps: list[Call] = []
    run: list[str] = []
    for name, args, kwargs in calls:
        if name == CODE:
            run.extend(args)
            continue
        if name in _TEXT:
            if run:
                steps.append((CODE, tuple(run), {}))
                run = []
            steps.append((name, args, kwargs))
            getattr(scratch, name)(*args, **kwargs)
            continue
        if name in _COLOUR_CALLS and type(args[0]) is not Color:  # CMYK and spot colours register inks
            return None
        if name not in _REPLAYABLE or name in ("drawInlineImage", "__setattr__"):
            if name == "__setattr__":  # the fill rule: already in the code of the paths drawn with it
                continue
            return None
        count, last, state = len(code), code[-1] if code else None, dict(scratch._extgstate._d)
        getattr(scratch, name)(*args, **kwargs)
        if (count and code[count - 1] is not last) or scratch._extgstate._d != state:
            return None  # it rewrote earlier code, or set transparency (named per document)
        run.extend(code[count:])
    if run:
        steps.append((CODE, tuple(run), {}))
    return before, tuple(steps)


def _draw_svg(canvas: Any, key: Stamp, colors: Colors | None) -> None:
    path = key[0]
    calls = _recordings.get((key, colors)) or _swapped_for(key, path, colors)
    if calls is not None:
        if (key, colors) not in _compiled:
            _compiled[key, colors] = _compile(calls)
        compiled = _compiled[key, colors]
        if compiled is not None and _graphics_state(canvas) == compiled[0]:
            _replay(canvas, compiled[1])
        else:
            _replay(canvas, calls)
        return
    # Converted the exact way (colours replaced in the SVG's text) and recorded as it is drawn.
    recorded = _record(images.load_svg(path, colors), canvas)
    if recorded is not None:
        _recordings[key, colors] = recorded
        if colors is not None and all(c.lower() != m for c, m in zip(colors, _MARKS, strict=True)):
            _first_colors.setdefault(key, colors)


def _swapped_for(key: Stamp, path: Path, colors: Colors | None) -> tuple[Call, ...] | None:
    """The calls for ``colors`` made by swapping colours in the file's plain recording, once
    swapping is known to give what replacing the marks in the SVG's text gives: from the file's
    text, or by comparing with another clinic's colours converted the exact way."""
    if colors is None:
        return None
    if key not in _swap_proven:
        if _marks_only_as_paint(path):
            _swap_proven[key] = True
        elif key not in _first_colors:
            return None
        plain = _plain_recording(key, path)
        if key not in _swap_proven:
            first = _first_colors[key]
            _swap_proven[key] = bool(plain) and _comparable(_swapped(plain, first)) == _comparable(
                _recordings[key, first]
            )
    if not _swap_proven[key] or not _plain_recording(key, path):
        return None
    calls = _recordings[key, colors] = _swapped(_recordings[key, None], colors)
    return calls


def _plain_recording(key: Stamp, path: Path) -> tuple[Call, ...]:
    """The calls of the picture with its marks as they are (recorded on a scratch canvas); () when
    it cannot be replayed."""
    if (key, None) not in _recordings:
        from reportlab.pdfgen.canvas import Canvas

        _recordings[key, None] = _record(images.load_svg(path, None), Canvas(io.BytesIO())) or ()
    return _recordings[key, None]


_PAINT = frozenset({"fill", "stroke", "stop-color", "flood-color", "lighting-color", "color"})
# Ways of writing a colour other than #rrggbb: any of them could make a mark's colour unseen by
# the text replacement. (No mark has a #rgb form or a colour name: see the test.)
_OTHER_COLOUR_SYNTAX = re.compile(r"&#|\b(?:rgba?|hsla?|p?cmyka?|icc-color|device-cmyk)\s*\(", re.IGNORECASE)
_MARK = re.compile("|".join((images.SVG_PRIMARY, images.SVG_ACCENT, images.SVG_PRIMARY_TINT)), re.IGNORECASE)
_CSS_MARK = re.compile(r"(?:^|[;{\s])([a-z-]+)\s*:\s*(" + _MARK.pattern + r")\s*(?=[;}!]|$)", re.IGNORECASE)


def _marks_only_as_paint(path: Path) -> bool:
    """Whether every mark in the SVG's text is a whole colour value of a paint property (an
    attribute, or a declaration in a style attribute or style sheet) and no other spelling of a
    colour is used: then swapping by value equals replacing the marks in the text."""
    from lxml import etree  # type: ignore[import-untyped]

    data = path.read_bytes()
    if _OTHER_COLOUR_SYNTAX.search(data.decode("utf-8", "replace")):
        return False
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for element in etree.fromstring(data, parser).iter():
        if _MARK.search(element.tail or ""):  # words after the element, in its parent: printed
            return False
        if not isinstance(element.tag, str):  # a comment or processing instruction: never drawn
            continue
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2]
            if local == "style":
                if not _marks_in_declarations(value):
                    return False
            elif _MARK.search(value) and not (local in _PAINT and _MARK.fullmatch(value.strip())):
                return False
        text = element.text or ""
        if element.tag.rpartition("}")[2] == "style":
            if not _marks_in_declarations(text):
                return False
        elif _MARK.search(text):  # words that would be printed
            return False
    return True


def _marks_in_declarations(css: str) -> bool:
    """Whether every mark in ``css`` is the whole value of a paint property declaration."""
    paints = [m for m in _CSS_MARK.finditer(css) if m.group(1).lower() in _PAINT]
    return len(paints) == len(_MARK.findall(css))


_MARKS = (images.SVG_PRIMARY, images.SVG_ACCENT, images.SVG_PRIMARY_TINT)
_COLOUR_CALLS = frozenset({"setFillColor", "setStrokeColor"})


def _swapped(calls: tuple[Call, ...], colors: Colors) -> tuple[Call, ...]:
    """``calls`` with each colour equal to a brand mark replaced by the clinic's (alpha kept)."""
    from reportlab.lib.colors import Color, HexColor

    swaps = {HexColor(mark).rgb(): HexColor(color) for mark, color in zip(_MARKS, colors, strict=True)}
    out: list[Call] = []
    for name, args, kwargs in calls:
        color: Any = args[0] if name in _COLOUR_CALLS and args else None
        if type(color) is Color and color.rgb() in swaps:
            new = copy.copy(swaps[color.rgb()])
            new.alpha = color.alpha
            args = (new, *args[1:])
        out.append((name, args, kwargs))
    return tuple(out)


def _comparable(calls: tuple[Call, ...]) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.pathobject import PDFPathObject

    def plain(value: Any) -> Any:
        if isinstance(value, PDFPathObject):
            return ("path", value.getCode())
        if isinstance(value, Color):
            return (type(value).__name__, value.rgba())
        return value

    return [(name, tuple(map(plain, args)), {k: plain(v) for k, v in kwargs.items()}) for name, args, kwargs in calls]


# ----- PNG and JPEG: compressed once, the same image object's data in every PDF -----


@dataclass(frozen=True)
class _Encoded:
    name: str  # ReportLab's digest of the pixels: the image's name in the PDF
    image: Any  # the PDFImageXObject, as ReportLab made it for a first PDF
    mask: Any  # its soft mask (transparency) image object, or None


def _encoded(file: Stamp, width: float, height: float) -> _Encoded:
    path, key = file[0], (file, width, height)
    if key not in _rasters:
        from reportlab.pdfgen.canvas import Canvas

        # ReportLab names, compresses and registers the image in a scratch PDF; its objects,
        # unregistered again, are copied into each handout's PDF.
        scratch = Canvas(io.BytesIO())
        scratch.drawImage(images.raster_for_print(path, width, height), 0, 0, width, height, mask="auto")
        name = scratch._formsinuse[-1]
        image = scratch._doc.idToObject[scratch._doc.getXObjectName(name)]
        mask = scratch._doc.idToObject[image.smask.name] if getattr(image, "smask", None) is not None else None
        _rasters[key] = _Encoded(name, _unregistered(image), _unregistered(mask) if mask is not None else None)
    return _rasters[key]


def _unregistered(image: Any) -> Any:
    """A copy of an image object without what registering it in one PDF added."""
    from reportlab.pdfbase.pdfdoc import __InternalName__ as registered_as

    fresh = copy.copy(image)
    for attribute in (registered_as, "XObjects", "smask"):
        fresh.__dict__.pop(attribute, None)
    return fresh


def _draw_encoded(canvas: Any, encoded: _Encoded, x: float, y: float, width: float, height: float) -> None:
    """What ``Canvas.drawImage`` does for an image, minus converting and compressing the pixels."""
    from reportlab.pdfbase.pdfdoc import PDFObjectReference

    doc = canvas._doc
    canvas._currentPageHasImages = 1
    registered = doc.getXObjectName(encoded.name)
    if doc.idToObject.get(registered) is None:
        image = copy.copy(encoded.image)
        canvas._setXObjects(image)
        doc.Reference(image, registered)
        doc.addForm(encoded.name, image)
        if encoded.mask is not None:
            mask_name = doc.getXObjectName(encoded.mask.name)
            if doc.idToObject.get(mask_name) is None:
                mask = copy.copy(encoded.mask)
                canvas._setXObjects(mask)
                image.smask = doc.Reference(mask, mask_name)
            else:
                image.smask = PDFObjectReference(mask_name)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(encoded.name)

"""Pictures prepared once per process, then replayed into every handout that shows them.

Converting an SVG (svglib) and walking the drawing (ReportLab's renderPDF) costs more than
laying out a page of text, and a PNG or JPEG logo is compressed again for every PDF. Here each
picture is checked, converted and walked once per process, keyed by its file, modification
time and size; each handout then replays the recorded canvas calls onto its own canvas (the same
calls with the same arguments, so the bytes are those of drawing it afresh), and a raster
picture's compressed image is shared by every PDF. ``uncached()`` draws the old way, which the
tests compare byte for byte.

The brand colours of an illustration (see ``images.SVG_PRIMARY``) are swapped in the recorded
calls rather than by converting the SVG once per clinic: the first clinic's colours are
converted the exact way too, and the swap is used for a file only once it gave the same calls.
"""

from __future__ import annotations

import contextlib
import copy
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import images

Colors = tuple[str, str, str]
Stamp = tuple[Path, int, int]
Call = tuple[str, tuple[Any, ...], dict[str, Any]]

_enabled = True
_lock = threading.Lock()  # renderPDF marks the nodes it walks: one walk of a drawing at a time
_problems: dict[Stamp, str | None] = {}
_sizes: dict[Stamp, tuple[float, float]] = {}
_recordings: dict[tuple[Stamp, Colors | None], tuple[Call, ...] | None] = {}
_swap_proven: dict[Stamp, bool] = {}
_rasters: dict[tuple[Stamp, float, float], _Encoded] = {}


def stamp(path: Path) -> Stamp:
    """What identifies a file's contents cheaply: its path, modification time and size."""
    status = path.stat()
    return path, status.st_mtime_ns, status.st_size


@contextlib.contextmanager
def uncached() -> Iterator[None]:
    """Check, measure and draw every picture afresh (the reference the tests compare against)."""
    global _enabled
    _enabled = False
    try:
        yield
    finally:
        _enabled = True


def clear() -> None:
    for cache in (_problems, _sizes, _recordings, _swap_proven, _rasters):
        cache.clear()


def problem_with(path: Path) -> str | None:
    """``images.problem_with``, once per version of the file."""
    if not _enabled:
        return images.problem_with(path)
    try:
        key = stamp(path)
    except OSError:
        return images.problem_with(path)  # says what is wrong with a missing or unreadable path
    if key not in _problems:
        _problems[key] = images.problem_with(path)
    return _problems[key]


def pixel_size(path: Path) -> tuple[float, float]:
    """``images.pixel_size``, once per version of the file."""
    if not _enabled:
        return images.pixel_size(path)
    key = stamp(path)
    if key not in _sizes:
        _sizes[key] = images.pixel_size(path)
    return _sizes[key]


def draw(canvas: Any, path: Path, x: float, y: float, width: float, height: float, colors: Colors | None) -> None:
    """Draw a checked picture ``width`` x ``height`` points with its lower left corner at (x, y);
    an SVG's marked brand colours become ``colors`` (None keeps them, as for logos)."""
    if path.suffix.lower() != ".svg":
        if _enabled:
            _draw_encoded(canvas, _encoded(path, width, height), x, y, width, height)
        else:
            canvas.drawImage(images.raster_for_print(path, width, height), x, y, width, height, mask="auto")
        return
    scale = width / pixel_size(path)[0]
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(scale, scale)
    calls = _recording(path, colors) if _enabled else None
    if calls is None:
        from reportlab.graphics import renderPDF

        renderPDF.draw(images.load_svg(path, colors), canvas, 0, 0)
    else:
        for name, args, kwargs in calls:
            getattr(canvas, name)(*args, **kwargs)
    canvas.restoreState()


# ----- SVG: record renderPDF's canvas calls once, replay them into each handout -----


class _NotReplayable(Exception):
    """The drawing asked the canvas for something the replay does not cover (draw it live)."""


# The canvas calls renderPDF makes for the shapes svglib produces. Each writes to the page
# only through its arguments and the state set by earlier calls of the same drawing; fonts and
# transparency are registered with the document when the call is replayed, as when drawn live.
_REPLAYABLE = frozenset(
    [
        "saveState",
        "restoreState",
        "transform",
        "setStrokeColor",
        "setFillColor",
        "setLineWidth",
        "setLineCap",
        "setLineJoin",
        "setMiterLimit",
        "setDash",
        "setFont",
        "setFillAlpha",
        "setStrokeAlpha",
        "setFillOverprint",
        "setStrokeOverprint",
        "setOverprintMask",
        "rect",
        "roundRect",
        "line",
        "circle",
        "ellipse",
        "drawPath",
        "clipPath",
        "drawString",
        "drawInlineImage",
    ]
)
_READABLE = frozenset({"_fontname", "_fontsize", "beginPath"})


class _Recorder:
    """Stands in for the canvas while renderPDF walks a drawing: each call runs on a scratch
    canvas (so what renderPDF reads back is right) and is written down to be replayed."""

    def __init__(self) -> None:
        from reportlab.pdfgen.canvas import Canvas

        self.scratch = Canvas(io.BytesIO())
        self.calls: list[Call] = []

    def __getattr__(self, name: str) -> Any:
        if name in _READABLE:
            return getattr(self.scratch, name)
        if name not in _REPLAYABLE:
            raise _NotReplayable(name)
        method = getattr(self.scratch, name)

        def record(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            return method(*args, **kwargs)

        return record

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_fillMode":  # renderPDF sets the fill rule as an attribute
            self.calls.append(("__setattr__", (name, value), {}))
            setattr(self.scratch, name, value)
        else:
            object.__setattr__(self, name, value)


def _record(drawing: Any) -> tuple[Call, ...] | None:
    """renderPDF's calls for ``drawing`` at the origin; None when it needs more than a replay."""
    from reportlab.graphics import renderPDF

    recorder = _Recorder()
    try:
        with _lock:
            renderPDF.draw(drawing, recorder, 0, 0)
    except _NotReplayable:
        return None
    return tuple(recorder.calls)


def _recording(path: Path, colors: Colors | None) -> tuple[Call, ...] | None:
    """The calls that draw ``path`` in ``colors``; None when it must be drawn live."""
    key = stamp(path)
    if (key, colors) in _recordings:
        return _recordings[key, colors]
    if (key, None) not in _recordings:
        _recordings[key, None] = _record(images.load_svg(path, None))
    plain = _recordings[key, None]
    if plain is None or colors is None:
        calls = plain
    elif _swap_proven.get(key):
        calls = _swapped(plain, colors)
    else:
        # Converted the exact way (colours replaced in the SVG's text); swapping colours in the
        # calls is trusted for this file once it gives the same, for colours unlike every mark.
        calls = _record(images.load_svg(path, colors))
        if calls is not None and all(c.lower() != m for c, m in zip(colors, _MARKS, strict=True)):
            _swap_proven[key] = _comparable(_swapped(plain, colors)) == _comparable(calls)
    _recordings[key, colors] = calls
    return calls


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


def _encoded(path: Path, width: float, height: float) -> _Encoded:
    key = (stamp(path), width, height)
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

"""Pictures for the web page: SVG inline (cleaned), PNG and JPEG as data: addresses.

The page must never ask another address for anything, and a picture passed between clinics must
not run code on a reader's phone. So an inline SVG keeps only drawing elements and attributes, and
links inside it only to its own parts; an SVG with its own style sheet (which would restyle the
whole page) is shown through ``<img>``, where a browser keeps it apart and runs nothing.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from typing import Any

from ..markup import plain, to_html

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# Elements that draw; anything else (script, foreignObject, style, a, animation) is dropped,
# title and desc too: the topic's alt text names the picture, in the topic's language.
DRAWING = frozenset(
    [
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "path",
        "line",
        "rect",
        "circle",
        "ellipse",
        "polygon",
        "polyline",
        "text",
        "tspan",
        "textPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "pattern",
        "marker",
        "image",
    ]
)
_REFERENCE = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)['\"]?\s*\)")
_ANY_URL = re.compile(r"url\s*\(|@import|expression\s*\(|javascript:", re.IGNORECASE)
_EMBEDDED = re.compile(r"data:image/(png|jpe?g);base64,", re.IGNORECASE)
MAX_RASTER_SIDE = 1600  # pixels: sharp on any phone or print at the sizes pictures are shown


def picture(file: Path, alt: str, prefix: str, colors: tuple[str, str, str] | None) -> str:
    """The picture as markup that announces ``alt`` (empty ``alt``: decorative, hidden from screen
    readers). ``prefix`` keeps the ids of several inline SVGs apart; ``colors`` (primary, accent,
    light tint) replace the marked brand colours of illustrations, as in the PDF."""
    from ..images import checked_bytes

    data = checked_bytes(file)
    if file.suffix.lower() == ".svg":
        root = _parse_svg(data)
        if root.find(f".//{{{SVG}}}style") is None:
            return _inline_svg(root, alt, prefix, colors)
        return _img("image/svg+xml", _swapped(data, colors), alt)
    return _img(*_raster(data), alt)


def _parse_svg(data: bytes) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    return etree.fromstring(data, parser)


def _swapped(data: bytes, colors: tuple[str, str, str] | None) -> bytes:
    from .. import images

    if colors is None:
        return data
    marks = {images.SVG_PRIMARY: colors[0], images.SVG_ACCENT: colors[1], images.SVG_PRIMARY_TINT: colors[2]}
    pattern = re.compile("|".join(marks).encode(), re.IGNORECASE)
    return pattern.sub(lambda m: marks[m.group(0).decode().lower()].encode(), data)


def _inline_svg(root: Any, alt: str, prefix: str, colors: tuple[str, str, str] | None) -> str:
    from lxml import etree

    _keep_drawing_only(root)
    ids = {element.get("id"): f"{prefix}-{element.get('id')}" for element in root.iter() if element.get("id")}
    for element in root.iter():
        _clean_attributes(element, ids)
    if root.get("viewBox") is None and (size := _size(root)):
        root.set("viewBox", f"0 0 {size[0]:g} {size[1]:g}")
    for name in ("width", "height", "x", "y"):
        root.attrib.pop(name, None)
    root.set("class", "picture")
    root.set("focusable", "false")
    if alt:
        root.set("role", "img")
        root.set("aria-label", plain(alt))
    else:
        root.set("aria-hidden", "true")
    etree.cleanup_namespaces(root)
    text = etree.tostring(root, encoding="unicode")
    return _swapped(text.encode(), colors).decode()


def _keep_drawing_only(root: Any) -> None:
    for element in list(root.iter()):
        if element is root or element.getparent() is None:
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        namespace, _, name = tag.rpartition("}")
        if namespace.lstrip("{") != SVG or name not in DRAWING:
            element.getparent().remove(element)


def _clean_attributes(element: Any, ids: dict[str, str]) -> None:
    """Drop event handlers, links outside the picture and styles that load anything; give ids
    their prefix and point references at the prefixed ids."""
    for name, value in list(element.attrib.items()):
        namespace, _, local = name.rpartition("}")
        if local.lower().startswith("on") or namespace.lstrip("{") not in ("", XLINK, XML):
            del element.attrib[name]  # event handlers; editors' own attributes (inkscape:label)
        elif local == "href":
            del element.attrib[name]
            if value.startswith("#") and value[1:] in ids:
                element.set("href", "#" + ids[value[1:]])
            elif _EMBEDDED.match(value.strip()):  # a PNG or JPEG inside the SVG, checked when loaded
                element.set("href", value.strip())
        elif local == "id":
            element.set(name, ids[value])
        elif local == "font-family":
            if "bold" in value.lower() and element.get("font-weight") is None:
                element.set("font-weight", "bold")
            element.set(name, "inherit")  # the page's font: in the SVGs, Atkinson names the handout font
        else:
            linked = _REFERENCE.sub(lambda m: f"url(#{ids[m.group(1)]})" if m.group(1) in ids else "none", value)
            if _ANY_URL.search(_REFERENCE.sub("", linked)):
                del element.attrib[name]
            elif linked != value:
                element.set(name, linked)


def _size(root: Any) -> tuple[float, float] | None:
    numbers = [re.match(r"\s*([0-9.]+)", root.get(name) or "") for name in ("width", "height")]
    if numbers[0] and numbers[1]:
        return float(numbers[0].group(1)), float(numbers[1].group(1))
    return None


def _img(media_type: str, data: bytes, alt: str) -> str:
    address = f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
    return f'<img class="picture" src="{address}" alt="{to_html(plain(alt))}">'


def _raster(data: bytes) -> tuple[str, bytes]:
    """(media type, bytes) of a PNG or JPEG: the picture as it is, or scaled down when larger than
    any screen shows it (a 24-megapixel photo would make a page of many megabytes)."""
    from PIL import Image

    from ..images import RASTER_FORMATS

    with Image.open(io.BytesIO(data), formats=RASTER_FORMATS) as image:
        kind = str(image.format)
        if max(image.size) <= MAX_RASTER_SIDE:
            return f"image/{kind.lower()}", data
        copy = image.copy()
    copy.thumbnail((MAX_RASTER_SIDE, MAX_RASTER_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if kind == "PNG":
        copy.save(out, "PNG")
    else:
        copy.convert("RGB").save(out, "JPEG", quality=88)
    return f"image/{kind.lower()}", out.getvalue()

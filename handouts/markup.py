"""User text -> escaped markup, one function per output: ReportLab paragraph markup for the PDF,
HTML for the web page. The one place markup is made.

Only ``**bold**`` is markup; every other character, ``<``, ``&`` and a lone ``*`` included, is
printed as typed. Neither ReportLab's tags nor a browser ever see raw user text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities (html.escape: xml.sax.saxutils would import urllib and ssl)."""
    return html.escape(text, quote=False)


def _marked(text: str, quote: Callable[[str], str], bold: tuple[str, str]) -> str:
    """``text`` escaped by ``quote``, with balanced ``**bold**`` pairs between the ``bold`` tags."""
    out: list[str] = []
    position = 0
    for match in _BOLD.finditer(text):
        out.append(quote(text[position : match.start()]))
        out.append(bold[0] + quote(match.group(1)) + bold[1])
        position = match.end()
    out.append(quote(text[position:]))
    return "".join(out)


def to_markup(text: str) -> str:
    """Escape ``text`` and turn balanced ``**bold**`` pairs into ``<b>`` tags (ReportLab markup)."""
    return _marked(text, escape, ("<b>", "</b>"))


def to_html(text: str) -> str:
    """Escape ``text`` for HTML (quotes too, so it is safe in an attribute value) and turn balanced
    ``**bold**`` pairs into ``<strong>``. For an attribute, pass ``plain(text)``."""
    return _marked(text, html.escape, ("<strong>", "</strong>"))


def plain(text: str) -> str:
    """The text a reader sees: ``**`` pairs removed, nothing else changed."""
    return _BOLD.sub(r"\1", text)

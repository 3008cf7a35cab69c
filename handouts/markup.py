"""User text -> ReportLab paragraph markup. The one place markup is made.

Only ``**bold**`` is markup; every other character, ``<``, ``&`` and a lone ``*`` included, is
printed as typed. ReportLab's own tags never see raw user text.
"""

from __future__ import annotations

import re
from html import escape as _escape


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities (html.escape: xml.sax.saxutils would import urllib and ssl)."""
    return _escape(text, quote=False)


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)


def to_markup(text: str) -> str:
    """Escape ``text`` and turn balanced ``**bold**`` pairs into ``<b>`` tags."""
    out: list[str] = []
    position = 0
    for match in _BOLD.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append("<b>" + escape(match.group(1)) + "</b>")
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def plain(text: str) -> str:
    """The text a reader sees: ``**`` pairs removed, nothing else changed."""
    return _BOLD.sub(r"\1", text)

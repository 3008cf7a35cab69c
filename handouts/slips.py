"""Typing slips that YAML accepts but that print wrong; ``check`` warns about each, with its line.

- Curly quotes around a whole value (Word and phones type them): YAML keeps them as text, so
  they print, where straight quotes would have been taken away.
- A forgotten "- ": YAML joins the line to the list item above it, so two items print as one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .yamlfile import Path_, YamlDocument, format_path

if TYPE_CHECKING:
    from .checks import Report
    from .loading import LoadedTopic

_OPENING = "“‘„«"
_CLOSING = "”’“»"
_SENTENCE_END = re.compile(r"[.!?]$")
_CONTINUES = re.compile(r"[\w)]$")


def check_slips(loaded: LoadedTopic, report: Report) -> list[Problem]:
    return typing_slips(loaded.doc)


def typing_slips(doc: YamlDocument) -> list[Problem]:
    """Every curly-quoted whole value and every list item that swallowed the next line."""
    lines = doc.text.splitlines()
    problems: list[Problem] = []
    for path, value in _strings(doc.data, ()):
        if path not in doc.values:
            continue
        line, column = doc.values[path]
        typed = lines[line - 1][column - 1 :] if line <= len(lines) else ""
        if typed[:1] in _OPENING and value[:1] in _OPENING and value[-1:] in _CLOSING:
            problems.append(
                doc.problem(
                    path,
                    f"the text is wrapped in curly quotes ({value[0]}…{value[-1]}), which print; only straight "
                    'quotes (") are taken away: retype them as straight quotes, or remove them',
                    severity="warning",
                )
            )
        if path and isinstance(path[-1], int) and typed[:1] not in "\"'|>" and (joined := _joined(lines, line, value)):
            first, second, at = joined
            problems.append(
                Problem(
                    f'two lines became one item: "{first}" and "{second}"; if they are two items, start the second '
                    'line with "- "',
                    doc.origin(path),
                    at + 1,
                    len(lines[at]) - len(lines[at].lstrip()) + 1,
                    format_path(path),
                    "warning",
                )
            )
    return problems


def _strings(value: Any, path: Path_) -> list[tuple[Path_, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, (*path, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _strings(item, (*path, index))]
    return []


def _joined(lines: list[str], line: int, value: str) -> tuple[str, str, int] | None:
    """For a plain list item starting on 1-based ``line``: its text and the next line's, and that
    line's index, when the next line looks like a new item whose "- " was left out: it starts with
    a capital after a finished sentence, or after a line that ended without punctuation."""
    item = lines[line - 1]
    if not item.lstrip().startswith("- ") or line >= len(lines):
        return None
    following = lines[line]
    indent = len(item) - len(item.lstrip(" -"))
    text = following.strip()
    if not text or len(following) - len(following.lstrip()) < indent or text.startswith(("- ", "#")):
        return None
    if text not in value:
        return None  # not more of this item's text
    first = item.strip().lstrip("- ").strip()
    if text[:1].isupper() and (_SENTENCE_END.search(first) or _CONTINUES.search(first)):
        return first, text, line
    return None

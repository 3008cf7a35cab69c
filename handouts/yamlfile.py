"""Read one YAML file into plain data, remembering where every key and value stands.

PyYAML's parser gives events with positions; building the data here, rather than with
its constructor, lets us refuse duplicate keys, aliases, tags, deep nesting and control
characters before they cost memory or a crash, and keeps every scalar exactly as typed (``No``
stays ``"No"``, ``1.10`` stays ``"1.10"``): the models coerce the few fields that are not text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import HandoutError, Problem
from .userfiles import UnreadableFile, read_limited

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
NULL_WORDS = {"", "~", "null", "Null", "NULL"}

Path_ = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Plain data from one file, with 1-based (line, column) of each value and key."""

    file: Path
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    origins: dict[Path_, Path] = field(default_factory=dict)
    """For merged documents (a style and what it extends): the file each spot came from."""
    text: str = ""
    """The text as read, for lints that look at how a value was typed (``check``'s typing slips)."""

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that was in the file."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def origin(self, path: Path_) -> Path:
        """The file that holds ``path`` (or its nearest ancestor)."""
        path = tuple(path)
        while path and path not in self.origins:
            path = path[:-1]
        return self.origins.get(path, self.file)

    def problem(self, path: Path_, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        line, column = self.where(path, key=key)
        return Problem(message, self.origin(path), line, column, format_path(path), severity)


def format_path(path: Path_) -> str:
    """``("sections", 2, "body")`` -> ``sections[2].body``."""
    text = ""
    for part in path:
        if isinstance(part, str) and not part.isprintable():  # a key with a control character in it
            part = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in part)
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_yaml(file: Path) -> YamlDocument:
    """Read ``file``; raise HandoutError naming every problem found on the way."""
    try:
        raw = read_limited(file, MAX_BYTES)
    except UnreadableFile as error:
        if error.too_big:
            # Located at 1:1 so the line reads like every other problem in the file.
            raise _fail(
                file,
                f"the file {error.message}; a topic or style is never this big: check that this is the right file",
                1,
                1,
            ) from None
        raise HandoutError([Problem(error.message, file)]) from None
    text = unicodedata.normalize("NFC", _decode(file, raw))
    if _CONTROL.search(text):
        raise HandoutError(_control_problems(file, text))
    return _build(file, text)


# Characters YAML refuses (C0 and C1 controls but tab and line ends; U+FFFE, U+FFFF): found here,
# so each is named with its line and field rather than by the parser's bare "unacceptable character".
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed (page break)",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line (NEL)",
}
_LINE_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")  # what YAML counts as a new line
MAX_CONTROL_PROBLEMS = 10


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``, counting lines the way YAML does."""
    line, start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def _control_problems(file: Path, text: str) -> list[Problem]:
    """One problem per control character (up to a limit), each with its line, column and field.

    They are refused rather than dropped: an invisible character usually comes from pasting out
    of another program, and the user should see where, not get text changed behind their back.
    """
    found = list(_CONTROL.finditer(text))
    # Parse a copy with spaces in their place to learn which key or value each one sits in.
    try:
        spots = _build(file, _CONTROL.sub(" ", text))
    except HandoutError:
        spots = None
    problems = []
    for match in found[:MAX_CONTROL_PROBLEMS]:
        code = ord(match.group())
        line, column = _position(text, match.start())
        name = _CONTROL_NAMES.get(code, "control character")
        field = format_path(_path_at(spots, (line, column))) if spots is not None else ""
        problems.append(
            Problem(
                f"invisible {name} U+{code:04X} in the text; delete it (it often comes from copying out of "
                "another program, and most editors do not show it)",
                file,
                line,
                column,
                field,
            )
        )
    if len(found) > MAX_CONTROL_PROBLEMS:
        line, column = _position(text, found[MAX_CONTROL_PROBLEMS].start())
        problems.append(
            Problem(f"and {len(found) - MAX_CONTROL_PROBLEMS} more invisible control characters", file, line, column)
        )
    return problems


def _path_at(doc: YamlDocument, spot: tuple[int, int]) -> Path_:
    """The key or value that starts nearest before ``spot`` (the deepest one on a tie)."""
    best: tuple[tuple[int, int], int, Path_] = ((0, 0), -1, ())
    for table in (doc.values, doc.keys):
        for path, where in table.items():
            if where <= spot and (where, len(path)) > best[:2]:
                best = (where, len(path), path)
    return best[2]


def _fail(file: Path, message: str, line: int | None = None, column: int | None = None) -> HandoutError:
    return HandoutError([Problem(message, file, line, column)])


def _decode(file: Path, raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _fail(
                file, "the file starts like UTF-16 but is not valid UTF-16; re-save the file as UTF-8", 1, 1
            ) from None
    if b"\x00" in raw[:4096]:
        before = raw[: raw.index(b"\x00")]
        line = before.count(b"\n") + 1
        raise _fail(
            file,
            "the file holds NUL bytes: it looks like UTF-16 text saved without a byte-order mark; "
            "re-save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
            line,
            len(before) - (before.rfind(b"\n") + 1) + 1,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[error.start]
        raise _fail(
            file,
            f"byte 0x{byte:02X} is not UTF-8 text; re-save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
            line,
            column,
        ) from None


_HINTS = {
    "found undefined tag handle": "remove the '!' or put the text in quotes",
    "did not find expected key": "check the indentation, or put text containing ':' or '#' in quotes",
    "never closed": "add the missing closing quote or bracket",
}


def _syntax_problem(file: Path, error: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if "end of stream" in problem and context and context_mark is not None:
        # Point at what was left open (a quote or bracket), not at the end of the file.
        what = context.removeprefix("while scanning ").removeprefix("while parsing ")
        problem = f"{what.replace('scalar', 'text')} starting here is never closed"
        mark = context_mark
    if isinstance(error, yaml.reader.ReaderError):
        problem = (
            f"unacceptable character U+{error.character:04X}"
            if isinstance(error.character, int)
            else "unreadable character"
        )
        spot = _position(text, error.position) if 0 <= error.position <= len(text) else (None, None)
        return Problem(f"YAML syntax: {problem}; remove it or re-save the file as plain UTF-8 text", file, *spot)
    if mark is None:
        return Problem(f"YAML syntax: {problem}", file)
    if plain := _in_plain_words(problem, mark, context_mark, text.splitlines()):
        message, (line, column) = plain
        return Problem(message, file, line, column)
    hint = next((h for key, h in _HINTS.items() if key in problem), "")
    # The parser often notices a problem only on the line after the one at fault.
    nearby = _line(text, mark.line) + "\n" + _line(text, mark.line - 1)
    if re.search(r"(?::|-)\s+#[0-9A-Fa-f]{3,6}\b", nearby):
        hint = 'put colours in quotes, e.g. "#0055A4" (YAML reads an unquoted # as the start of a comment)'
    message = f"YAML syntax: {problem}" + (f"; {hint}" if hint else "")
    return Problem(message, file, mark.line + 1, mark.column + 1)


_KEY_LINE = re.compile(r"^(?P<indent>\s*(?:- +)*)(?P<key>[A-Za-z_][\w-]*):(?: +(?P<value>.*))?$")
_LIST_ITEM = re.compile(r"^(?P<indent>\s*(?:- +)+)(?P<value>.*)$")


def _in_plain_words(problem: str, mark: Any, context_mark: Any, lines: list[str]) -> tuple[str, tuple[int, int]] | None:
    """The mistakes people make most, said in their terms and placed on the line at fault:
    a colon inside a sentence, a line without its colon, a tab, a quote that ends too soon."""
    line = _line_of(lines, mark.line)
    if "cannot start any token" in problem and "\t" in line[: mark.column + 1]:
        return (
            "this line is indented with a tab; indent with spaces only (tabs cannot be used in these files)",
            (mark.line + 1, mark.column + 1),
        )
    if "could not find expected ':'" in problem and context_mark is not None:
        return _missing_colon(_line_of(lines, context_mark.line)), (context_mark.line + 1, context_mark.column + 1)
    if "mapping values are not allowed" in problem:
        before = line[: mark.column]
        if ":" not in before and _KEY_LINE.match(line):
            # A key at the start of its line is fine: the line above lacks its own colon, so YAML
            # read this line as more of that line's text.
            above = _above(lines, mark.line)
            if above is None:
                return None
            indent = len(lines[above]) - len(lines[above].lstrip(" -"))
            if ":" not in lines[above]:
                return _missing_colon(lines[above]), (above + 1, indent + 1)
            if (glued := re.match(r"\s*(?:- +)*([A-Za-z_][\w-]*):(\S.*)$", lines[above])) and ": " not in lines[above]:
                return (
                    f"there is no space after the colon; write it as {glued[1]}: {glued[2]}",
                    (above + 1, indent + len(glued[1]) + 2),
                )
            if _indent(line) > _indent(lines[above]):
                return (
                    "this line is indented further than the line above, which already has its value; "
                    "line it up with the name above it",
                    (mark.line + 1, _indent(line) + 1),
                )
            return None
        return _colon_in_text(line, mark.column), (mark.line + 1, mark.column + 1)
    if "expected '-' indicator" in problem or "expected <block end>" in problem:
        item = _KEY_LINE.match(line) or _LIST_ITEM.match(line)
        value = (item["value"] or "").strip() if item else ""
        if item and value[:1] in "\"'" and value[-1:] != value[:1]:
            return (
                "the text starts with a quote mark, so it must end with one; put the whole text in quotes: "
                + _suggest(item, value),
                (mark.line + 1, mark.column + 1),
            )
        if _KEY_LINE.match(line):
            return (
                "this line is not lined up with the lines above it; indent it with as many spaces as the other "
                "names at its level",
                (mark.line + 1, mark.column + 1),
            )
    if "did not find expected key" in problem and line.lstrip().startswith("- "):
        above = _above(lines, mark.line)
        if above is not None and lines[above].lstrip().startswith("- ") and _indent(lines[above]) != _indent(line):
            return (
                f'this item is not lined up with the item above it ({_indent(line)} spaces before its "-", '
                f"{_indent(lines[above])} above); give both the same number of spaces",
                (mark.line + 1, _indent(line) + 1),
            )
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_of(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _above(lines: list[str], index: int) -> int | None:
    """The nearest line above ``index`` that is not blank or a comment."""
    for above in range(index - 1, -1, -1):
        if lines[above].strip() and not lines[above].lstrip().startswith("#"):
            return above
    return None


def _suggest(match: re.Match[str], text: str) -> str:
    """The line as it should be typed: its dash and name as they were, then ``text`` in quotes."""
    key = f"{match['key']}:" if "key" in match.groupdict() else ""
    return " ".join(part for part in (match["indent"].strip(), key, quoted(text)) if part)


def _missing_colon(line: str) -> str:
    words = line.strip().removeprefix("- ").split(maxsplit=1)
    if len(words) == 2 and re.fullmatch(r"[a-z_]+", words[0]):
        return (
            f"this line has no ':' after its name; write it as {words[0]}: {words[1]} "
            "(the name, a colon, a space, then the value)"
        )
    return (
        "this line is not a 'name: value' line or a list item; if it is one more item of the list above, "
        "start it with '- ', or if it continues the text above, move it onto that line"
    )


def _colon_in_text(line: str, column: int) -> str:
    """For ``title: Flat feet: what to know``: the second colon splits the text."""
    match = _KEY_LINE.match(line) or _LIST_ITEM.match(line)
    if match is None or match["value"] is None:
        return "this text has a colon followed by a space in it; put the whole text in quotes"
    before = line[match.start("value") : column].strip()
    return (
        f'the colon after "{before}" makes this line read as a "name: value" pair; put the whole text in quotes: '
        + _suggest(match, match["value"].strip())
    )


def quoted(text: str) -> str:
    """``text`` in YAML quotes, as the user should type it: double quotes, or single ones when it holds a double."""
    if '"' not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _build(file: Path, text: str) -> YamlDocument:
    try:
        return _build_with(file, text, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except _TooDeepForC:
        # libyaml (PyYAML 6.0.3+) refuses very deep nesting with its own words while reading
        # ahead; the pure-Python parser streams, so our own refusal names the level that is too deep.
        return _build_with(file, text, yaml.SafeLoader)


class _TooDeepForC(Exception):
    pass


def _build_with(file: Path, text: str, loader: Any) -> YamlDocument:
    doc = YamlDocument(file, None, text=text)
    problems: list[Problem] = []
    # Each frame: [container, path, pending key or None]
    stack: list[list[Any]] = []
    result: Any = None
    documents = 0

    def at(mark: Any) -> tuple[int, int]:
        return (mark.line + 1, mark.column + 1)

    def add(value: Any, mark: Any, event: Any) -> Path_ | None:
        """Place a finished value into its parent; return its path (None when dropped)."""
        nonlocal result
        if not stack:
            result = value
            doc.values[()] = at(mark)
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
            doc.values.setdefault(child, at(mark))
            return child
        key = frame[2]
        if key is _NO_KEY:
            if not isinstance(value, str):
                problems.append(
                    Problem(
                        "a key must be a plain word such as 'title:', not a list or a mapping; "
                        "put the text in quotes if it starts with '[', '{' or '?'",
                        file,
                        *at(mark),
                        _fmt(path),
                    )
                )
                frame[2] = _BAD_KEY
                return None
            child = (*path, value)
            if value in container:
                first = doc.keys[child][0]
                problems.append(
                    Problem(
                        f"duplicate key '{format_path((value,))}' (first set on line {first}); remove one of them",
                        file,
                        *at(mark),
                        _fmt(child),
                    )
                )
                frame[2] = _BAD_KEY
                return None
            doc.keys[child] = at(mark)
            frame[2] = value
            return None
        if key is not _BAD_KEY:
            container[key] = value
            doc.values.setdefault((*path, key), at(mark))
        frame[2] = _NO_KEY
        return (*path, key)

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _fail(
                        file,
                        "the file holds more than one YAML document; keep one and remove the '---' line",
                        *at(event.start_mark),
                    )
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _fail(
                    file,
                    "anchors and aliases (&name, *name) are not supported; write the text out in full",
                    *at(event.start_mark),
                )
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
                raise _fail(
                    file,
                    f"YAML tags such as '{_as_typed_tag(tag)}' are not allowed; remove the tag or put the text in quotes",
                    *at(event.start_mark),
                )
            if isinstance(event, yaml.ScalarEvent):
                plain = not event.style  # the C parser says '' where the Python one says None
                value = None if plain and event.value in NULL_WORDS else event.value
                spot = add(value, event.start_mark, event)
                if value is not None and (control := _CONTROL.search(value)):
                    # Typed as an escape in quotes ("\a", "\x07"): refused like a raw one.
                    where = spot if spot is not None else (*stack[-1][1], value)
                    problems.append(
                        Problem(
                            f"invisible control character U+{ord(control.group()):04X} in the text (written as an "
                            "escape such as \\x07 in quotes); remove it",
                            file,
                            *at(event.start_mark),
                            _fmt(where),
                        )
                    )
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise _fail(
                        file,
                        f"the data is nested more than {MAX_DEPTH} levels deep; a handout never needs this, "
                        "so check the brackets and the indentation",
                        *at(event.start_mark),
                    )
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                parent_path = _parent_child_path(stack)
                stack.append([container, parent_path, _NO_KEY, event.start_mark])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container, _, _, mark = stack.pop()
                add(container, mark, event)
    except yaml.YAMLError as error:
        if "maximum nesting depth" in str(error) and loader is not yaml.SafeLoader:
            raise _TooDeepForC from None
        raise HandoutError([_syntax_problem(file, error, text)]) from None
    if problems:
        raise HandoutError(problems)
    doc.data = result
    return doc


def _as_typed_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` -> ``!!python/object``, as the user typed it."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag.removeprefix(prefix) if tag.startswith(prefix) else tag


class _Marker:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid only
        return "<marker>"


_NO_KEY = _Marker()
_BAD_KEY = _Marker()


def _parent_child_path(stack: list[list[Any]]) -> Path_:
    """The path the container about to open will have inside the current top frame."""
    if not stack:
        return ()
    container, path, key = stack[-1][0], stack[-1][1], stack[-1][2]
    if isinstance(container, list):
        return (*path, len(container))
    if isinstance(key, str):
        return (*path, key)
    return (*path, "?")


def _fmt(path: Path_) -> str:
    return format_path(path)

"""Loaded topics and styles kept in memory, loaded again only when one of their files changes.

For what runs long or loads the same file many times (``handouts serve``, a batch's worker
processes): a warm call reads no file that is unchanged since it was loaded; it compares each
file's modification time and size (one ``stat`` per file) and returns the same objects. Drop-in
for ``loading.load_topic`` and ``loading.load_style``; a file that fails to load is never kept,
so its problems are reported again on the next call.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import caching, loading
from .errors import Problem
from .loading import LoadedTopic, StyleOptions
from .models import Style

Stamps = tuple[tuple[str, int, int], ...]

_topics: dict[tuple[str, bool, bool], tuple[Stamps, LoadedTopic]] = {}
_styles: dict[tuple[str, str], tuple[Stamps, Style, list[Problem]]] = {}


def stamps(files: Iterable[Path | str]) -> Stamps:
    """Path, modification time (ns) and size of each file: what tells a changed file cheaply.
    A missing file is (path, -1, -1), so its coming back is a change too."""
    found = []
    for file in dict.fromkeys(os.fspath(f) for f in files):
        try:
            status = os.stat(file)
        except OSError:
            found.append((file, -1, -1))
        else:
            found.append((file, status.st_mtime_ns, status.st_size))
    return tuple(found)


def _unchanged(known: Stamps) -> bool:
    return stamps(file for file, _, _ in known) == known


def load_topic(file: Path, *, check_pictures: bool = True, allow_outside_paths: bool = False) -> LoadedTopic:
    """``loading.load_topic``, from memory while the topic file and its pictures are unchanged."""
    key = (os.path.abspath(file), check_pictures, allow_outside_paths)
    if not caching.enabled():
        return loading.load_topic(file, check_pictures=check_pictures, allow_outside_paths=allow_outside_paths)
    if (entry := _topics.get(key)) is not None and _unchanged(entry[0]):
        return entry[1]
    before = stamps([file])  # taken before reading, so an edit made while loading is seen next time
    loaded = loading.load_topic(file, check_pictures=check_pictures, allow_outside_paths=allow_outside_paths)
    pictures = [picture for _, picture in loading.picture_paths(loaded.topic)] if check_pictures else []
    _topics[key] = (before + stamps(pictures), loaded)
    return loaded


def load_style(
    file: Path, *, find: Callable[[str, Path], Path] | None = None, options: StyleOptions | None = None
) -> Style:
    """``loading.load_style``, from memory while its files are unchanged: the style, every file
    it extends, the folders they are in (a new file there may change what ``extends:`` finds),
    its logo and its fonts. Warnings are added to ``options.warnings`` on every call."""
    options = options or StyleOptions()
    if not caching.enabled():
        return loading.load_style(file, find=find, options=options)
    strictness = dataclasses.replace(options, warnings=[])
    key = (os.path.abspath(file), repr(strictness))
    if (entry := _styles.get(key)) is not None and _unchanged(entry[0]):
        options.warnings.extend(entry[2])
        return entry[1]
    chain = [Path(file)]

    def finding(name: str, base: Path) -> Path:
        assert find is not None
        found = find(name, base)
        chain.append(found)
        return found

    warnings: list[Problem] = []
    # The chain's files are only known once read; stamps taken after loading could miss an edit
    # made meanwhile, so the first file's stamp is taken before (a changed parent is rare).
    before = stamps(chain)
    style = loading.load_style(
        file,
        find=finding if find is not None else None,
        options=dataclasses.replace(strictness, warnings=warnings),
    )
    used: list[Any] = [*chain[1:], *{f.parent for f in chain}]
    if style.logo is not None:
        used.append(style.logo)
    if style.font is not None:
        used += [face for face in (style.font.regular, style.font.bold) if face is not None]
    _styles[key] = (before + stamps(used), style, warnings)
    options.warnings.extend(warnings)
    return style


def clear() -> None:
    _topics.clear()
    _styles.clear()

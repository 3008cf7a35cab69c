"""Where topics and styles are found: options, then ./topics and ./styles, then the bundled ones."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HandoutError, Problem, did_you_mean

_PACKAGE = Path(__file__).resolve().parent
# An installed wheel carries the content in handouts/_bundled; a source checkout has it beside the package.
BUNDLED = _PACKAGE / "_bundled" if (_PACKAGE / "_bundled").is_dir() else _PACKAGE.parent
_TRANSLATION = re.compile(r"^(?P<id>[^.]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.yaml$")
_SOURCE = re.compile(r"^(?P<id>[^.]+)\.yaml$")


def topics_dir(option: Path | None = None) -> Path:
    return _choose(option, "HANDOUTS_TOPICS", "topics")


def styles_dir(option: Path | None = None) -> Path:
    return _choose(option, "HANDOUTS_STYLES", "styles")


def _choose(option: Path | None, variable: str, name: str) -> Path:
    if option is not None:
        return option
    if os.environ.get(variable):
        return Path(os.environ[variable])
    local = Path.cwd() / name
    return Path(name) if local.is_dir() else BUNDLED / name


@dataclass
class TopicFiles:
    """A topic's source file and its translations, by language code."""

    id: str
    source: Path | None = None
    translations: dict[str, Path] = field(default_factory=dict)

    def languages(self) -> list[str]:
        return sorted(self.translations)

    def file_for(self, language: str | None) -> Path | None:
        if language is None:
            return self.source
        return self.translations.get(language)


def scan_topics(folder: Path) -> dict[str, TopicFiles]:
    """Every topic in ``folder``, keyed by id, sorted."""
    found: dict[str, TopicFiles] = {}
    if not folder.is_dir():
        raise HandoutError([Problem(f"topics folder not found: {folder}")])
    for file in sorted(folder.glob("*.yaml")):
        if match := _SOURCE.match(file.name):
            found.setdefault(match["id"], TopicFiles(match["id"])).source = file
        elif match := _TRANSLATION.match(file.name):
            found.setdefault(match["id"], TopicFiles(match["id"])).translations[match["lang"]] = file
    return dict(sorted(found.items()))


def find_topic(name: str, folder: Path) -> TopicFiles:
    """A topic by id (in ``folder``) or by path to its .yaml file (anywhere)."""
    if name.endswith((".yaml", ".yml")) or os.sep in name or "/" in name:
        file = Path(name)
        if not file.exists():  # a FIFO or a device is refused by name when it is read, never opened here
            raise HandoutError([Problem(f"topic file not found: {file}")])
        siblings = scan_topics(file.parent)
        match = _TRANSLATION.match(file.name) or _SOURCE.match(file.name)
        topic_id = match["id"] if match else file.stem
        files = siblings.get(topic_id, TopicFiles(topic_id))
        if match and "lang" in match.groupdict() and match["lang"]:
            return TopicFiles(topic_id, file, {})  # a translation given by path builds as itself
        return TopicFiles(topic_id, file, files.translations)
    topics = scan_topics(folder)
    if name not in topics or topics[name].source is None:
        hint = did_you_mean(name, [t for t, f in topics.items() if f.source])
        listing = ", ".join(topics) or "none"
        raise HandoutError([Problem(f"unknown topic '{name}' in {folder}; " + (hint or f"topics: {listing}"))])
    return topics[name]


def scan_styles(folder: Path) -> dict[str, Path]:
    """Style name -> file: the folder's own styles, then bundled ones it does not override."""
    found: dict[str, Path] = {}
    for place in (folder, BUNDLED / "styles"):
        if place.is_dir():
            for file in sorted(place.glob("*.yaml")):
                found.setdefault(file.stem, file)
    return found


def find_style(name: str, folder: Path, relative_to: Path | None = None) -> Path:
    """A style by name, or by path (relative to ``relative_to`` for ``extends:``)."""
    if name.endswith((".yaml", ".yml")) or "/" in name or os.sep in name:
        file = (relative_to / name) if relative_to is not None else Path(name)
        if not file.exists():  # a FIFO or a device is refused by name when it is read, never opened here
            raise HandoutError([Problem(f"style file not found: {file}")])
        return file
    styles = scan_styles(folder)
    if name not in styles:
        hint = did_you_mean(name, list(styles))
        raise HandoutError([Problem(f"unknown style '{name}'; " + (hint or f"styles: {', '.join(styles)}"))])
    return styles[name]

"""The topics and styles as the front desk sees them, read through one loading funnel.

Every topic or style file the web app reads goes through ``read_topic`` or ``read_style``, which
use the same loading code as the CLI through ``load_cache`` (kept in memory, read again when a file
changes): an edited file shows on the next page load, and a warm page reads no file.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import library, load_cache
from ..errors import Problem, problems_for
from ..loading import LoadedTopic, StyleOptions
from ..markup import plain
from ..models import Style, Topic

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def read_topic(file: Path) -> LoadedTopic:
    """A topic file, validated (pictures checked), exactly as ``handouts build`` reads it."""
    return load_cache.load_topic(file)


def read_style(name: str, folder: Path) -> Style:
    """A style by name, with its ``extends:`` chain, exactly as ``handouts build --style`` reads it."""
    file = library.find_style(name, folder)
    return load_cache.load_style(
        file, find=lambda parent, base: library.find_style(parent, folder, base), options=StyleOptions()
    )


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, LANGUAGE_NAMES.get(code.split("-")[0], code))


@dataclass(frozen=True)
class Listed:
    """One topic in the list: what the desk shows about it, and the words search looks through."""

    id: str
    title: str
    subtitle: str
    languages: list[str]  # the source's language first
    review_due: dt.date
    overdue: bool
    own: bool  # the clinic's own file, not one bundled with the tool
    words: str = field(repr=False)


@dataclass
class Catalogue:
    """The topics that could be read, and the problems of those that could not."""

    topics: list[Listed]
    problems: list[Problem]

    def search(self, query: str) -> list[Listed]:
        """Topics whose text has every word of ``query`` (case and accents ignored)."""
        wanted = fold(query).split()
        return [topic for topic in self.topics if all(word in topic.words for word in wanted)]


def fold(text: str) -> str:
    """Lower case without accents, so "calzado" finds "Calzado" and "dolor" finds "dolór"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def searchable(topic: Topic) -> str:
    """Title, subtitle, key points and section headings: what a receptionist searches by."""
    parts = [topic.title, topic.subtitle or "", *topic.key_points, *(s.heading for s in topic.sections)]
    return fold(" ".join(plain(part) for part in parts))


def read_catalogue(folder: Path, today: dt.date) -> Catalogue:
    """Every topic in ``folder`` with its translations; a broken file becomes a problem line."""
    listed: list[Listed] = []
    problems: list[Problem] = []
    for files in library.scan_topics(folder).values():
        if files.source is None:
            continue
        try:
            source = read_topic(files.source).topic
        except Exception as error:  # one topic's failure, whatever it is, never hides the others
            problems += problems_for(error, files.source)
            continue
        languages, words = [source.language], [searchable(source)]
        for language, file in sorted(files.translations.items()):
            try:
                words.append(searchable(read_topic(file).topic))
                languages.append(language)
            except Exception as error:
                problems += problems_for(error, file)
        due = source.review_due_date
        listed.append(
            Listed(
                files.id,
                plain(source.title),
                plain(source.subtitle or ""),
                languages,
                due,
                due < today,
                not files.bundled,
                " ".join(words),
            )
        )
    return Catalogue(listed, problems + library.misnamed_topics(folder))

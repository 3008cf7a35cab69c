"""Words that differ by the clinic's country (one YAML file per locale: en-US.yaml, en-GB.yaml, ...).

A style's ``locale`` names the clinic's country in its main language (en-US, en-GB); a handout in
another language follows the same country (a US clinic's Spanish edition is es-US, neutral Latin
American Spanish), unless the style gives ``locale`` as a mapping of language to locale.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import get_args

import yaml

from ..models import Locale, Style

_FOLDER = Path(__file__).resolve().parent
KNOWN: tuple[str, ...] = get_args(Locale)


def available() -> list[str]:
    return sorted(p.stem for p in _FOLDER.glob("*.yaml"))


@cache
def words(locale: str) -> dict[str, str]:
    """The locale's default words, e.g. ``same_day_route`` -> "get an urgent GP appointment, ..."."""
    data = yaml.safe_load((_FOLDER / f"{locale}.yaml").read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in data.items()}


def main_language(style: Style) -> str:
    """The language of the style's own locale (the first one of a mapping)."""
    first = style.locale if isinstance(style.locale, str) else next(iter(style.locale.values()), "en-US")
    return first.split("-")[0]


def locale_for(style: Style, language: str) -> str | None:
    """The locale a handout in ``language`` speaks for this clinic; None when handouts has no words
    for that language (then only the style's own values fill the placeholders)."""
    base = language.split("-")[0]
    given = [style.locale] if isinstance(style.locale, str) else list(style.locale.values())
    if isinstance(style.locale, dict) and (chosen := style.locale.get(language) or style.locale.get(base)):
        return chosen
    for locale in given:
        if locale.split("-")[0] == base:
            return locale
    country = given[0].split("-")[-1] if given else "US"
    same_country = f"{base}-{country}"
    return same_country if same_country in KNOWN else None

"""Fixed words the layout prints, one YAML file per language (en.yaml, es.yaml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_FOLDER = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Labels:
    language: str
    words: dict[str, object]

    def __getitem__(self, key: str) -> str:
        return str(self.words[key])

    def format(self, key: str, **values: object) -> str:
        return self[key].format(**values)

    def date(self, day: dt.date) -> str:
        months = self.words["months"]
        assert isinstance(months, list)
        return self.format("date", month=months[day.month - 1], year=day.year)


def available() -> list[str]:
    return sorted(p.stem for p in _FOLDER.glob("*.yaml"))


@cache
def labels_for(language: str) -> Labels:
    """Labels for ``language`` (``es-MX`` falls back to ``es``, anything unknown to English)."""
    for code in (language, language.split("-")[0], "en"):
        file = _FOLDER / f"{code}.yaml"
        if file.is_file():
            return Labels(code, yaml.safe_load(file.read_text(encoding="utf-8")))
    raise FileNotFoundError(_FOLDER / "en.yaml")

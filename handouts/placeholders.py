"""``{clinic_phone}``-style placeholders in user text, filled from the clinic's style."""

from __future__ import annotations

import re

from . import locales
from .errors import did_you_mean
from .models import Style

# name -> the style key a clinic sets to give it a value
STYLE_KEYS = {
    "clinic_name": "clinic.name",
    "clinic_phone": "clinic.phone",
    "clinic_website": "clinic.website",
    "clinic_email": "clinic.email",
    "booking_url": "clinic.booking_url",
    "emergency_number": "emergency_number",
    "emergency_department": "emergency_department",
    "same_day_route": "same_day_route",
}
# Words a locale gives (handouts/locales/<locale>.yaml); the style may override the first three.
LOCALE_WORDS = (
    "emergency_number",
    "emergency_department",
    "same_day_route",
    "emergency_route",
    "family_doctor",
    "therapist",
    "front_desk",
)
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")


def values_from(style: Style, language: str = "en") -> dict[str, str | None]:
    """Every placeholder's value in a handout of ``language`` for this clinic: the clinic's details,
    then the words of its locale (e.g. en-GB for a UK clinic's English), where the style's own
    ``emergency_number``, ``emergency_department`` and ``same_day_route`` win."""
    clinic = style.clinic
    values: dict[str, str | None] = {
        "clinic_name": clinic.name,
        "clinic_phone": clinic.phone,
        "clinic_website": clinic.website,
        "clinic_email": clinic.email,
        "booking_url": clinic.booking_url,
    }
    locale = locales.locale_for(style, language)
    defaults = locales.words(locale) if locale else {}
    own = {
        "emergency_number": style.emergency_number,
        "emergency_department": _own(style, style.emergency_department, language),
        "same_day_route": _own(style, style.same_day_route, language),
    }
    for name in LOCALE_WORDS:
        values[name] = own.get(name) or defaults.get(name)
    # Locale words may name other placeholders ("call {emergency_number} or go to ..."): fill them
    # once, so a clinic's own emergency department reads right inside the locale's route.
    for name in LOCALE_WORDS:
        if (value := values[name]) is not None and "{" in value:
            values[name] = fill(value, values)[0]
    return values


def _own(style: Style, value: str | dict[str, str] | None, language: str) -> str | None:
    """A style's own wording for ``language``: plain text is in the style's main language (so a US
    clinic's "ER" never reaches its Spanish edition); a mapping gives each language its own."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if language.split("-")[0] == locales.main_language(style) else None
    return value.get(language) or value.get(language.split("-")[0])


def fill(text: str, values: dict[str, str | None]) -> tuple[str, list[str]]:
    """Return ``text`` with placeholders filled, and a message per placeholder that cannot be."""
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name not in values:
            hint = did_you_mean(name, list(values))
            known = ", ".join("{" + n + "}" for n in values)
            problems.append(f"unknown placeholder {{{name}}}; " + (hint or f"known placeholders: {known}"))
            return token
        value = values[name]
        if value is None:
            key = STYLE_KEYS.get(name, name)
            problems.append(f"placeholder {{{name}}} needs '{key}' in the clinic's style, which does not set it")
            return token
        return value

    return _TOKEN.sub(replace, text), problems


def strip(text: str) -> str:
    """Text with placeholders removed, for scoring readability without a style."""
    return _TOKEN.sub(lambda m: m.group(0)[0] if m.group(0) in ("{{", "}}") else "", text)

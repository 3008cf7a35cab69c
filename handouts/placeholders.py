"""``{clinic_phone}``-style placeholders in user text, filled from the clinic's style."""

from __future__ import annotations

import re

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
}
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")


def values_from(style: Style) -> dict[str, str | None]:
    clinic = style.clinic
    return {
        "clinic_name": clinic.name,
        "clinic_phone": clinic.phone,
        "clinic_website": clinic.website,
        "clinic_email": clinic.email,
        "booking_url": clinic.booking_url,
        "emergency_number": style.emergency_number,
        "emergency_department": style.emergency_department,
    }


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

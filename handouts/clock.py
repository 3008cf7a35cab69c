"""Today's date, from one place, so that "review due" answers can be pinned to a chosen day.

``HANDOUTS_TODAY=2029-01-01`` makes ``list`` and ``check`` answer as on that day: the test suite
pins it (its answers must not change as the calendar moves on), and a clinic can use it to see
which handouts fall due before a date.
"""

from __future__ import annotations

import datetime as dt
import os

from .errors import HandoutError, Problem

VARIABLE = "HANDOUTS_TODAY"


def today() -> dt.date:
    """The date ``HANDOUTS_TODAY`` names, else the computer's date."""
    pinned = os.environ.get(VARIABLE, "").strip()
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise HandoutError(
            [Problem(f"{VARIABLE}: expected a date as YYYY-MM-DD (e.g. 2029-01-01), got '{pinned}'")]
        ) from None

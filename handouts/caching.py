"""The one switch of the in-process caches (pictures, layout pieces, loaded files).

Every cache is a pure function of its key, so output never depends on it: the tests build with
the caches on and off (``uncached()``) and compare the bytes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

_enabled = True


def enabled() -> bool:
    return _enabled


@contextlib.contextmanager
def uncached() -> Iterator[None]:
    """Inside the block, every cached thing is made afresh (and nothing is stored)."""
    global _enabled
    _enabled = False
    try:
        yield
    finally:
        _enabled = True

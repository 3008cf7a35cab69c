"""The one switch of the in-process caches (pictures, layout pieces, loaded files).

Every cache is a pure function of its key, so output never depends on it: the tests build with
the caches on and off (``uncached()``) and compare the bytes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_enabled = True
_private: ContextVar[bool] = ContextVar("handouts_private", default=False)


def enabled() -> bool:
    return _enabled


def keeping_text() -> bool:
    """Whether what is made now may be kept: not inside ``private()`` (nor ``uncached()``)."""
    return _enabled and not _private.get()


@contextlib.contextmanager
def private() -> Iterator[None]:
    """Inside the block (a handout with a patient's name), caches are used but nothing made is
    kept: no patient's details stay in memory after the handout is built."""
    token = _private.set(True)
    try:
        yield
    finally:
        _private.reset(token)


@contextlib.contextmanager
def uncached() -> Iterator[None]:
    """Inside the block, every cached thing is made afresh (and nothing is stored)."""
    global _enabled
    _enabled = False
    try:
        yield
    finally:
        _enabled = True

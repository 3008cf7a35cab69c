"""The page-flow engine: lay a handout out in the ways it can, keep the one a designer would sign.

A layout pass is a function of a ``Plan`` (how tight the spacing is, which blocks start a new
page, which page the emergency pointer names). The engine tries plans in order and keeps the
first whose pages are all well filled: no page but the last under 75% used, the last at least
25%; when none is, the one with the fewest pages and the fewest such pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from .yamlfile import Path_

FULL_ENOUGH = 0.75  # every page but the last
LAST_PAGE_AT_LEAST = 0.25
SPACINGS = (1.0, 0.6, 0.35)  # the designed spacing first, then tighter ones when it leaves a page short
LOOSER = (1.3, 1.6)
TRY_FEWER_PAGES = (
    0.5  # a last page less used than this may go with tighter spacing  # more space, to carry more to a short last page
)
BALANCE_TRIES = 4  # how many places to start the last page earlier


@dataclass(frozen=True)
class Plan:
    spacing: float = 1.0
    breaks: frozenset[Path_] = frozenset()  # blocks that start a new page
    pointer_page: int | None = None  # the page the emergency pointer on page 1 names


@dataclass(frozen=True)
class Laid:
    """One finished layout pass: what the engine needs to judge it (its PDF is written only for
    the pass kept)."""

    plan: Plan
    fills: list[float]  # share of each page's text area used
    blocks: list[list[Path_]]  # the blocks that start on each page, in order
    urgent_pages: list[int]  # pages where urgent boxes start
    complete: bool = True  # False: stopped at its first urgent box, which was on a page that meant another pass

    @property
    def pages(self) -> int:
        return len(self.fills)

    def underfilled(self) -> list[int]:
        """Pages (1-based) that break the fill rule."""
        low = [n for n, fill in enumerate(self.fills[:-1], start=1) if fill < FULL_ENOUGH]
        if self.pages > 1 and self.fills[-1] < LAST_PAGE_AT_LEAST:
            low.append(self.pages)
        return low

    def cause(self, page: int) -> Path_ | None:
        """The block that made ``page`` short: the first one on the next page, which did not fit
        in the space left; for the last page, the block it starts with (or the one that runs on
        to it)."""
        if page < self.pages and self.blocks[page]:
            return self.blocks[page][0]
        if page == self.pages:
            started = [path for blocks in self.blocks[:page] for path in blocks]
            return self.blocks[page - 1][0] if self.blocks[page - 1] else (started[-1] if started else None)
        return None


# Lays a plan out. When given pages, the pass is kept only if the first urgent box starts on one
# of them, so it may stop (``complete=False``) as soon as that box starts on another page.
LayOut = Callable[[Plan, "frozenset[int] | None"], Laid]


def settle_pointer(lay_out: LayOut, plan: Plan, has_urgent: bool) -> Laid:
    """Lay out; when the first urgent box is not on page 1, name its page in a pointer on page 1.

    The pointer moves what follows it, so lay out again until the page it names holds (three
    times at most: the fourth layout is kept whatever page it gives)."""
    for tries_left in (3, 2, 1, 0):
        keeps = frozenset({1, plan.pointer_page or 1}) if has_urgent and tries_left else None
        laid = lay_out(plan, keeps)
        page = laid.urgent_pages[0] if laid.urgent_pages else 1
        if keeps is None or page in keeps:
            return laid
        plan = dataclasses.replace(plan, pointer_page=page)
    raise AssertionError("unreachable: the last try keeps its layout")


def _score(laid: Laid) -> tuple[int, int, float]:
    return (laid.pages, len(laid.underfilled()), -min(laid.fills[:-1] or [1.0]))


def best_layout(lay_out: LayOut, has_urgent: bool) -> Laid:
    """The designed spacing, else tighter ones; then, for a short last page, an earlier start of
    it; the first layout with no underfilled page wins, else the fewest pages and underfilled ones."""
    tried: list[Laid] = []
    for spacing in SPACINGS:
        laid = settle_pointer(lay_out, Plan(spacing=spacing), has_urgent)
        tried.append(laid)
        if laid.pages < tried[0].pages:
            break  # a page fewer; the last page's fill is settled below
        if not laid.underfilled() and (laid.pages == 1 or laid.fills[-1] >= TRY_FEWER_PAGES):
            return laid  # well filled, and no page fewer within reach
    base = min(tried, key=_score)
    if base.pages >= 2 and base.fills[-1] < LAST_PAGE_AT_LEAST:
        # A short last page: more space between blocks, or its start earlier, at one of the last
        # blocks of the page before.
        for spacing in LOOSER if base.plan.spacing == 1.0 else ():
            laid = settle_pointer(lay_out, Plan(spacing=spacing), has_urgent)
            tried.append(laid)
            if not laid.underfilled() and laid.pages == base.pages:
                return laid
        for path in reversed(base.blocks[-2][1:][-BALANCE_TRIES:]):
            plan = dataclasses.replace(base.plan, breaks=frozenset({path}), pointer_page=None)
            laid = settle_pointer(lay_out, plan, has_urgent)
            tried.append(laid)
            if not laid.underfilled() and laid.pages == base.pages:
                return laid
    return min(tried, key=_score)

"""Flowables that split across pages the way a designer would, for the page-flow engine.

- ``ContinuedTable``: a box or list laid out as table rows. It splits between rows, never before
  its first item, and the part on the next page starts again with its title and "(continued)".
- ``Stacked``: a block with one layout when it fits where it falls (a picture with text beside
  it) and another, splittable one when it does not (the text first, then the picture).
- ``SentencePara``: a paragraph that, when it must break across pages, breaks after a full
  sentence if giving up a line or two at the foot of the page allows it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, ListFlowable, Table

from .paragraph import Para

MOVE_LINES = 2  # how many lines a paragraph gives up at the foot of a page to end on a full stop
LEAST_CARRIED = 2  # items a box or list carries to the next page, if it carries any


class ContinuedTable(Table):
    """Rows that may split across pages; the continuation starts with ``continued`` (its title
    and "(continued)"; None: the story sets its section's heading), the part left behind ends with
    ``trailer`` when given ("Continued on the next page", so a reader of the front alone knows there
    is more), and at least ``keep`` rows (the title and one item) stay together.

    ``commands`` are the table's style commands; they must span whole rows or columns
    ((0, 0) to (-1, -1) and the like), so each part can be styled with them again.
    """

    def __init__(
        self,
        rows: list[list[Any]],
        *,
        continued: list[Any] | None = None,
        trailer: list[Any] | None = None,
        commands: Any = (),
        keep: int = 2,
        **table: Any,
    ) -> None:
        # ReportLab makes the parts of a split with this class too, passing only Table's arguments.
        super().__init__(rows, **table)
        self.setStyle(commands)
        self._rows, self._continued, self._commands, self._keep, self._table = rows, continued, commands, keep, table
        self._trailer = trailer

    @property
    def continues_untitled(self) -> bool:
        """No continuation row yet: the story gives it the section's heading."""
        return self._continued is None

    @property
    def columns(self) -> int:
        return len(self._rows[0])

    def continue_with(self, row: list[Any]) -> None:
        """Start the part on the next page with ``row`` (a title and "(continued)")."""
        self._continued = row

    def least_height(self, availWidth: float) -> float:
        """Height of the rows that must stay together at the foot of a page."""
        self.wrap(availWidth, 1e6)
        return float(sum(self._rowHeights[: self._keep]))

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        # ReportLab's first part; each part is made again so that its own first and last rows get
        # the box's end padding, which can cost the first part a row.
        # Never one lone item over the page: at least two go, or none.
        most = min(len(parts[0]._cellvalues), len(self._rows) - LEAST_CARRIED)
        for done in range(most, self._keep - 1, -1):
            trailer = [self._trailer] if self._trailer is not None else []
            first = ContinuedTable([*self._rows[:done], *trailer], commands=self._commands, keep=1, **self._table)
            if first.wrap(availWidth, availHeight)[1] <= availHeight:
                break
        else:
            return []  # not even the title and first item: all of it on the next page
        head = [self._continued] if self._continued is not None else []
        rest = ContinuedTable(
            [*head, *self._rows[done:]],
            continued=self._continued,
            trailer=self._trailer,
            commands=self._commands,
            keep=len(head) + 1,
            **self._table,
        )
        for attribute in ("block_path", "urgent"):
            if hasattr(self, attribute):
                setattr(first, attribute, getattr(self, attribute))
        return [first, rest]


class Stacked(Flowable):
    """``whole`` where it fits; where it does not, the splittable ``stacked`` flowables instead."""

    def __init__(self, whole: Flowable, stacked: Sequence[Flowable]) -> None:
        super().__init__()
        self.whole, self.stacked = whole, list(stacked)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.whole.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        first, *rest = self.stacked
        if first.wrap(availWidth, availHeight)[1] <= availHeight:
            return [first, *rest]
        parts: list[Flowable] = first.split(availWidth, availHeight)
        return [*parts, *rest] if parts else []

    def getSpaceBefore(self) -> float:
        return float(self.whole.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.whole.getSpaceAfter())

    def draw(self) -> None:
        self.whole.drawOn(self.canv, 0, 0)


_SENTENCE_END = re.compile(r"[.!?:;)»”]\s*$")


class SentencePara(Para):
    """A paragraph that prefers to break across pages after a full sentence."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        leading = self.style.leading
        self.wrap(availWidth, availHeight)
        lines = self.blPara.lines
        for lines_back in range(MOVE_LINES + 1):
            parts: list[Flowable] = super().split(availWidth, availHeight - lines_back * leading)
            if len(parts) != 2:
                break
            kept = round(parts[0].wrap(availWidth, availHeight)[1] / leading)
            if 0 < kept <= len(lines) and _SENTENCE_END.search(_line_text(lines[kept - 1])):
                return parts
        return list(super().split(availWidth, availHeight))


def _line_text(line: Any) -> str:
    """The words of one laid-out line (a plain paragraph's lines are (space, words) pairs; a
    paragraph with bold words has lines of fragments)."""
    if isinstance(line, tuple):
        return " ".join(line[1])
    return "".join(getattr(word, "text", "") for word in line.words)


def least_height(flowable: Flowable, width: float, line: float) -> float:
    """The least of ``flowable`` that may sit at the foot of a page under a heading: the title and
    first item of a box, two lines of a paragraph or of a list (``line``: the body text's leading),
    all of anything that never splits."""
    if isinstance(flowable, ContinuedTable):
        return flowable.least_height(width)
    if isinstance(flowable, Stacked):
        return least_height(flowable.stacked[0], width, line)
    if isinstance(flowable, ListFlowable):
        return 2 * line
    height = float(flowable.wrap(width, 1e6)[1])
    if isinstance(flowable, Para):
        return min(height, 2 * float(flowable.style.leading))
    return height

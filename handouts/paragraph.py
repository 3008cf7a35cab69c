"""The paragraph every block and the story use (kept apart so page-flow code can use it too)."""

from __future__ import annotations

from reportlab.platypus import Paragraph


class Para(Paragraph):
    """A Paragraph that lays its lines out once per width.

    Platypus asks most paragraphs for their size two or three times at the same width (tables,
    keep-with-next, frames); breaking lines is the costliest step of a render.
    """

    _wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_width == availWidth and getattr(self, "blPara", None) is not None:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

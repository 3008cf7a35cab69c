"""The paragraph every block and the story use (kept apart so page-flow code can use it too)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph


class Para(Paragraph):
    """A Paragraph that lays its lines out once per width, from markup parsed once per process.

    Platypus asks most paragraphs for their size two or three times at the same width (tables,
    keep-with-next, frames); breaking lines is the costliest step of a render.
    """

    _wrapped_width: float | None = None
    _markup: str | None = None  # set when the parse is shared: then line breaking can be too

    def __init__(self, text: str | None, style: Any, *args: Any, **kwargs: Any) -> None:
        from . import layout_cache

        # (ReportLab makes the parts of a split paragraph with more arguments: passed on as they are.)
        if text is not None and not args and not kwargs and (parsed := layout_cache.parsed(text, style)) is not None:
            self._markup = text
            text, style, frags = parsed  # ReportLab's parse of the same markup in the same style
            super().__init__(text, style, frags=frags)
        else:
            super().__init__(text, style, *args, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        from . import layout_cache

        if self._wrapped_width == availWidth and getattr(self, "blPara", None) is not None:
            return self.width, self.height
        if self._wrapped_width is None and self._markup is not None:

            def wrap() -> tuple[float, float]:
                return super(Para, self).wrap(availWidth, availHeight)  # type: ignore[no-any-return]

            size = layout_cache.laid_out(self, self._markup, availWidth, wrap)
        else:
            size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

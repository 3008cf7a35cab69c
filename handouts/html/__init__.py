"""The HTML edition: each handout as one accessible, self-contained web page.

``build_html(loaded, style, options) -> bytes`` is the one entry point, for the CLI's
``--format html`` and the front desk's ``/topics/<id>.html`` alike.
"""

from __future__ import annotations

from .page import build_html

__all__ = ["build_html"]

"""QR codes drawn as one filled path, encoded once per address per process.

ReportLab's QrCodeWidget encodes the address twice per drawing and draws every dark run as its
own validated shape: a third of a handout's render time. This uses the same encoder
(reportlab.graphics.barcode.qrencoder) and emits the modules as a single path.
"""

from __future__ import annotations

import itertools
from functools import cache

from reportlab.lib.colors import Color, black
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@cache
def dark_runs(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(module count, runs of dark modules as (row, first column, length))."""
    from reportlab.graphics.barcode import qrencoder  # imports every barcode type: only when a code is drawn

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    runs = []
    for row, modules in enumerate(code.modules):
        column = 0
        for dark, group in itertools.groupby(bool(m) for m in modules):
            length = len(list(group))
            if dark:
                runs.append((row, column, length))
            column += length
    return code.getModuleCount(), tuple(runs)


class QrCode(Flowable):
    """A square QR code ``size`` points wide, quiet zone included."""

    def __init__(self, text: str, size: float, color: Color = black) -> None:
        super().__init__()
        self.text, self.color = text, color
        self.width = self.height = size

    def draw(self) -> None:
        count, runs = dark_runs(self.text)
        box = self.width / (count + 2 * QUIET_ZONE)
        path = self.canv.beginPath()
        for row, column, length in runs:
            path.rect((column + QUIET_ZONE) * box, self.height - (row + QUIET_ZONE + 1) * box, length * box, box)
        self.canv.setFillColor(self.color)
        self.canv.drawPath(path, stroke=0, fill=1)


def qr_code(text: str, symbol: float, color: Color = black) -> QrCode:
    """A QR code whose printed symbol (the dark modules' square, quiet zone not counted) is ``symbol`` wide."""
    count, _ = dark_runs(text)
    return QrCode(text, symbol * (count + 2 * QUIET_ZONE) / count, color)

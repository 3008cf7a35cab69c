"""Several built handouts joined into one PDF (a packet), in memory."""

from __future__ import annotations

import io


def combine(pdfs: list[bytes], *, sheet_per_handout: bool) -> tuple[bytes, int]:
    """The handouts one after another; return the PDF and its page count.

    With ``sheet_per_handout`` (for double-sided printing) a blank page follows each handout with
    an odd number of pages but the last, so the next one starts on a sheet of its own and the
    patient can be given each handout separately.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for number, pdf in enumerate(pdfs, start=1):
        reader = PdfReader(io.BytesIO(pdf))
        for page in reader.pages:
            writer.add_page(page)
        if sheet_per_handout and len(reader.pages) % 2 and number < len(pdfs):
            last = reader.pages[-1].mediabox
            writer.add_blank_page(float(last.width), float(last.height))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)

"""Render page 1 of every bundled topic in every bundled style, standard and large print, and a
contact sheet for the README.

Usage: python scripts/gallery.py [--out docs/gallery] [--dpi 40]
Writes one PNG per topic, style and edition into --out, and docs/gallery.png (rows: styles, each in
standard then large print; columns: topics).
Needs pypdfium2 (installed with the test extras: pip install -e '.[test]').
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw, ImageFont

from handouts import library
from handouts.build import Options, build_handout
from handouts.loading import load_style, load_topic

REPO = Path(__file__).resolve().parent.parent


def first_page(pdf: bytes, dpi: int) -> Image.Image:
    page = pypdfium2.PdfDocument(io.BytesIO(pdf))[0]
    image: Image.Image = page.render(scale=dpi / 72).to_pil().convert("RGB")  # pypdfium2 has no type hints
    return image


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "gallery")
    parser.add_argument("--sheet", type=Path, default=REPO / "docs" / "gallery.png")
    parser.add_argument("--dpi", type=int, default=40)
    args = parser.parse_args()
    styles_dir = REPO / "styles"
    styles = library.scan_styles(styles_dir)
    topics = [files.source for files in library.scan_topics(REPO / "topics").values() if files.source]
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[list[Image.Image]] = []
    names: list[str] = []
    for name, file in styles.items():
        style = load_style(file, find=lambda parent, base: library.find_style(parent, styles_dir, base))
        for large_print in (False, True):
            row = []
            for topic in topics:
                pdf = build_handout(load_topic(topic), style, Options(large_print=large_print)).pdf
                image = first_page(pdf, args.dpi)
                image.save(args.out / f"{name}--{topic.stem}{'.large' if large_print else ''}.png", optimize=True)
                row.append(image)
            rows.append(row)
            names.append(f"{name}, large print" if large_print else name)
    label = 28
    gap = 12
    cell_w = max(i.width for row in rows for i in row)
    cell_h = max(i.height for row in rows for i in row)
    sheet = Image.new("RGB", (len(topics) * (cell_w + gap) + gap, len(rows) * (cell_h + gap + label) + gap), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=16)
    for r, (name, row) in enumerate(zip(names, rows, strict=True)):
        top = gap + r * (cell_h + gap + label)
        draw.text((gap, top), f"style: {name}", fill="black", font=font)
        for c, image in enumerate(row):
            left = gap + c * (cell_w + gap)
            sheet.paste(image, (left, top + label))
            draw.rectangle(
                (left - 1, top + label - 1, left + image.width, top + label + image.height), outline="#999999"
            )
    sheet.save(args.sheet, optimize=True)
    print(args.sheet)


if __name__ == "__main__":
    main()

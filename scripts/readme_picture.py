"""Render page 1 of a bundled handout to docs/handout.png for the README.

Usage: python scripts/readme_picture.py [TOPIC] [--style NAME]
Needs pypdfium2 (installed with the test extras: pip install -e '.[test]').
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pypdfium2
from PIL import Image

from handouts import library
from handouts.build import build_handout
from handouts.loading import load_style, load_topic

REPO = Path(__file__).resolve().parent.parent


def render_first_page(pdf: bytes, dpi: int) -> Image.Image:
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    image: Image.Image = document[0].render(scale=dpi / 72).to_pil()  # pypdfium2 has no type hints
    return image


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("topic", nargs="?", default="flat-feet-back-pain")
    parser.add_argument("--style", default="default")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "handout.png")
    parser.add_argument("--dpi", type=int, default=90)
    args = parser.parse_args()
    styles = REPO / "styles"
    style = load_style(
        library.find_style(args.style, styles), find=lambda name, base: library.find_style(name, styles, base)
    )
    loaded = load_topic(REPO / "topics" / f"{args.topic}.yaml")
    image = render_first_page(build_handout(loaded, style).pdf, args.dpi)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.out, optimize=True)
    print(args.out)


if __name__ == "__main__":
    main()

"""Clinics make it theirs: colours, logos, fonts, large print, QR codes, schemas, scaffold."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from handouts.branding import contrast
from handouts.scaffold import SCHEMAS, schema_text

from .conftest import STYLES, TOPICS, Run, copy_topic, pixels, write

MM = 72 / 25.4


def render(pdf: Path, page: int = 0, dpi: int = 72) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    image: Image.Image = document[page].render(scale=dpi / 72).to_pil().convert("RGB")  # pypdfium2 is untyped
    return image


def rgb_at(image: Image.Image, xy: tuple[int, int]) -> tuple[int, int, int]:
    pixel = image.getpixel(xy)
    assert isinstance(pixel, tuple) and len(pixel) == 3, pixel
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]))


def hex_rgb(color: str) -> tuple[int, int, int]:
    return (int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16))


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def build(run: Run, tmp_path: Path, *args: str | Path) -> Path:
    result = run("build", *args, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return Path(result.stdout.splitlines()[0])


@pytest.mark.parametrize(
    ("style", "size", "primary", "logo_colour"),
    [
        ("northside-uk", (595, 842), "#0B6E64", (214, 140, 30)),  # PNG logo: its amber vertebra
        ("riverside-us", (612, 792), "#FFFFFF", (42, 155, 181)),  # SVG logo: its light blue wave; no band
    ],
)
def test_example_styles_paper_band_colour_and_logo(
    run: Run, tmp_path: Path, style: str, size: tuple[int, int], primary: str, logo_colour: tuple[int, int, int]
) -> None:
    pdf = build(run, tmp_path, "footwear-checklist", "--style", style)
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(box.width), round(box.height)) == size
    image = render(pdf, dpi=72)
    margin = round(18 * MM)
    band_pixel = rgb_at(image, (image.width // 2, margin + 4))
    assert close(band_pixel, hex_rgb(primary)), band_pixel  # riverside-us: a rule-only header, no band
    band = image.crop((margin, margin, image.width - margin, margin + round(21 * MM)))
    assert any(close(pixel, logo_colour, 40) for pixel in pixels(band)), "logo colours not found in the header band"


def test_png_logo_is_an_image_and_svg_logo_is_vector(run: Run, tmp_path: Path) -> None:
    uk = build(run, tmp_path / "uk", "footwear-checklist", "--style", "northside-uk")
    us = build(run, tmp_path / "us", "footwear-checklist", "--style", "riverside-us")
    assert len(PdfReader(uk).pages[0].images) == 1
    assert len(PdfReader(us).pages[0].images) == 0


def test_pale_primary_never_gives_unreadable_header_text(run: Run, tmp_path: Path) -> None:
    style = write(tmp_path, "pale.yaml", 'extends: default\ncolors: {primary: "#FFFF66"}\n')
    pdf = build(run, tmp_path, "footwear-checklist", "--style", style)
    image = render(pdf, dpi=150)
    scale = 150 / 72
    margin = round(18 * MM * scale)
    band = image.crop((margin + 10, margin + 10, image.width // 2, margin + round(19 * MM * scale)))
    fill = rgb_at(band, (2, 2))
    assert close(fill, (255, 255, 102))
    from reportlab.lib.colors import Color

    def as_color(rgb: tuple[int, int, int]) -> Color:
        return Color(*(c / 255 for c in rgb))

    best = max(contrast(as_color(fill), as_color(pixel)) for pixel in pixels(band))
    assert best >= 4.5, f"header text reaches only {best:.2f}:1 on #FFFF66"


PICTURE_LABELS = {
    "".join(text.itertext()).strip()
    for svg in (TOPICS / "images").glob("*.svg")
    for text in __import__("xml.etree.ElementTree", fromlist=["parse"])
    .parse(svg)
    .getroot()
    .iter("{http://www.w3.org/2000/svg}text")
}


def test_large_print_body_text_is_16_pt_or_more_and_fits_4_pages(run: Run, tmp_path: Path) -> None:
    for topic in ("flat-feet-back-pain", "sciatica-and-feet", "footwear-checklist", "when-to-see-a-specialist"):
        for paper in ("letter", "a4"):
            pdf = build(run, tmp_path / paper, topic, "--large-print", "--paper", paper)
            assert pdf.name == f"{topic}.large.pdf"
            reader = PdfReader(pdf)
            assert len(reader.pages) <= 4
            for page in reader.pages:
                height = float(page.mediabox.height)
                sizes: list[float] = []

                def visit(
                    text: str,
                    cm: list[float],
                    tm: list[float],
                    font: object,
                    size: float,
                    sizes: list[float] = sizes,
                    height: float = height,
                ) -> None:
                    y = cm[5] + tm[5] * cm[3]
                    # The running header band and the footer are exempt (RNIB: body text), and so
                    # are the labels drawn inside illustrations (at least 9 pt, see test_pictures).
                    if text.strip() and text.strip() not in PICTURE_LABELS and 30 * MM < y < height - 40 * MM:
                        sizes.append(size * tm[3] * cm[3])

                page.extract_text(visitor_text=visit)
                assert sizes and min(sizes) >= 16, (topic, paper, min(sizes))


def test_qr_code_decodes_to_the_booking_address(run: Run, tmp_path: Path) -> None:
    import zxingcpp

    pdf = build(run, tmp_path, "sciatica-and-feet", "--style", "riverside-us")
    last = len(PdfReader(pdf).pages) - 1
    results = zxingcpp.read_barcodes(render(pdf, last, dpi=200))
    assert [r.text for r in results] == ["https://riverside.example/book"]
    text = PdfReader(pdf).pages[last].extract_text()
    assert "Scan to book an appointment" in text and "riverside.example/book" in text


def test_topic_more_info_url_gets_its_own_qr_code(run: Run, tmp_path: Path) -> None:
    import zxingcpp

    file = copy_topic("footwear-checklist", tmp_path, "shoes")
    topic = file.read_text(encoding="utf-8")
    file.write_text(topic.replace("title: Footwear", "more_info_url: https://example.org/shoes\ntitle: Footwear", 1))
    pdf = build(run, tmp_path, file)
    pages = len(PdfReader(pdf).pages)
    found = [r.text for p in range(pages) for r in zxingcpp.read_barcodes(render(pdf, p, dpi=200))]
    assert found == ["https://example.org/shoes"]


def test_huge_photo_logo_is_downscaled(run: Run, tmp_path: Path, huge_photo: Path) -> None:
    shutil.copy(huge_photo, tmp_path / "photo.jpg")
    assert (tmp_path / "photo.jpg").stat().st_size > 2_000_000
    style = write(tmp_path, "photo.yaml", "extends: default\nlogo: photo.jpg\n")
    pdf = build(run, tmp_path, "footwear-checklist", "--style", style)
    assert pdf.stat().st_size < 1_000_000
    (image,) = PdfReader(pdf).pages[0].images
    assert image.image is not None and image.image.width <= 700


def test_clinic_font_is_embedded_and_missing_bold_is_a_warning(run: Run, tmp_path: Path) -> None:
    import fontpkg_atkinson_hyperlegible as atkinson

    shutil.copy(Path(atkinson.ROOT) / "files" / "AtkinsonHyperlegible-Regular.ttf", tmp_path / "Clinic-Regular.ttf")
    style = write(tmp_path, "font.yaml", "extends: default\nfont: {regular: Clinic-Regular.ttf}\n")
    result = run("build", "footwear-checklist", "--style", style, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {style}:2:7: font: no bold face given (font.bold): bold text will print in the regular face"
    ]


def test_otf_with_postscript_outlines_is_refused(run: Run, tmp_path: Path) -> None:
    (tmp_path / "Clinic.otf").write_bytes(b"OTTO" + struct.pack(">HHHH", 0, 0, 0, 0))
    style = write(tmp_path, "otf.yaml", "extends: default\nfont: {regular: Clinic.otf}\n")
    result = run("build", "footwear-checklist", "--style", style, "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        f"error: {style}:2:17: font.regular: this OpenType font has PostScript (CFF) outlines, which cannot be "
        f"embedded; use TTF: {tmp_path / 'Clinic.otf'}"
    )


def test_logo_outside_the_style_folder_needs_permission(run: Run, tmp_path: Path) -> None:
    shutil.copy(STYLES / "northside-logo.png", tmp_path / "logo.png")
    style = write(tmp_path, "clinic/style.yaml", f"extends: default\nlogo: {tmp_path / 'logo.png'}\n")
    refused = run("build", "footwear-checklist", "--style", style, "-o", tmp_path / "out")
    assert refused.exit_code == 3
    assert refused.stderr.splitlines()[0].startswith(
        f"error: {style}:2:7: logo: {tmp_path / 'logo.png'} is outside the style's folder"
    )
    allowed = run("build", "footwear-checklist", "--style", style, "--allow-outside-paths", "-o", tmp_path / "out")
    assert allowed.exit_code == 0, allowed.output


def test_style_new_then_build_all_and_refuse_to_overwrite(run: Run, tmp_path: Path) -> None:
    first = run("style", "new", "mine")
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == "styles/mine.yaml"
    text = Path("styles/mine.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[2] == "extends: default"
    assert 'primary: "#1F5A8C"  # Header band, headings and rules.' in text
    built = run("build", "--all", "--style", "styles/mine.yaml", "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    assert len(built.stdout.splitlines()) == 4
    again = run("style", "new", "mine")
    assert again.exit_code == 1
    assert again.stderr.strip() == "error: styles/mine.yaml already exists; choose another name or edit that file"
    assert Path("styles/mine.yaml").read_text(encoding="utf-8") == text


def test_styles_lists_bundled_and_local_styles(run: Run) -> None:
    run("style", "new", "mine")
    result = run("styles")
    names = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert names == ["mine", "default", "northside-uk", "riverside-us"]


@pytest.mark.parametrize("kind", ["topic", "style"])
def test_schemas_in_the_repo_match_the_models(run: Run, kind: str) -> None:
    assert (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind), (
        f"run: handouts schema {kind} > handouts/schemas/{kind}.schema.json"
    )
    assert run("schema", kind).stdout == schema_text(kind)


def _yaml_for_jsonschema(path: Path) -> Any:  # YAML's reading, dates as strings
    import datetime as dt

    import yaml

    def plain(value: object) -> object:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("file", sorted([*TOPICS.glob("*.yaml"), *STYLES.glob("*.yaml")]), ids=lambda p: p.name)
def test_bundled_files_point_at_a_schema_that_validates_them(file: Path) -> None:
    import jsonschema

    first = file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema_file = (file.parent / first.split("$schema=", 1)[1]).resolve()
    assert schema_file.parent == SCHEMAS and schema_file.is_file()
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    data = _yaml_for_jsonschema(file)
    if "extends" in data:  # a style that extends another only changes some keys
        schema = {**schema, "required": []}
    jsonschema.validate(data, schema)


def test_bundled_schema_catches_a_typo() -> None:
    import jsonschema

    schema = json.loads((SCHEMAS / "topic.schema.json").read_text(encoding="utf-8"))
    data = _yaml_for_jsonschema(TOPICS / "footwear-checklist.yaml")
    data["subtitel"] = data.pop("subtitle")
    with pytest.raises(jsonschema.ValidationError, match="subtitel"):
        jsonschema.validate(data, schema)

"""Building handouts: what a clinic sees in the PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader

from .conftest import MINIMAL_TOPIC, TOPICS, Run, faces, page_texts, pdf_text, write


def embedded_fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font used on any page."""
    fonts = []
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"]  # pypdf types a dictionary's values as any PDF object
        for reference in resources["/Font"].values():
            font = reference.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append((str(font["/BaseFont"]), embedded))
    return fonts


def test_build_one_topic_prints_its_path_and_makes_a_two_page_pdf(run: Run, tmp_path: Path) -> None:
    result = run("build", "flat-feet-back-pain", "--paper", "letter", "-o", tmp_path / "pdfs")
    assert result.exit_code == 0, result.output
    path = tmp_path / "pdfs" / "flat-feet-back-pain.pdf"
    assert result.stdout.splitlines() == [str(path)]
    reader = PdfReader(path)
    assert len(reader.pages) <= 2
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (612, 792)
    assert reader.metadata is not None
    assert reader.metadata.title == "Flat feet and back pain"
    assert reader.metadata.author == "Your Clinic"
    fonts = embedded_fonts(path)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    text = pdf_text(path)
    import yaml

    topic = yaml.safe_load((TOPICS / "flat-feet-back-pain.yaml").read_text())
    for section in topic["sections"]:
        assert section["heading"] in text


def test_outline_has_an_entry_per_section_and_language_is_set(run: Run, tmp_path: Path) -> None:
    run("build", "footwear-checklist", "-o", tmp_path)
    reader = PdfReader(tmp_path / "footwear-checklist.pdf")
    import yaml

    topic = yaml.safe_load((TOPICS / "footwear-checklist.yaml").read_text())
    # Headings print with their placeholders filled: the default style is en-US ("Check each box").
    headings = [s["heading"].replace("{mark}", topic["words"]["mark"]["en-US"]) for s in topic["sections"]]
    assert [item.title for item in reader.outline if not isinstance(item, list)] == headings
    assert all(not isinstance(item, list) for item in reader.outline)  # one level: no nested entries
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "en"


def test_topic_and_style_from_outside_the_repo_fill_placeholders(run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    topic = write(
        outside,
        "visit.yaml",
        """
        title: Your visit
        subtitle: What to expect
        reviewed: 2026-11-01
        sections:
          - heading: Call us
            body:
              - Ring {clinic_name} on {clinic_phone}.
              - callout: {kind: urgent, title: Emergency, text: "Call {emergency_number} now."}
        """,
    )
    style = write(
        outside,
        "brand/northside.yaml",
        """
        extends: default
        clinic: {name: Northside Podiatry, phone: "0161 496 0000"}
        emergency_number: "999"
        emergency_department: A&E
        paper: a4
        """,
    )
    result = run("build", topic, "--style", style, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "visit.pdf"
    text = pdf_text(pdf)
    assert "Ring Northside Podiatry on 0161 496 0000." in text
    assert "Call 999 now." in text
    assert "{" not in text
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)


def test_user_text_prints_literally(run: Run, tmp_path: Path) -> None:
    topic = write(
        tmp_path,
        "literal.yaml",
        """
        title: "Signs <b> & symbols"
        reviewed: 2026-11-01
        sections:
          - heading: Literal text
            body:
              - "Text with <b>not bold</b> & a < b, ≥ 2 cm and 37 °C."
              - Café, niño, Größe, naïve and a lone * star.
              - "<font color=red>red</font> <img src=x.png/> &#99999999; {{braces}}"
        """,
    )
    result = run("build", topic, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "out" / "literal.pdf")
    assert "Text with <b>not bold</b> & a < b, ≥ 2 cm and 37 °C." in text
    assert "Café, niño, Größe, naïve and a lone * star." in text
    assert "<font color=red>red</font> <img src=x.png/> &#99999999; {braces}" in text
    metadata = PdfReader(tmp_path / "out" / "literal.pdf").metadata
    assert metadata is not None and metadata.title == "Signs <b> & symbols"


def test_bold_markup_is_bold_and_removed_from_text(run: Run, tmp_path: Path) -> None:
    topic = write(tmp_path, "bold.yaml", MINIMAL_TOPIC.replace("A paragraph.", "Stop **right now** please."))
    assert run("build", topic, "-o", tmp_path).exit_code == 0
    text = pdf_text(tmp_path / "bold.pdf")
    assert "Stop right now please." in text
    assert "**" not in text
    regular, bold = "AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Bold"
    expected = [(c, regular) for c in "Stop"] + [(c, bold) for c in "rightnow"] + [(c, regular) for c in "please."]
    assert faces(tmp_path / "bold.pdf", "Stop right now please.") == expected


def test_building_twice_gives_identical_bytes(run: Run, tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run("build", "--all", "-o", tmp_path / name).exit_code == 0
    for pdf in sorted((tmp_path / "a").glob("*.pdf")):
        assert pdf.read_bytes() == (tmp_path / "b" / pdf.name).read_bytes(), pdf.name


def test_footer_shows_page_x_of_y_and_review_dates_on_every_page(run: Run, tmp_path: Path) -> None:
    run("build", "sciatica-and-feet", "-o", tmp_path)
    texts = page_texts(tmp_path / "sciatica-and-feet.pdf")
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert "Reviewed November 2026" in text
        assert "Your Clinic" in text


def test_build_all_writes_the_four_bundled_handouts(run: Run, tmp_path: Path) -> None:
    result = run("build", "--all", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "flat-feet-back-pain.pdf",
        "footwear-checklist.pdf",
        "sciatica-and-feet.pdf",
        "when-to-see-a-specialist.pdf",
    ]
    assert not list(tmp_path.glob(".*.tmp"))

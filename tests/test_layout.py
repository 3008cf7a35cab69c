"""Print layout as a designer checks it, measured from the PDFs: page fill, text sizes, the
emergency number on page 1, the phone at body size, the header band, callouts in grey, QR codes
and tick boxes."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from click.testing import Result

from handouts.branding import DANGER, TICK_BOX
from handouts.build import Built, Options, build_handout, measure_handout
from handouts.loading import load_topic

from .bundled import STYLE_NAMES, TOPIC_FILES, bundled_build, bundled_style
from .conftest import STYLES, TOPICS, page_texts, pdf_text, write
from .pdf_layout import Page, Text, read_pages

MM = 72 / 25.4
Run = Callable[..., Result]
EDITIONS = ["standard", "large"]
ALL = list(itertools.product(TOPIC_FILES, STYLE_NAMES, EDITIONS))
IDS = [f"{t.stem}-{s}-{e}" for t, s, e in ALL]


def built(topic: Path, style: str, edition: str, paper: str | None = None) -> tuple[Built, list[Page]]:
    """The handout and its pages, built once per run for each topic, style, edition and paper
    (no paper is the style's own)."""
    result = bundled_build(topic, style, paper, edition == "large")
    return result, _pages(result.pdf)


@cache
def _pages(pdf: bytes) -> list[Page]:
    return read_pages(pdf)


def body_size(style: str, edition: str) -> float:
    return 16.0 if edition == "large" else bundled_style(style).font_size


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize(("topic", "style", "edition"), ALL, ids=IDS)
def test_no_page_but_the_last_under_75_percent_and_check_says_so_when_it_is(
    topic: Path, style: str, edition: str, paper: str
) -> None:
    result, pages = built(topic, style, edition, paper)
    fills = [page.fill for page in pages]
    # check measures the pages without drawing them, and must find what the PDF has.
    measured = measure_handout(
        load_topic(topic), bundled_style(style), Options(paper=paper, large_print=edition == "large")
    )
    assert (measured.pages, measured.fill_problems) == (len(pages), result.fill_problems)
    assert all(fill >= 0.75 for fill in fills[:-1]), fills
    short_last = len(fills) > 1 and fills[-1] < 0.25
    # The engine's own account (what check warns about) agrees with the PDF.
    assert bool(result.fill_problems) == short_last, (fills, result.fill_problems)
    assert not short_last, fills


@pytest.mark.parametrize(("topic", "style"), list(itertools.product(TOPIC_FILES, STYLE_NAMES)))
def test_large_print_has_no_text_under_16_pt_between_band_and_footer(topic: Path, style: str) -> None:
    _, pages = built(topic, style, "large")
    small = [(n, t.text, round(t.size, 1)) for n, p in enumerate(pages, 1) for t in p.texts_between() if t.size < 15.95]
    assert not small


def _small_print_start(page: Page, phone: str) -> float:
    """The foot of the Questions panel: the small print (disclaimer, sources, QR captions) is under it."""
    call = next(t for t in page.texts if phone in t.text)
    return call.box.bottom


@pytest.mark.parametrize(("topic", "style"), list(itertools.product(TOPIC_FILES, STYLE_NAMES)))
def test_standard_print_labels_and_captions_are_12_pt_or_more(topic: Path, style: str) -> None:
    _, pages = built(topic, style, "standard")
    phone = bundled_style(style).clinic.phone or ""
    small: list[tuple[int, str, float]] = []
    for n, page in enumerate(pages, 1):
        texts: list[Text] = page.texts_between()
        if n == len(pages):
            # The panel's QR caption, the disclaimer and the sources are small print, under and beside it.
            foot = _small_print_start(page, phone)
            texts = [t for t in texts if t.box.top > foot + 30]
        small += [(n, t.text, round(t.size, 1)) for t in texts if t.size < 11.95]
    assert not small


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize(
    "topic", [f for f in TOPIC_FILES if f.stem.split(".")[0] in ("sciatica-and-feet", "when-to-see-a-specialist")]
)
def test_page_one_names_the_emergency_number(topic: Path, style: str, edition: str) -> None:
    result, _ = built(topic, style, edition)
    first = page_texts(result.pdf)[0]
    from handouts.placeholders import values_from

    number = values_from(bundled_style(style))["emergency_number"]  # the style's own, or its locale's
    assert f" {number} " in f" {first} ".replace(".", " ")


@pytest.mark.parametrize(("topic", "style", "edition"), ALL, ids=IDS)
def test_the_clinic_phone_is_printed_at_body_size(topic: Path, style: str, edition: str) -> None:
    _, pages = built(topic, style, edition)
    phone = bundled_style(style).clinic.phone or ""
    sizes = [t.size for p in pages for t in p.texts_between() if phone in t.text]
    assert any(abs(size - body_size(style, edition)) < 0.05 for size in sizes), sizes


def test_please_turn_over_on_page_one_of_two_sided_handouts_only(run: Run, tmp_path: Path) -> None:
    result, _ = built(TOPICS / "sciatica-and-feet.es.yaml", "default", "large")
    texts = page_texts(result.pdf)
    assert "Continúa al dorso" in texts[0]
    assert not any("Continúa al dorso" in text for text in texts[1:])
    one = write(
        tmp_path,
        "one.yaml",
        "title: One page\nreviewed: 2026-11-01\nsections:\n  - heading: Short\n    body: [Hello.]\n",
    )
    out = tmp_path / "out"
    assert run("build", one, "-o", out).exit_code == 0
    assert "turn over" not in page_texts(out / "one.pdf")[0]


def test_large_print_offers_other_formats_not_itself() -> None:
    text = {
        edition: pdf_text(built(TOPICS / "footwear-checklist.yaml", "default", edition)[0].pdf) for edition in EDITIONS
    }
    assert "available in large print" in text["standard"]
    assert "large print" not in text["large"]
    assert "available in other languages and formats" in text["large"]


LONG_STYLE = """
extends: default
clinic:
  name: The Very Long Named Regional Foot, Ankle and Spine Clinic of Greater Springfield
  tagline: Podiatry, physiotherapy, gait analysis and spine care for the whole family
  phone: (555) 010-0100
  website: www.greater-springfield-foot-ankle-and-spine.example
  email: appointments@greater-springfield-foot-and-spine.example
  address: [Unit 12, The Riverside Business Park, 1200 Long Meadow Road, Springfield]
"""


def _overlapping(chars: list[tuple[str, float, float, float, float]]) -> list[tuple[str, str]]:
    """Pairs of characters whose boxes cross (shrunk a little: neighbours in a word may touch)."""
    found = []
    inset = 0.4
    for (a, l1, b1, r1, t1), (b, l2, b2, r2, t2) in itertools.combinations(chars, 2):
        if l1 + inset < r2 - inset and l2 + inset < r1 - inset and b1 + inset < t2 - inset and b2 + inset < t1 - inset:
            found.append((a, b))
    return found


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_long_clinic_name_tagline_email_and_website_never_overprint_in_the_band(
    run: Run, tmp_path: Path, paper: str, edition: str
) -> None:
    style = write(tmp_path, "long.yaml", LONG_STYLE)
    out = tmp_path / "out"
    result = run("build", "footwear-checklist", "--style", style, "--paper", paper, "--edition", edition, "-o", out)
    assert result.exit_code == 0, result.output
    pdf = next(out.glob("*.pdf")).read_bytes()
    page = read_pages(pdf, chars=True)[0]
    assert page.chars is not None
    band = [c for c in page.chars if c.box.bottom >= page.content_top and not c.text.isspace()]
    assert len(band) > 150  # name, tagline and every contact line are there
    boxes = [(c.text, c.box.left, c.box.bottom, c.box.right, c.box.top) for c in band]
    assert _overlapping(boxes) == []
    # Everything in the band is 9 pt or more; in large print 14 pt or more.
    floor = 14 if edition == "large" else 9
    assert min(t.size for t in page.texts if t.box.bottom >= page.content_top) >= floor - 0.01


def test_a_band_that_cannot_fit_is_a_style_error_naming_the_key(run: Run, tmp_path: Path) -> None:
    style = write(
        tmp_path,
        "huge.yaml",
        LONG_STYLE.replace(
            "email: appointments@",
            "email: appointments-enquiries-referrals-and-everything-else-for-every-patient-we-see@",
        ),
    )
    result = run("build", "footwear-checklist", "--style", style, "-o", tmp_path / "out")
    assert result.exit_code != 0
    assert result.output.splitlines() == [
        f"error: {style}:7:10: clinic.email: too long for the header band (120 characters where about 117 fit); "
        "shorten it (on letter paper)",
        "error: no handouts were built because the style cannot be used",
    ]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


CALLOUTS = """
title: Boxes
reviewed: 2026-11-01
sections:
  - heading: Two boxes
    body:
      - callout:
          kind: urgent
          title: Call now
          text: Call {emergency_number} at once.
      - callout:
          kind: warning
          title: See your doctor soon
          text: Book an appointment this week.
"""


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_urgent_and_warning_boxes_differ_in_border_and_icon_in_grey(run: Run, tmp_path: Path, style: str) -> None:
    topic = write(tmp_path, "boxes.yaml", CALLOUTS)
    out = tmp_path / "out"
    assert run("build", topic, "--style", style, "-o", out).exit_code == 0
    page = read_pages((out / "boxes.pdf").read_bytes())[0]
    danger = tuple(round(c * 255) for c in (DANGER.red, DANGER.green, DANGER.blue))
    urgent = [s for s in page.shapes if s.stroke_rgb == danger and s.stroke_width >= 2.9]
    warning = [s for s in page.shapes if s.dashed and s.stroke_width > 0]
    assert urgent and warning  # the urgent border in the fixed danger colour; the warning's dashed
    assert all(not s.dashed for s in urgent)
    # Heavier, and darker on a greyscale copier, than the warning's border.
    assert min(s.stroke_width for s in urgent) >= 1.5 * max(s.stroke_width for s in warning)
    assert max(s.stroke_grey or 1 for s in urgent) < min(s.stroke_grey or 1 for s in warning)
    # Icons: a filled triangle (3 segments, closed) for urgent, a stroked ring for warning.
    triangles = [s for s in page.shapes if s.fill_rgb == danger and s.segments <= 4 and s.box.width < 30]
    rings = [s for s in page.shapes if s.stroke_width > 1 and s.segments > 4 and s.box.width < 30 and not s.dashed]
    assert len(triangles) == 1 and rings


def test_no_style_can_change_the_danger_colour(run: Run, tmp_path: Path) -> None:
    style = write(tmp_path, "red.yaml", 'extends: default\ncolors:\n  callout_urgent: "#00FF00"\n')
    result = run("build", "sciatica-and-feet", "--style", style, "-o", tmp_path / "out")
    assert result.exit_code != 0
    assert "colors.callout_urgent" in result.output


def test_the_qr_code_is_20_mm_or_more() -> None:
    _, pages = built(TOPICS / "sciatica-and-feet.yaml", "riverside-us", "standard")
    codes = [
        s
        for p in pages
        for s in p.shapes
        if s.fill_rgb == (0, 0, 0) and s.segments > 200 and abs(s.box.width - s.box.height) < 3
    ]
    assert len(codes) == 1
    assert codes[0].box.width >= 20 * MM


@pytest.mark.parametrize("edition", EDITIONS)
def test_tick_boxes_are_6_mm_or_more(edition: str) -> None:
    _, pages = built(TOPICS / "footwear-checklist.yaml", "default", edition)
    ticks = [
        s
        for p in pages
        for s in p.shapes
        if s.fill_rgb is None and s.segments == 5 and abs(s.box.width - s.box.height) < 0.5 and 12 < s.box.width < 40
    ]
    import yaml

    topic = yaml.safe_load((TOPICS / "footwear-checklist.yaml").read_text(encoding="utf-8"))
    items = [
        item for s in topic["sections"] for b in s["body"] if isinstance(b, dict) for item in b.get("checklist", [])
    ]
    assert len(ticks) == len(items)  # one per item of the checklist
    assert all(s.box.width - 2 * s.stroke_width >= TICK_BOX - 0.01 for s in ticks)


UNDERFILLED = """
title: A short page
reviewed: 2026-11-01
max_pages: 3
sections:
  - heading: Some words
    body:
      - {text}
      - image:
          file: nerve.svg
          alt: The sciatic nerve.
          caption: The sciatic nerve.
          width: 100%
"""


def test_check_warns_about_an_underfilled_page_naming_the_block(run: Run, tmp_path: Path) -> None:
    text = " ".join(["Walk a little every day, and rest when your foot hurts."] * 12)
    topic = write(tmp_path, "short.yaml", UNDERFILLED.format(text=text))
    # A picture never splits: one too tall for what is left of page 1 starts page 2.
    write(tmp_path, "nerve.svg", (TOPICS / "images" / "sciatic-nerve-path.svg").read_text(encoding="utf-8"))
    result = run("check", topic)
    assert f"warning: {topic}:8:9: sections[0].body[1]: on letter paper, page 1 of 2 is only" in result.output
    assert "because this block did not fit below it and starts the next page" in result.output


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_band_text_boxes_pictures_and_footer_share_one_left_edge(style: str) -> None:
    _, pages = built(TOPICS / "flat-feet-back-pain.yaml", style, "standard")
    margin = bundled_style(style).margin_mm * MM
    page = pages[0]
    title = next(t for t in page.texts if t.text.startswith("Flat feet"))
    # (text drawn from a form, the page count, reports its bounds untransformed: left out)
    footer = min(t.box.left for t in page.texts if t.box.top < page.content_bottom and t.box.left > 1)
    rules = [s.box.left for s in page.shapes if s.box.width > page.width * 0.6]
    assert abs(title.box.left - margin) < 1.5
    assert abs(footer - margin) < 1.5
    assert all(abs(left - margin) < 2.5 for left in rules)
    # Boxes (key points) start there too (their border's outer edge, half a border's width before it).
    boxes = [
        s.box.left + s.stroke_width / 2
        for s in page.shapes
        if s.box.width > page.width * 0.5 and page.content_bottom < s.box.bottom < page.content_top
    ]
    assert boxes and all(abs(left - margin) < 2.5 for left in boxes)


@pytest.mark.parametrize(
    ("layout", "band_filled"),
    [("band", True), ("panel", True), ("rule", False)],
)
def test_header_layouts_logo_height_hidden_name_and_leaflet_code(
    run: Run, tmp_path: Path, layout: str, band_filled: bool
) -> None:
    logo = (STYLES / "riverside-logo.svg").read_text(encoding="utf-8")
    write(tmp_path, "logo.svg", logo)
    style = write(
        tmp_path,
        "mine.yaml",
        f"""
        extends: default
        logo: logo.svg
        logo_height_mm: 12
        header:
          layout: {layout}
          show_clinic_name: false
        footer:
          leaflet_code: "Leaflet YC-{{id}}"
        """,
    )
    out = tmp_path / "out"
    assert run("build", "footwear-checklist", "--style", style, "-o", out).exit_code == 0, run
    pdf = (out / "footwear-checklist.pdf").read_bytes()
    page = read_pages(pdf)[0]
    band_texts = [t.text for t in page.texts if t.box.bottom >= page.content_top]
    assert not any("Your Clinic" in text for text in band_texts)  # hidden in the band...
    footer = " ".join(t.text for t in page.texts if t.box.top <= page.content_bottom)
    assert "Your Clinic" in footer  # ...but still in the footer
    assert "Leaflet YC-footwear-checklist" in footer
    filled = [
        s
        for s in page.shapes
        if s.fill_rgb is not None and s.box.width > page.width * 0.6 and s.box.bottom >= page.content_top - 1
    ]
    assert bool(filled) == band_filled
    # The logo is drawn 12 mm high (its shapes' extent).
    logo_shapes = [
        s
        for s in page.shapes
        if s.box.bottom >= page.content_top and s.box.width < page.width * 0.3 and s.fill_rgb != (255, 255, 255)
    ]
    height = max(s.box.top for s in logo_shapes) - min(s.box.bottom for s in logo_shapes)
    assert 10 * MM <= height <= 13.5 * MM


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_the_large_print_page_one_band_is_14_pt_or_more(style: str) -> None:
    _, pages = built(TOPICS / "footwear-checklist.es.yaml", style, "large")
    page = pages[0]
    # The logo is the clinic's artwork, words and all: only the band's own text counts.
    from handouts import furniture
    from handouts.branding import make_theme

    theme = make_theme(bundled_style(style), large_print=True)
    logo = furniture.first_header(theme, furniture.band_text(theme, "")).logo
    left, right = (logo.x - 1, logo.x + logo.width + 1) if logo else (0.0, 0.0)
    band = [
        t
        for t in page.texts
        if t.box.bottom >= page.content_top - 1 and t.text.strip() and not (left <= t.box.left and t.box.right <= right)
    ]
    assert band and min(t.size for t in band) >= 13.99


def test_a_paragraph_breaks_across_pages_after_a_full_sentence_when_two_lines_allow() -> None:
    from handouts.branding import make_theme
    from handouts.paragraph import Para
    from handouts.splitting import SentencePara, _line_text

    theme = make_theme(bundled_style("default"))
    style = theme.paragraph["body"]
    text = " ".join(
        f"Sentence {n} is {'quite a lot longer than the one before it and ' * (n % 4)}short enough to read."
        for n in range(1, 30)
    )
    width, leading = theme.text_width, style.leading
    whole = Para(text, style)
    whole.wrap(width, 1e6)
    ends = [_line_text(line).endswith(".") for line in whole.blPara.lines]
    moved = 0
    for lines in range(5, 30):
        room = lines * leading + 1
        plain = Para(text, style).split(width, room)
        parts = SentencePara(text, style).split(width, room)
        assert len(plain) == len(parts) == 2
        plain_lines = round(plain[0].wrap(width, room)[1] / leading)
        kept = round(parts[0].wrap(width, room)[1] / leading)
        assert plain_lines - 2 <= kept <= plain_lines  # a short move: two lines at most
        if any(ends[plain_lines - 1 - back] for back in range(3)):
            assert ends[kept - 1], lines  # ...to the end of a sentence
        moved += kept < plain_lines
    assert moved  # the paragraph did move its break somewhere


@pytest.mark.parametrize(
    ("name", "over", "continued"),
    [("", "Continued on the next page", "(continued)"), (".es", "Sigue en la página siguiente", "(continuación)")],
)
def test_an_emergency_box_that_runs_onto_the_next_page_says_so_at_its_foot(
    name: str, over: str, continued: str
) -> None:
    """A reader of the front alone learns the emergency signs go on: the part on page 1 ends with
    a line saying so, and page 2 starts with the box's title and "(continued)"."""
    result, _ = built(TOPICS / f"when-to-see-a-specialist{name}.yaml", "default", "large", "letter")
    pages = page_texts(result.pdf)
    assert over in pages[0] and over not in pages[1]
    assert f"{continued} •" in pages[1] and pages[1].index(continued) < pages[1].index("•")


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize(("topic", "style"), list(itertools.product(TOPIC_FILES, STYLE_NAMES)))
def test_a_prepared_for_box_keeps_a_handout_on_one_sheet(topic: Path, style: str, paper: str) -> None:
    """The front desk personalises nearly every handout it prints: the box must not add a page."""
    from handouts.story import Personal

    personal = Personal("Maria Example", "Dr Shah", "Walk daily")
    loaded = load_topic(topic)
    result = build_handout(loaded, bundled_style(style), Options(paper=paper, personal=personal))
    assert result.pages <= loaded.topic.max_pages
    front = page_texts(result.pdf)[0]
    label = "Preparado para" if loaded.topic.language == "es" else "Prepared for"
    assert f"{label}: Maria Example" in front


def test_a_name_too_long_for_the_side_column_goes_under_the_title_unbroken() -> None:
    from handouts.story import Personal

    long_word = "Wolfeschlegelsteinhausenbergerdorff"
    result = build_handout(
        load_topic(TOPICS / "footwear-checklist.yaml"),
        bundled_style("default"),
        Options(personal=Personal(long_word, "Dr Shah", None)),
    )
    front = page_texts(result.pdf)[0]
    assert f"Choosing shoes that support your feet Prepared for: {long_word} · Clinician: Dr Shah Key points" in front

"""The HTML edition, read as a parser reads it: structure, text, pictures, and nothing fetched."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import html5lib  # type: ignore[import-untyped]
import pytest
from click.testing import Result
from lxml import html  # type: ignore[import-untyped]
from pypdf import PdfReader

from handouts.branding import contrast, make_theme
from handouts.html.css import palette
from handouts.labels import labels_for
from handouts.library import find_style
from handouts.loading import load_style, load_topic, with_placeholders
from handouts.markup import plain, to_html
from handouts.models import Style

from .conftest import REPO, STYLES, TOPICS, copy_topic, page_texts, write

Run = Callable[..., Result]
BUNDLED = sorted(TOPICS.glob("*.yaml"))  # every bundled topic in every language


def page(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


def text_of(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    from click.testing import CliRunner

    from handouts.cli import main

    out = tmp_path_factory.mktemp("html")
    args = ["build", "--all", "--lang", "all", "--format", "html", "--topics", str(TOPICS)]
    result = CliRunner().invoke(main, [*args, "--styles", str(STYLES), "--style", "riverside-us", "-o", str(out)])
    return out, result


def test_all_topics_in_all_languages_make_eight_pages(built: tuple[Path, Result]) -> None:
    out, result = built
    assert result.exit_code == 0, result.output
    # Each topic, then its translation: the order build prints paths in.
    names = sorted(
        (p.name.removesuffix(".yaml") + ".html" for p in BUNDLED), key=lambda n: (n.split(".")[0], n.count("."))
    )
    assert len(names) == 8
    assert result.stdout.splitlines() == [str(out / name) for name in names]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)


@pytest.mark.parametrize("topic_file", BUNDLED, ids=lambda p: p.stem)
def test_the_page_has_the_topics_structure(built: tuple[Path, Result], topic_file: Path) -> None:
    out, _ = built
    # As printed for riverside-us: placeholders and the topic's words filled (en-US: "Check each box").
    riverside = load_style(STYLES / "riverside-us.yaml", find=lambda name, base: find_style(name, STYLES, base))
    topic = with_placeholders(load_topic(topic_file), riverside)
    root = page(out / (topic_file.name.removesuffix(".yaml") + ".html"))
    assert root.get("lang") == topic.language
    assert [text_of(h) for h in root.iter("h1")] == [plain(topic.title)]
    words = labels_for(topic.language)
    assert [text_of(h) for h in root.iter("h2")] == [
        words["key_points"],
        *(plain(s.heading) for s in topic.sections),
        words["questions"],
        words["sources"],
    ]
    # Key points: a list in a region named by its heading.
    region = root.xpath("//section[@class='key-points']")[0]
    assert text_of(root.get_element_by_id(region.get("aria-labelledby"))) == words["key_points"]
    assert [text_of(li) for li in region.iter("li")] == [plain(p) for p in topic.key_points]
    # Every picture with its alt text, announced as an image.
    alts = sorted(plain(alt) for alt in _alts(topic))
    found = sorted(svg.get("aria-label") for svg in root.xpath("//main//*[local-name()='svg'][@role='img']"))
    found += sorted(img.get("alt") for img in root.xpath("//main//img"))
    assert sorted(found) == alts
    # The emergency number and the review dates, as text.
    body = text_of(root.body)
    assert "call 911" in body or "llame al 911" in body
    assert f"Version {topic.version}" in body or f"Versión {topic.version}" in body
    assert root.xpath("//a[@class='skip']/@href") == ["#content"]
    assert root.xpath("//main/@id") == ["content"]


def _alts(topic: object) -> list[str]:
    from handouts.models import Exercise, FigureRow, Image, Topic

    assert isinstance(topic, Topic)
    alts: list[str] = []
    for section in topic.sections:
        for block in section.body:
            if isinstance(block, Image):
                alts.append(block.image.alt)
            elif isinstance(block, Exercise) and block.exercise.image is not None:
                alts.append(block.exercise.alt or block.exercise.name)
            elif isinstance(block, FigureRow):
                alts += [item.alt for item in block.figure_row]
    return alts


@pytest.mark.parametrize("topic_file", BUNDLED, ids=lambda p: p.stem)
def test_the_page_is_valid_html5(built: tuple[Path, Result], topic_file: Path) -> None:
    """html5lib's strict parser stops at the first parse error (a stray or missing end tag, a bad
    attribute, text before the doctype); lxml would quietly repair them."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse((built[0] / (topic_file.name.removesuffix(".yaml") + ".html")).read_bytes())
    assert parser.errors == []


def test_the_strict_parser_does_find_broken_html() -> None:
    with pytest.raises(html5lib.html5parser.ParseError):
        html5lib.HTMLParser(strict=True).parse("<!DOCTYPE html><html lang=en><title>t</title><p>a</div>")


@pytest.mark.parametrize("topic_file", BUNDLED, ids=lambda p: p.stem)
def test_nothing_is_fetched_from_another_address(built: tuple[Path, Result], topic_file: Path) -> None:
    out, _ = built
    text = (out / (topic_file.name.removesuffix(".yaml") + ".html")).read_text(encoding="utf-8")
    assert "@import" not in text
    sources = re.findall(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", text)
    urls = re.findall(r"""url\(\s*["']?([^)"']+)""", text)
    assert all(address.startswith("data:") for address in sources), sources
    assert all(address.startswith(("data:", "#")) for address in urls), urls
    assert "<script" not in text and "<link" not in text and "<iframe" not in text


def test_callouts_say_what_they_are_in_words(built: tuple[Path, Result]) -> None:
    out, _ = built
    for name, word in (("sciatica-and-feet.html", "Emergency"), ("sciatica-and-feet.es.html", "Emergencia")):
        urgent = page(out / name).xpath("//aside[contains(@class, 'urgent')]")
        assert urgent and all(box.get("role") == "note" for box in urgent)
        assert text_of(urgent[0].xpath(".//p[@class='kind']")[0]) == word
        labelled = page(out / name).get_element_by_id(urgent[0].get("aria-labelledby"))
        assert labelled.tag == "h3"


def test_checklists_are_check_boxes_with_labels(built: tuple[Path, Result]) -> None:
    out, _ = built
    topic = load_topic(TOPICS / "footwear-checklist.yaml").topic
    items = [plain(item) for s in topic.sections for b in s.body for item in getattr(b, "checklist", [])]
    root = page(out / "footwear-checklist.html")
    boxes = root.xpath("//input[@type='checkbox']")
    assert len(boxes) == len(items) > 0
    labels = [text_of(root.xpath(f"//label[@for='{box.get('id')}']")[0]) for box in boxes]
    assert labels == items


def test_steps_are_a_numbered_list(built: tuple[Path, Result]) -> None:
    out, _ = built
    root = page(out / "sciatica-and-feet.html")
    steps = root.xpath("//ol[@class='steps']/li")
    assert text_of(steps[0]).startswith("Keep up your normal day.")


def test_building_twice_gives_the_same_bytes(run: Run, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        assert (
            run(
                "build", "sciatica-and-feet", "--format", "html", "--style", "riverside-us", "-o", tmp_path / folder
            ).exit_code
            == 0
        )
    assert (tmp_path / "a" / "sciatica-and-feet.html").read_bytes() == (
        tmp_path / "b" / "sciatica-and-feet.html"
    ).read_bytes()


def test_format_pdf_html_writes_both_and_prints_both_paths(run: Run, tmp_path: Path) -> None:
    result = run("build", "footwear-checklist", "--format", "pdf,html", "--edition", "all", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(tmp_path / "footwear-checklist.pdf"),
        str(tmp_path / "footwear-checklist.large.pdf"),
        str(tmp_path / "footwear-checklist.html"),
    ]


def test_large_print_alone_with_html_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("build", "footwear-checklist", "--format", "html", "--large-print", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "error: large print is an edition of the PDF; the HTML edition has none (readers zoom it): "
        "leave out --large-print/--edition, or use --format pdf,html; see 'handouts build --help'"
    )
    assert not (tmp_path / "out").exists()


def test_an_unknown_format_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("build", "footwear-checklist", "--format", "docx", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: invalid value for '--format': 'docx' is not a format; use pdf, html, pdf,html or all; "
        "see 'handouts build --help'"
    ]


def test_help_says_large_print_has_no_html_meaning(run: Run) -> None:
    help_text = " ".join(run("build", "--help").stdout.split())
    assert "PDF only: the HTML edition has no large print, readers zoom it." in help_text


def test_user_text_is_escaped_and_bold_is_strong(run: Run, tmp_path: Path) -> None:
    topic = write(
        tmp_path,
        "odd.yaml",
        """
        title: "Feet <script>alert(1)</script> & shoes"
        reviewed: 2026-11-01
        sections:
          - heading: "A \\"quoted\\" heading"
            body:
              - "Wear **good shoes** & never <b>this</b>."
              - callout: {kind: tip, title: "Tip <i>", text: "A 2 * 3 sum"}
        """,
    )
    assert run("build", topic, "--format", "html", "-o", tmp_path / "out").exit_code == 0
    text = (tmp_path / "out" / "odd.html").read_text(encoding="utf-8")
    assert "<script>" not in text and "<b>this</b>" not in text and "<i>" not in text
    assert "<p>Wear <strong>good shoes</strong> &amp; never &lt;b&gt;this&lt;/b&gt;.</p>" in text
    assert "<title>Feet &lt;script&gt;alert(1)&lt;/script&gt; &amp; shoes · Your Clinic</title>" in text
    assert text_of(page(tmp_path / "out" / "odd.html").xpath("//h2")[0]) == 'A "quoted" heading'


def test_to_html_escapes_everything_but_bold() -> None:
    assert to_html("**a<b>** & \"c\" 'd' *e*") == "<strong>a&lt;b&gt;</strong> &amp; &quot;c&quot; &#x27;d&#x27; *e*"


HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="100" height="50" onload="alert(1)">
  <metadata><inkscape:grid/></metadata>
  <g inkscape:label="Layer 1">
  <title>Original title</title>
  <script>alert(2)</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#1f5a8c"/></linearGradient></defs>
  <rect id="box" width="100" height="50" fill="url(#g)" onclick="alert(3)"/>
  <rect width="10" height="10" style="fill: url(https://tracker.example/x.png)"/>
  <use xlink:href="#box" x="5"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
  <text font-family="Atkinson-Bold" x="1" y="40">Label</text>
  </g>
</svg>"""


def test_an_svg_keeps_only_its_drawing(tmp_path: Path) -> None:
    from handouts.html.pictures import picture

    file = tmp_path / "hostile.svg"
    file.write_text(HOSTILE_SVG, encoding="utf-8")
    markup = picture(file, "What it shows", "picture-7", ("#123456", "#abcdef", "#eeeeee"))
    assert "alert" not in markup and "script" not in markup and "foreignObject" not in markup
    assert "tracker.example" not in markup and "Original title" not in markup and "inkscape" not in markup
    svg = html.fromstring(markup)
    assert svg.get("role") == "img" and svg.get("aria-label") == "What it shows"
    assert 'viewBox="0 0 100 50"' in markup and svg.get("width") is None  # it scales with the page
    assert 'id="picture-7-g"' in markup and 'fill="url(#picture-7-g)"' in markup and 'href="#picture-7-box"' in markup
    assert 'stop-color="#123456"' in markup  # the brand colour mark, swapped as in the PDF
    assert 'font-family="inherit"' in markup and 'font-weight="bold"' in markup


def test_an_svg_with_its_own_style_sheet_is_kept_apart_in_an_img(tmp_path: Path) -> None:
    from handouts.html.pictures import picture

    file = tmp_path / "styled.svg"
    file.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>rect{fill:red}</style>'
        '<rect width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    img = html.fromstring(picture(file, "A red square", "picture-1", None))
    assert img.tag == "img" and img.get("alt") == "A red square"
    assert img.get("src").startswith("data:image/svg+xml;base64,")


def test_a_decorative_logo_is_hidden_from_screen_readers(built: tuple[Path, Result]) -> None:
    out, _ = built
    logo = page(out / "footwear-checklist.html").xpath("//header//*[local-name()='svg']")[0]
    assert logo.get("aria-hidden") == "true" and logo.get("role") is None


@pytest.mark.parametrize(
    "colors",
    [
        {
            "primary": "#FFE066",
            "accent": "#FFFFFF",
            "text": "#999999",
            "callout_tip": "#88FF88",
        },
        {
            "primary": "#1F5A8C",
            "accent": "#E8A33D",
            "text": "#1A1A1A",
            "callout_tip": "#2E7D4F",
        },
    ],
)
def test_the_style_colours_keep_wcag_aa_contrast(colors: dict[str, str]) -> None:
    from reportlab.lib.colors import HexColor

    style = Style.model_validate(
        {"clinic": {"name": "C"}, "emergency_number": "1", "emergency_department": "ER", "colors": colors}
    )
    p = palette(make_theme(style))

    def ratio(a: str, b: str) -> float:
        return float(contrast(HexColor(a), HexColor(b)))

    assert ratio(p.text, "#ffffff") >= 4.5
    assert ratio(p.heading, p.key_fill) >= 4.5 and ratio(p.heading, "#ffffff") >= 4.5
    assert ratio(p.on_band, p.band) >= 4.5
    assert ratio(p.urgent_text, p.urgent_fill) >= 4.5 and ratio(p.warning_text, p.warning_fill) >= 4.5
    for border, fill in (
        (p.urgent, p.urgent_fill),
        (p.warning, p.warning_fill),
        (p.tip, p.tip_fill),
        (p.info, p.info_fill),
    ):
        assert ratio(border, fill) >= 3


def test_html_url_points_the_pdf_qr_code_at_the_html_edition(run: Run, tmp_path: Path) -> None:
    import pypdfium2
    import zxingcpp

    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    write(styles, "web.yaml", "extends: riverside-us\nclinic:\n  html_url: https://riverside.example/leaflets/\n")
    topics = tmp_path / "topics"
    copy_topic("footwear-checklist", topics)
    copy_topic("footwear-checklist.es", topics)
    result = run(
        "build",
        "footwear-checklist",
        "--lang",
        "es",
        "--topics",
        topics,
        "--styles",
        styles,
        "--style",
        "web",
        "-o",
        tmp_path / "out",
    )
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "footwear-checklist.es.pdf"
    pages = len(PdfReader(pdf).pages)
    document = pypdfium2.PdfDocument(pdf)
    found = [r.text for p in range(pages) for r in zxingcpp.read_barcodes(document[p].render(scale=200 / 72).to_pil())]
    assert found == ["https://riverside.example/leaflets/footwear-checklist.es.html"]
    assert "Escanee para leer este folleto en internet" in page_texts(pdf)[-1]


def test_the_style_loads_html_url_like_any_key(tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "s.yaml",
        "clinic: {name: C, html_url: 'https://c.example/h'}\nemergency_number: '1'\nemergency_department: ER\n",
    )
    assert load_style(file).clinic.html_url == "https://c.example/h"


def test_prepared_for_details_show_on_the_page(run: Run, tmp_path: Path) -> None:
    result = run(
        "build",
        "footwear-checklist",
        "--format",
        "html",
        "--for",
        "Ann <Lee>",
        "--note",
        "Walk **daily**",
        "-o",
        tmp_path / "out",
    )
    assert result.exit_code == 0, result.output
    box = page(tmp_path / "out" / "footwear-checklist.html").xpath("//div[@class='personal']/p")
    assert [text_of(p) for p in box] == ["Prepared for: Ann <Lee>", "Note: Walk daily"]


@pytest.mark.parametrize("topic_file", BUNDLED, ids=lambda p: p.stem)
def test_the_page_says_everything_the_topic_says(built: tuple[Path, Result], topic_file: Path) -> None:
    """One source: every piece of body text, placeholders filled as in the PDF, is on the page."""
    from handouts.loading import with_placeholders
    from handouts.readability import body_texts

    style = load_style(STYLES / "riverside-us.yaml", find=lambda n, base: STYLES / f"{n}.yaml")
    topic = with_placeholders(load_topic(topic_file), style)
    shown = text_of(page(built[0] / (topic_file.name.removesuffix(".yaml") + ".html")).body)
    missing = [
        text for path, text in body_texts(topic) if path[-1] != "stop_if" and " ".join(plain(text).split()) not in shown
    ]
    assert missing == []


def test_a_clinic_without_a_phone_gets_no_call_us_heading(run: Run, tmp_path: Path) -> None:
    style = write(
        tmp_path,
        "nophone.yaml",
        "clinic: {name: Quiet Clinic}\nemergency_number: '112'\nemergency_department: urgencias\n",
    )
    assert (
        run("build", "footwear-checklist", "--format", "html", "--style", style, "-o", tmp_path / "out").exit_code == 0
    )
    root = page(tmp_path / "out" / "footwear-checklist.html")
    assert "Questions? Call us" not in text_of(root.body)
    assert text_of(root.xpath("//div[@class='questions']")[0]) == "In an emergency, call 112."


def test_a_png_inside_an_svg_stays_inside_it(tmp_path: Path) -> None:
    """An SVG may carry a PNG or JPEG as a data: address (checked when loaded): it stays, as that."""
    from handouts.html.pictures import picture

    markup = picture(REPO / "tests" / "hostile" / "topics" / "files" / "data-good.svg", "A picture", "p-1", None)
    images = html.fromstring(markup).xpath("//*[local-name()='image']")
    assert len(images) == 1 and images[0].get("href").startswith("data:image/png;base64,")


def test_a_picture_changed_since_loading_is_refused(run: Run, tmp_path: Path) -> None:
    """The page embeds the file itself, so it is read within the limit and checked again."""
    from handouts.errors import HandoutError
    from handouts.html.pictures import picture

    file = tmp_path / "p.svg"
    file.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><image href="file:///etc/passwd"/></svg>'
    )
    with pytest.raises(HandoutError) as caught:
        picture(file, "x", "p", None)
    assert str(caught.value.problems[0]).startswith(
        "error: picture is an SVG that uses another file (file:///etc/passwd)"
    )


def test_the_clinics_own_font_is_embedded_in_the_page(run: Run, tmp_path: Path) -> None:
    import base64

    import fontpkg_atkinson_hyperlegible as atkinson

    font = (Path(atkinson.ROOT) / "files" / "AtkinsonHyperlegible-Italic.ttf").read_bytes()  # any other TTF
    (tmp_path / "Clinic-Regular.ttf").write_bytes(font)
    style = write(tmp_path, "font.yaml", "extends: default\nfont: {regular: Clinic-Regular.ttf}\n")
    assert (
        run("build", "footwear-checklist", "--format", "html", "--style", style, "-o", tmp_path / "out").exit_code == 0
    )
    faces = re.findall(
        r"url\(data:font/ttf;base64,([^)]+)\)", (tmp_path / "out" / "footwear-checklist.html").read_text()
    )
    assert [base64.b64decode(face) for face in faces] == [font]  # only the regular face: the style has no bold


def test_the_header_follows_the_style(run: Run, tmp_path: Path) -> None:
    """The logo names the clinic when the name is not printed; a rule header has no band; the
    leaflet code is in the footer."""
    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    write(
        styles,
        "logo-only.yaml",
        "extends: northside-uk\nheader: {layout: rule, show_clinic_name: false}\nfooter: {leaflet_code: 'NFS-{id}'}\n",
    )
    result = run(
        "build",
        "footwear-checklist",
        "--format",
        "html",
        "--styles",
        styles,
        "--style",
        "logo-only",
        "-o",
        tmp_path / "out",
    )
    assert result.exit_code == 0, result.output
    root = page(tmp_path / "out" / "footwear-checklist.html")
    header = root.xpath("//header")[0]
    assert header.get("class") == "band rule"
    assert header.xpath(".//img/@alt") == ["Northside Foot & Spine Clinic"]
    assert not header.xpath(".//*[@class='clinic-name']")
    assert text_of(root.xpath("//footer/p")[-1]) == "NFS-footwear-checklist"


def test_batch_options_work_for_the_html_edition(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        "build",
        "footwear-checklist",
        "sciatica-and-feet",
        "--lang",
        "es",
        "--format",
        "html",
        "--style",
        "default",
        "--style",
        "northside-uk",
        "-j",
        "2",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(out / style / f"{topic}.es.html")
        for style in ("default", "northside-uk")
        for topic in ("footwear-checklist", "sciatica-and-feet")
    ]
    assert "call 999" not in text_of(page(out / "default" / "sciatica-and-feet.es.html").body)
    assert "llame al 999" in text_of(page(out / "northside-uk" / "sciatica-and-feet.es.html").body)

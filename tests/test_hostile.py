"""Hostile files and interruptions (issue 14): nothing runs, hangs, leaks or is lost.

A data-driven corpus like tests/corpus (see test_corpus.py for the ``.expect`` format), of files
made as an attacker or a careless user would: pictures that are really PostScript, SVGs with
embedded pictures, infinite or negative sizes and ``<use>`` bombs, paths out of their folder,
FIFOs and devices, damaged and crafted fonts, texts far over the limits. ``tests/hostile/<kind>/``:

- ``topics/<name>.expect`` builds ``topics/<name>.yaml`` in the default style;
- ``styles/<name>.expect`` builds the corpus' good topic with ``--style styles/<name>.yaml``;
- ``scenes/<name>.expect`` gets its whole scene from its setup (a function in SETUPS below).

Extra keys: ``stdout`` (exact lines, for commands that print a table), ``never`` (text that must
appear in no output: a secret file's contents). Placeholders as in the corpus, plus {hostile}
(this folder) and {tmp} (the case's temporary folder).

Every case runs with a fake ``gs`` (Ghostscript) first on PATH that records any call: none may
happen. Every case ends within 30 s, the process's peak memory stays under 1 GB, and no output
holds "internal error" or "Traceback".
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import resource
import signal
import struct
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from . import test_corpus as corpus
from .conftest import REPO, pdf_text
from .test_corpus import CORPUS, GOOD_TOPIC, Scene, assert_inside_the_page, listing, png_header_only, snapshot

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = sorted(HOSTILE.glob("*/*.expect"))
SECONDS = 30
PEAK_BYTES = 1 << 30

Run = Callable[..., Result]


class Case(corpus.Case):
    @property
    def input(self) -> Path:
        return HOSTILE / self.kind / f"{self.name}.yaml"

    def get(self, key: str, default: Any = None) -> Any:
        """One key of the .expect file (its values are whatever YAML made of them)."""
        return self.expect.get(key, default)


Setup = Callable[[Case, Path], Scene]
SETUPS: dict[str, Setup] = {}


def setup(name: str) -> Callable[[Setup], Setup]:
    def register(function: Setup) -> Setup:
        SETUPS[name] = function
        return function

    return register


def style_scene(style: Path, tmp: Path, case: Case) -> Scene:
    """Build the corpus' good topic in ``style``."""
    extra = [str(a) for a in case.get("args", [])]
    return Scene(["build", GOOD_TOPIC, "--style", style, "-o", tmp / "out", *extra], style, tmp / "out")


def default_scene(case: Case, file: Path, tmp: Path) -> Scene:
    out = tmp / "out"
    extra = [str(a) for a in case.get("args", [])]
    if case.get("command") == "check":
        return Scene(["check", file, *extra], file, out)
    if case.kind == "styles":
        return style_scene(file, tmp, case)
    return Scene(["build", file, "-o", out, *extra], file, out)


# ----- fonts made from the bundled one, so no font file is kept in the repository -----


def atkinson() -> bytes:
    import fontpkg_atkinson_hyperlegible as package

    return (Path(package.ROOT) / "files" / "AtkinsonHyperlegible-Regular.ttf").read_bytes()


def font_without(tag: str) -> bytes:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(atkinson()))
    del font[tag]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_with_cmap_bomb() -> bytes:
    """The bundled font with its character map replaced by 40 format-12 groups, each claiming
    every code point: 54 KB on disk, tens of millions of entries if anything believed it."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables.DefaultTable import DefaultTable

    groups = 40
    subtable = struct.pack(">HHIII", 12, 0, 16 + 12 * groups, 0, groups)
    subtable += b"".join(struct.pack(">III", 0, 0x10FFFF, 1) for _ in range(groups))
    raw = struct.pack(">HH", 0, 1) + struct.pack(">HHI", 3, 10, 12) + subtable
    font = TTFont(io.BytesIO(atkinson()))
    table = DefaultTable("cmap")
    table.data = raw
    font["cmap"] = table
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_lacking(chars: str) -> bytes:
    """The bundled font without the characters ``chars``."""
    from fontTools import subset

    font = subset.load_font(io.BytesIO(atkinson()), subset.Options())
    keep = [c for c in range(0x20, 0x250) if chr(c) not in chars] + [0xB7, 0x2013, 0x2014, 0x2019, 0x201C, 0x201D]
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_table_past_the_end() -> bytes:
    data = bytearray(atkinson())
    tables = struct.unpack_from(">H", data, 4)[0]
    for index in range(tables):
        record = 12 + 16 * index
        if data[record : record + 4] == b"glyf":
            struct.pack_into(">I", data, record + 12, 10_000_000)
    return bytes(data)


FONTS: dict[str, Callable[[], bytes]] = {
    "font-cut-off": lambda: atkinson()[:3000],
    "font-directory-only": lambda: atkinson()[:40],
    "font-cmap-bomb": font_with_cmap_bomb,
    "font-no-cmap": lambda: font_without("cmap"),
    "font-no-post": lambda: font_without("post"),
    "font-table-past-the-end": font_table_past_the_end,
    "font-random-bytes": lambda: b"\x00\x01\x00\x00" + bytes(range(256)) * 40,
    "font-postscript-outlines": lambda: b"OTTO" + atkinson()[4:],
    "font-collection": lambda: b"ttcf" + atkinson()[4:],
    "font-text-file": lambda: b"This is not a font.\n" * 20,
    "font-without-digits": lambda: font_lacking("0123456789"),
    "font-without-capital-j": lambda: font_lacking("J"),
}


def style_with_font(case: Case, tmp: Path) -> Scene:
    folder = tmp / "style"
    folder.mkdir()
    (folder / "clinic.ttf").write_bytes(FONTS[case.name]())
    style = folder / f"{case.name}.yaml"
    style.write_text("extends: default\nfont: {regular: clinic.ttf, bold: clinic.ttf}\n")
    return style_scene(style, tmp, case)


for _name in FONTS:
    SETUPS[_name] = style_with_font


@setup("check-font-without-capital-j")
def _check_font_without_capital_j(case: Case, tmp: Path) -> Scene:
    """``check`` passed a font that prints the months blank."""
    made = style_with_font(Case(case.kind, "font-without-capital-j", case.expect), tmp)
    return Scene(["check", GOOD_TOPIC, "--style", made.file or "", "--paper", "a4"], made.file, made.out)


# ----- special files: FIFOs, devices, symlinks out of the folder -----


def _good_topics(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.yaml").write_text(GOOD_TOPIC.read_text())


@setup("topic-fifo")
def _topic_fifo(case: Case, tmp: Path) -> Scene:
    fifo = tmp / "topics" / "waiting.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    return Scene(["build", fifo, "-o", tmp / "out"], fifo, tmp / "out")


@setup("topics-folder-with-fifo")
def _topics_folder_with_fifo(case: Case, tmp: Path) -> Scene:
    topics = tmp / "topics"
    _good_topics(topics, ["one", "two"])
    os.mkfifo(topics / "pipe.yaml")
    return Scene(["build", "--all", "--topics", topics, "-o", tmp / "out", *case.get("args", [])], None, tmp / "out")


@setup("list-with-fifo")
def _list_with_fifo(case: Case, tmp: Path) -> Scene:
    topics = tmp / "topics"
    _good_topics(topics, ["one"])
    os.mkfifo(topics / "pipe.yaml")
    return Scene(["list", "--topics", topics], None, tmp / "out")


@setup("styles-with-fifo")
def _styles_with_fifo(case: Case, tmp: Path) -> Scene:
    styles = tmp / "styles"
    styles.mkdir()
    os.mkfifo(styles / "pipe.yaml")
    return Scene(["styles", "--styles", styles], None, tmp / "out")


@setup("style-fifo")
def _style_fifo(case: Case, tmp: Path) -> Scene:
    fifo = tmp / "styles" / "pipe.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    return Scene(["build", GOOD_TOPIC, "--style", fifo, "-o", tmp / "out"], fifo, tmp / "out")


@setup("topic-dev-zero")
def _topic_dev_zero(case: Case, tmp: Path) -> Scene:
    link = tmp / "topics" / "zero.yaml"
    link.parent.mkdir()
    link.symlink_to("/dev/zero")
    return Scene(["build", link, "-o", tmp / "out"], link, tmp / "out")


@setup("style-dev-zero")
def _style_dev_zero(case: Case, tmp: Path) -> Scene:
    link = tmp / "styles" / "zero.yaml"
    link.parent.mkdir()
    link.symlink_to("/dev/zero")
    return Scene(["build", GOOD_TOPIC, "--style", link, "-o", tmp / "out"], link, tmp / "out")


def _style_naming(tmp: Path, text: str) -> Path:
    style = tmp / "style" / "clinic.yaml"
    style.parent.mkdir(exist_ok=True)
    style.write_text(text)
    return style


@setup("logo-dev-zero-allowed")
def _logo_dev_zero_allowed(case: Case, tmp: Path) -> Scene:
    style = _style_naming(tmp, "extends: default\nlogo: zero.png\n")
    (style.parent / "zero.png").symlink_to("/dev/zero")
    return style_scene(style, tmp, case)


SETUPS["logo-dev-zero"] = _logo_dev_zero_allowed


@setup("logo-fifo")
def _logo_fifo(case: Case, tmp: Path) -> Scene:
    style = _style_naming(tmp, "extends: default\nlogo: pipe.png\n")
    os.mkfifo(style.parent / "pipe.png")
    return style_scene(style, tmp, case)


@setup("font-fifo")
def _font_fifo(case: Case, tmp: Path) -> Scene:
    style = _style_naming(tmp, "extends: default\nfont: {regular: pipe.ttf}\n")
    os.mkfifo(style.parent / "pipe.ttf")
    return style_scene(style, tmp, case)


@setup("picture-fifo")
def _picture_fifo(case: Case, tmp: Path) -> Scene:
    topic = tmp / "topic" / "pictured.yaml"
    topic.parent.mkdir()
    topic.write_text(GOOD_TOPIC.read_text() + "      - image: {file: pipe.png, alt: A pipe}\n")
    os.mkfifo(topic.parent / "pipe.png")
    return default_scene(case, topic, tmp)


def _secret(tmp: Path) -> Path:
    secret = tmp / "private" / "secret.png"
    secret.parent.mkdir(exist_ok=True)
    secret.write_bytes((HOSTILE / "topics" / "files" / "good.png").read_bytes())
    return secret


@setup("picture-symlink-outside")
def _picture_symlink_outside(case: Case, tmp: Path) -> Scene:
    topic = tmp / "topic" / "linked.yaml"
    topic.parent.mkdir()
    topic.write_text(GOOD_TOPIC.read_text() + "      - image: {file: linked.png, alt: A picture}\n")
    (topic.parent / "linked.png").symlink_to(_secret(tmp))
    return default_scene(case, topic, tmp)


@setup("logo-symlink-outside")
def _logo_symlink_outside(case: Case, tmp: Path) -> Scene:
    style = _style_naming(tmp, "extends: default\nlogo: linked.png\n")
    (style.parent / "linked.png").symlink_to(_secret(tmp))
    return style_scene(style, tmp, case)


@setup("font-symlink-outside")
def _font_symlink_outside(case: Case, tmp: Path) -> Scene:
    style = _style_naming(tmp, "extends: default\nfont: {regular: linked.ttf}\n")
    target = tmp / "private" / "secret.ttf"
    target.parent.mkdir()
    target.write_bytes(atkinson())
    (style.parent / "linked.ttf").symlink_to(target)
    return style_scene(style, tmp, case)


@setup("extends-symlink-outside")
def _extends_symlink_outside(case: Case, tmp: Path) -> Scene:
    style = _style_naming(tmp, "extends: parent.yaml\n")
    target = tmp / "private" / "parent.yaml"
    target.parent.mkdir()
    target.write_text("extends: default\nclinic: {name: Elsewhere Clinic}\n")
    (style.parent / "parent.yaml").symlink_to(target)
    return style_scene(style, tmp, case)


@setup("extends-by-name-symlink-outside")
def _extends_by_name_symlink_outside(case: Case, tmp: Path) -> Scene:
    """``extends: shared`` finds shared.yaml in the styles folder: a symlink there leads out of it."""
    styles = tmp / "styles"
    style = styles / "clinic.yaml"
    styles.mkdir()
    style.write_text("extends: shared\n")
    target = tmp / "private" / "shared.yaml"
    target.parent.mkdir()
    target.write_text("SECRET-CONTENTS: do not print\n")
    (styles / "shared.yaml").symlink_to(target)
    return Scene(["build", GOOD_TOPIC, "--styles", styles, "--style", "clinic", "-o", tmp / "out"], style, tmp / "out")


# ----- texts far over the limits, and the start of a batch -----


def _topic_adding(case: Case, tmp: Path, body: str) -> Scene:
    """The corpus' good topic with one more block, in a folder of its own."""
    topic = tmp / "topic" / "long.yaml"
    topic.parent.mkdir()
    topic.write_text(GOOD_TOPIC.read_text() + body)
    return default_scene(case, topic, tmp)


SETUPS["paragraph-900-kb"] = lambda case, tmp: _topic_adding(case, tmp, "      - " + "Rest your feet. " * 56_000 + "\n")
SETUPS["word-900-kb"] = lambda case, tmp: _topic_adding(case, tmp, "      - " + "w" * 900_000 + "\n")


def _style_with_svg_logo(case: Case, tmp: Path, svg: str) -> Scene:
    style = _style_naming(tmp, "extends: default\nlogo: logo.svg\n")
    (style.parent / "logo.svg").write_text(svg)
    return style_scene(style, tmp, case)


SETUPS["svg-25000-elements"] = lambda case, tmp: _style_with_svg_logo(
    case,
    tmp,
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="250">'
    + "".join(f'<rect x="{i % 100}" y="{i // 100}" width="1" height="1"/>' for i in range(25_000))
    + "</svg>",
)
SETUPS["svg-over-5-mb"] = lambda case, tmp: _style_with_svg_logo(
    case, tmp, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><!--' + "x" * 5_000_000 + "--></svg>"
)


@setup("png-30-megapixels-picture")
def _png_30_megapixels_picture(case: Case, tmp: Path) -> Scene:
    topic = tmp / "topic" / "big.yaml"
    topic.parent.mkdir()
    topic.write_text(GOOD_TOPIC.read_text() + "      - image: {file: big.png, alt: A big picture}\n")
    (topic.parent / "big.png").write_bytes(png_header_only(6000, 5000))
    return default_scene(case, topic, tmp)


@setup("stale-temporary-files")
def _stale_temporary_files(case: Case, tmp: Path) -> Scene:
    """What ``kill -9`` leaves: a temporary file of a process that is gone; and one of a live build."""
    out = tmp / "out"
    out.mkdir()
    (out / ".good-topic.pdf.handouts-999999999-0badf00d.tmp").write_bytes(b"%PDF-1.4 half")
    (out / ".other.pdf.handouts-1-12345678.tmp").write_bytes(b"%PDF-1.4 in progress")  # pid 1 always runs
    (out / ".notes.tmp").write_text("not ours\n")
    return Scene(["build", GOOD_TOPIC, "-o", out], None, out)


@setup("two-styles-same-name")
def _two_styles_same_name(case: Case, tmp: Path) -> Scene:
    first, second = tmp / "a" / "clinic.yaml", tmp / "b" / "clinic.yaml"
    for style in (first, second):
        style.parent.mkdir()
        style.write_text("extends: default\n")
    return Scene(["build", GOOD_TOPIC, "--style", first, "--style", second, "-o", tmp / "out"], None, tmp / "out")


@setup("style-new-long-name")
def _style_new_long_name(case: Case, tmp: Path) -> Scene:
    return Scene(["style", "new", "x" * 300, "--styles", tmp / "styles"], None, tmp / "styles")


@setup("style-new-not-utf8")
def _style_new_not_utf8(case: Case, tmp: Path) -> Scene:
    name = b"clinic\xff".decode("utf-8", "surrogateescape")
    return Scene(["style", "new", name, "--styles", tmp / "styles"], None, tmp / "styles")


@setup("style-new-dot-dot")
def _style_new_dot_dot(case: Case, tmp: Path) -> Scene:
    return Scene(["style", "new", "../escape", "--styles", tmp / "styles"], None, tmp / "styles")


# ----- running a case -----


def load_case(path: Path) -> Case:
    return Case(path.parent.name, path.stem, yaml.safe_load(path.read_text(encoding="utf-8")) or {})


@contextlib.contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail (rather than hang the suite) when the block takes longer than ``seconds``."""

    def expired(signum: int, frame: object) -> None:
        raise AssertionError(f"took longer than {seconds} s")

    before = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def placeholders(made: Scene, tmp: Path) -> dict[str, str]:
    values = {"corpus": str(CORPUS), "hostile": str(HOSTILE), "tmp": str(tmp), "out": str(made.out), "repo": str(REPO)}
    if made.file is not None:
        values |= {"file": str(made.file), "dir": str(made.file.parent.resolve())}
    return values


def fill(text: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(corpus|hostile|tmp|out|file|dir|repo)\}", lambda m: values[m.group(1)], text)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero, SIGALRM and symlinks are POSIX")
@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_hostile_case(path: Path, run: Run, tmp_path: Path, fake_gs: Path) -> None:
    case = load_case(path)
    name = case.get("setup")
    made = SETUPS[str(name)](case, tmp_path) if name else default_scene(case, case.input, tmp_path)
    made.before = snapshot(made.out)
    hostile_before = listing(HOSTILE)

    start = time.monotonic()
    with within(SECONDS):
        result = run(*made.args)
    assert time.monotonic() - start < SECONDS

    values = placeholders(made, tmp_path)
    for text in (result.stdout, result.stderr):
        assert "Traceback" not in text
        assert "internal error" not in text
    for secret in case.get("never", []):
        assert secret not in result.output
    assert not fake_gs.exists(), fake_gs.read_text()
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < PEAK_BYTES
    assert result.exit_code == case.get("exit"), result.output
    assert result.stderr.splitlines() == fill(str(case.get("stderr", "")), values).splitlines()

    wanted = case.get("out")
    if wanted is None:
        topic = GOOD_TOPIC.stem if case.kind == "styles" else case.name
        wanted = [f"{topic}.pdf"] if case.get("exit") == 0 and case.kind != "scenes" else []
    written = sorted(set(snapshot(made.out)) - set(made.before))
    assert written == sorted(wanted)
    if "stdout" in case.expect:
        assert result.stdout.splitlines() == fill(str(case.get("stdout")), values).splitlines()
    elif case.get("command") != "check":
        assert sorted(result.stdout.splitlines()) == [str(made.out / name) for name in written]
    kept = case.get("kept", list(made.before))  # what was there before and must stay, unchanged
    after = snapshot(made.out)
    assert sorted(set(made.before) & set(after)) == sorted(kept)
    assert all(after[name] == made.before[name] for name in kept)
    assert not [p for p in tmp_path.rglob("*.tmp") if ".handouts-" in p.name and p.name not in kept]
    assert listing(HOSTILE) == hostile_before
    for name in written:
        if name.endswith(".pdf"):
            assert_inside_the_page(made.out / name)
    if written and case.get("pdf_text"):
        text = pdf_text(made.out / written[0])
        for wanted_text in case.get("pdf_text"):
            assert wanted_text in text


def test_the_hostile_corpus_has_60_cases_each_with_its_input() -> None:
    cases = [load_case(path) for path in CASES]
    assert len(cases) >= 60
    for case in cases:
        assert case.input.is_file() or "setup" in case.expect, case.name
        assert str(case.get("setup", "")) in ("", *SETUPS), case.name
    orphans = [p for p in HOSTILE.glob("*/*.yaml") if not p.with_suffix(".expect").is_file()]
    assert orphans == []


# ----- layout: a heading taller than half a page, and fonts that share a name -----


def _loaded(data: dict[str, Any]) -> Any:
    """A topic as loading would give it, without loading's text limits (to reach the layout itself)."""
    from handouts.loading import LoadedTopic
    from handouts.models import Topic
    from handouts.yamlfile import YamlDocument

    return LoadedTopic("tall", Topic.model_validate(data), YamlDocument(Path("tall.yaml"), data))


@pytest.mark.parametrize("after", [{"bullets": ["First item.", "Second item."]}, "A paragraph after it."])
def test_a_400_word_heading_then_a_list_or_a_paragraph_lays_out(after: Any) -> None:
    """It looped for ever before a list and crashed (SectionHeading and bulletText) before a paragraph."""
    from handouts.build import build_handout
    from handouts.loading import load_style

    heading = " ".join(["heading"] * 400)
    loaded = _loaded(
        {"title": "Tall", "reviewed": "2026-11-01", "sections": [{"heading": heading, "body": [after, "The end."]}]}
    )
    with within(SECONDS):
        built = build_handout(loaded, load_style(REPO / "styles" / "default.yaml"))
    text = pdf_text(built.pdf)
    assert text.count("heading") == 400
    assert "The end." in text
    from pypdf import PdfReader

    outline = PdfReader(io.BytesIO(built.pdf)).outline
    assert len(outline) == 1  # one bookmark for the heading, however many pages it spans


def _style_with(folder: Path, font: bytes, clinic: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "Regular.ttf").write_bytes(font)
    style = folder / f"{folder.name}.yaml"
    style.write_text(
        f"extends: default\nclinic: {{name: {clinic}}}\nfont: {{regular: Regular.ttf, bold: Regular.ttf}}\n"
    )
    return style


def _embedded_fonts(pdf: Path) -> set[str]:
    from pypdf import PdfReader

    names: set[str] = set()
    for page in PdfReader(pdf).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_two_styles_whose_fonts_share_a_file_and_face_name_each_print_in_their_own(run: Run, tmp_path: Path) -> None:
    """Both fonts are Regular.ttf, and inside both are named AtkinsonHyperlegible-Regular; the second
    lacks 'Q', which its clinic's name holds: it is refused, not printed in the first one's font."""
    first = _style_with(tmp_path / "first", atkinson(), "Quay Clinic")
    second = _style_with(tmp_path / "second", font_lacking("Q"), "Quay Clinic")
    out = tmp_path / "out"
    assert run("build", GOOD_TOPIC, "--style", first, "-o", out / "a").exit_code == 0
    refused = run("build", GOOD_TOPIC, "--style", first, "--style", second, "-o", out / "b")
    assert refused.exit_code == 3
    assert refused.stderr.splitlines() == [
        f"error: {second}:2:16: clinic.name: the font cannot draw 'Q' (U+0051); use another character or a font that has it",
        "error: no handouts were built because the style cannot be used",
    ]
    third = _style_with(tmp_path / "third", font_lacking("Z"), "Quay Clinic")
    both = run("build", GOOD_TOPIC, "--style", first, "--style", third, "-o", out / "c")
    assert both.exit_code == 0, both.output
    fonts = [_embedded_fonts(out / "c" / name / "good-topic.pdf") for name in ("first", "third")]
    assert fonts[0] and fonts[1] and not fonts[0] & fonts[1]


def test_the_fake_gs_would_see_pillow_run_ghostscript(fake_gs: Path) -> None:
    """The fixture catches what it guards against: Pillow left to choose, runs gs on PostScript."""
    from PIL import Image

    with contextlib.suppress(Exception), Image.open(HOSTILE / "topics" / "files" / "postscript.png") as image:
        image.load()
    assert fake_gs.read_text().startswith("gs ")


def test_layout_time_grows_in_step_with_the_text() -> None:
    """Four times the text (paragraphs at the 4,000-character limit) takes about four times the
    work, not sixteen: measured in CPU time, which other processes on the machine do not inflate."""
    from handouts.build import build_handout
    from handouts.loading import load_style

    style = load_style(REPO / "styles" / "default.yaml")
    paragraph = ("Walk a little every day, and rest your feet when they hurt. " * 70)[:3_990]

    def seconds(paragraphs: int) -> float:
        body: list[Any] = [paragraph] * paragraphs
        loaded = _loaded({"title": "Long", "reviewed": "2026-11-01", "sections": [{"heading": "All", "body": body}]})
        start = time.process_time()
        build_handout(loaded, style)
        return time.process_time() - start

    seconds(2)  # fonts and caches warm
    small, large = seconds(6), seconds(24)
    assert large / small < 6, f"{small:.2f} s for 6 paragraphs, {large:.2f} s for 24"


HEAVIEST = [
    "scenes/font-cmap-bomb",
    "scenes/paragraph-900-kb",
    "scenes/svg-over-5-mb",
    "scenes/svg-25000-elements",
    "scenes/topic-dev-zero",
    "styles/logo-svg-use-bomb",
    "styles/logo-svg-data-150-megapixels",
    "styles/logo-postscript-as-png",
]


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX only")
@pytest.mark.parametrize("name", HEAVIEST)
def test_the_heaviest_cases_stay_under_30_s_and_1_gb_in_a_process_of_their_own(name: str, tmp_path: Path) -> None:
    """Must show 2, measured per case: the peak memory of the command's own process."""
    case = load_case(HOSTILE / f"{name}.expect")
    setup_name = case.get("setup")
    made = SETUPS[str(setup_name)](case, tmp_path) if setup_name else default_scene(case, case.input, tmp_path)
    result, kb, seconds = corpus._peak_kb([str(a) for a in made.args], tmp_path)
    assert result.returncode == case.get("exit")
    assert seconds < SECONDS
    assert kb * 1024 < PEAK_BYTES, f"{kb / 1024:.0f} MB"
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == fill(str(case.get("stderr", "")), placeholders(made, tmp_path)).splitlines()

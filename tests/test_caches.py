"""Pictures, themes and paragraphs prepared once per process give the same PDF bytes as
making them afresh for each handout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handouts import library
from handouts.build import Options, build_handout
from handouts.caching import uncached
from handouts.loading import load_topic

from .bundled import STYLE_NAMES, TOPIC_FILES, bundled_pdf, bundled_style, bundled_topic
from .conftest import MINIMAL_TOPIC, STYLES, TOPICS, write


@pytest.mark.parametrize("style_name", STYLE_NAMES)
def test_every_bundled_handout_is_byte_identical_with_and_without_the_caches(style_name: str) -> None:
    style = bundled_style(style_name)
    for file in TOPIC_FILES:
        for large_print in (False, True):
            with uncached():
                fresh = build_handout(load_topic(file), style, Options(large_print=large_print)).pdf
            # As the other tests of this process built it: the first build with the caches records
            # or encodes the pictures, and this one replays them.
            cached = bundled_pdf(file, style_name, large_print=large_print)
            again = build_handout(bundled_topic(file), style, Options(large_print=large_print)).pdf
            assert cached == fresh, (file.name, large_print)
            assert again == fresh, (file.name, large_print)


PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
  <rect x="0" y="0" width="100" height="100" fill="{first}"/>
  <circle cx="150" cy="50" r="40" fill="#e8a33d" fill-opacity="0.5" stroke="#1f5a8c" stroke-width="4"/>
  <text x="10" y="90" font-family="Atkinson" font-size="14" fill="#1a1a1a">{words}</text>
</svg>
"""


def topic_with_picture(folder: Path, first: str, words: str = "Heel") -> Path:
    write(folder, "images/picture.svg", PICTURE.format(first=first, words=words))
    return write(
        folder,
        "pictured.yaml",
        MINIMAL_TOPIC + "      - image:\n          file: images/picture.svg\n          alt: A square and a circle\n",
    )


def build_in_each_style(topic: Path) -> list[tuple[bytes, bytes]]:
    """(cached, fresh) PDF bytes of ``topic`` in every bundled style."""
    out = []
    for name in STYLE_NAMES:
        style = bundled_style(name)
        cached = build_handout(load_topic(topic), style).pdf
        with uncached():
            fresh = build_handout(load_topic(topic), style).pdf
        out.append((cached, fresh))
    return out


@pytest.mark.parametrize(
    ("first", "words"),
    [
        ("#1F5A8C", "Heel"),  # the brand mark, in capitals: swapped for each clinic's colour
        ("rgb(31, 90, 140)", "Heel"),  # the mark's colour written another way: never swapped
        ("#1F5A8C", "#e8a33d"),  # a mark spelled in printed words: replaced in the text, so printed so
    ],
)
def test_brand_colours_swapped_in_the_cache_match_a_fresh_conversion(tmp_path: Path, first: str, words: str) -> None:
    topic = topic_with_picture(tmp_path, first, words)
    for cached, fresh in build_in_each_style(topic):
        assert cached == fresh


def test_a_changed_picture_is_read_again(tmp_path: Path) -> None:
    topic = topic_with_picture(tmp_path, "#000000")
    style = bundled_style("default")
    before = build_handout(load_topic(topic), style).pdf
    picture = tmp_path / "images" / "picture.svg"
    picture.write_text(PICTURE.format(first="#ffffff", words="Heel"), encoding="utf-8")
    status = picture.stat()
    os.utime(picture, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    after = build_handout(load_topic(topic), style).pdf
    with uncached():
        fresh = build_handout(load_topic(topic), style).pdf
    assert after != before
    assert after == fresh


def test_a_font_file_replaced_while_the_program_runs_is_the_font_used_next(tmp_path: Path) -> None:
    """The front desk keeps running while a clinic swaps its font file: the next handout uses the
    new file (here one without a capital X, which the next build must then refuse)."""
    from handouts import load_cache
    from handouts.errors import HandoutError

    from .conftest import pdf_text
    from .test_hostile import atkinson, font_lacking

    style_file = write(
        tmp_path, "styles/clinic.yaml", "extends: default\nfont: {regular: clinic.ttf, bold: clinic.ttf}\n"
    )
    font = tmp_path / "styles" / "clinic.ttf"
    font.write_bytes(atkinson())
    topic = write(tmp_path, "topics/x-ray.yaml", MINIMAL_TOPIC.replace("A paragraph.", "An X-ray in June."))

    def build() -> bytes:
        style = load_cache.load_style(style_file, find=lambda parent, base: library.find_style(parent, STYLES, base))
        return build_handout(load_cache.load_topic(topic), style).pdf

    assert "An X-ray in June." in pdf_text(build())
    font.write_bytes(font_lacking("X"))
    status = font.stat()
    os.utime(font, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    with pytest.raises(HandoutError) as raised:
        build()
    assert "'X'" in str(raised.value.problems[0]), raised.value.problems


def test_a_broken_picture_is_reported_each_time_it_is_loaded(tmp_path: Path) -> None:
    from handouts.errors import HandoutError

    topic = topic_with_picture(tmp_path, "#000000")
    (tmp_path / "images" / "picture.svg").write_text("<svg", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(HandoutError) as raised:
            load_topic(topic)
        assert "picture is an SVG that is cut off" in str(raised.value.problems[0])


def test_no_brand_mark_has_a_short_form_or_a_colour_name() -> None:
    """A mark written as #rgb or a name would be missed by the text replacement but not by the
    cache's swap; the cache checks for the other spellings, and these two cannot happen."""
    from reportlab.lib.colors import HexColor, getAllNamedColors

    from handouts import images

    marks = [HexColor(m).rgb() for m in (images.SVG_PRIMARY, images.SVG_ACCENT, images.SVG_PRIMARY_TINT)]
    for mark in (images.SVG_PRIMARY, images.SVG_ACCENT, images.SVG_PRIMARY_TINT):
        assert any(mark[i] != mark[i + 1] for i in (1, 3, 5)), mark
    assert not [name for name, color in getAllNamedColors().items() if color.rgb() in marks]


def test_a_patients_details_are_not_kept_after_the_handout_is_built() -> None:
    from handouts import layout_cache
    from handouts.story import Personal

    from .conftest import pdf_text

    style = bundled_style("default")
    loaded = load_topic(TOPICS / "footwear-checklist.yaml")
    personal = Personal("Zebedee Quartermaine", "Dr Xylophone", "Walk daily")
    built = build_handout(loaded, style, Options(personal=personal))
    assert "Zebedee Quartermaine" in pdf_text(built.pdf)
    again = build_handout(loaded, style, Options(personal=personal))
    assert again.pdf == built.pdf
    kept = repr(layout_cache._parsed) + repr(layout_cache._laid_out) + repr(layout_cache._plans)
    assert "Zebedee" not in kept
    assert "Xylophone" not in kept

"""Fuzzing the four kinds of file a clinic receives (issue 14): topic YAML, style YAML, SVG, fonts.

Whatever the bytes, loading a file ends in a usable model or in problems that each name the
user's file, with nothing raised past the error boundary (an internal error is a bug), within
seconds and far under 1 GB. Over 1,000 examples in all, the same on every run of the suite's
default hypothesis profile, so a failure can be reproduced.
"""

from __future__ import annotations

import base64
import math
import resource
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.errors import HandoutError, Problem, problems_for

from .conftest import REPO, examples
from .test_corpus import GOOD_TOPIC
from .test_hostile import atkinson, within

EXAMPLES = {"topic": 400, "style": 250, "svg": 160, "font": 250}
PEAK_BYTES = 1 << 30


def fuzz(count: int) -> Callable[[Any], Any]:
    """The suite's hypothesis profile decides the rest: the same examples on every run by default
    (a failure reproduces), ten times as many random ones with HYPOTHESIS_PROFILE=long."""
    return settings(
        max_examples=examples(count),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def assert_located(problems: list[Problem], files: set[Path]) -> None:
    """Every problem names one of the user's files, and none is an internal error."""
    assert problems
    for problem in problems:
        assert problem.file is not None and problem.file.resolve() in files, str(problem)
        assert "internal error" not in problem.message
        assert problem.message.strip()


def assert_small() -> None:
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < PEAK_BYTES


# ----- YAML: well-formed data of any shape, and text with damage in it -----

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["2026-11-01", "{clinic_phone}", "{nope}", "**bold", "#1F5A8C", "../x.png", "/etc/passwd", "es"]),
)
KEYS = st.one_of(
    st.sampled_from(
        [
            "title",
            "reviewed",
            "sections",
            "heading",
            "body",
            "bullets",
            "image",
            "file",
            "alt",
            "callout",
            "kind",
            "clinic",
            "name",
            "phone",
            "colors",
            "primary",
            "logo",
            "font",
            "regular",
            "extends",
            "paper",
            "text",
        ]
    ),
    st.text(min_size=1, max_size=12),
)
DATA = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5), max_leaves=30
)


@st.composite
def damaged(draw: st.DrawFn, base: str) -> bytes:
    """``base`` with a few byte-level changes: insertions, deletions and overwrites."""
    data = bytearray(base.encode("utf-8"))
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "overwrite"]))
        piece = draw(
            st.one_of(
                st.binary(min_size=1, max_size=6),
                st.sampled_from(
                    [b": ", b"- ", b"\t", b"&a ", b"*a", b"!!python/object ", b"[", b"{", b'"', b"\n  ", b"#"]
                ),
            )
        )
        if kind == "insert":
            data[where:where] = piece
        elif kind == "delete":
            del data[where : where + len(piece)]
        else:
            data[where : where + len(piece)] = piece
    return bytes(data)


def yaml_file(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


TOPIC_TEXT = GOOD_TOPIC.read_text() + "      - bullets: [One, Two]\n      - callout: {kind: tip, title: Tip}\n"
STYLE_TEXT = "extends: default\nclinic: {name: Riverside, phone: '555 0100'}\ncolors: {primary: '#1F5A8C'}\n"


@fuzz(EXAMPLES["topic"])
@given(st.one_of(DATA.map(yaml_file), damaged(TOPIC_TEXT)))
def test_any_topic_file_loads_or_says_where_it_is_wrong(content: bytes) -> None:
    from handouts.loading import load_topic

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "fuzzed.yaml"
        file.write_bytes(content)
        with within(10):
            try:
                load_topic(file)
            except Exception as error:
                assert isinstance(error, HandoutError), repr(error)
                assert_located(problems_for(error, file), {file.resolve()})
    assert_small()


@fuzz(EXAMPLES["style"])
@given(st.one_of(DATA.map(yaml_file), damaged(STYLE_TEXT), DATA.map(lambda d: b"extends: default\n" + yaml_file(d))))
def test_any_style_file_loads_or_says_where_it_is_wrong(content: bytes) -> None:
    from handouts import library
    from handouts.loading import load_style

    styles = REPO / "styles"
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "fuzzed.yaml"
        file.write_bytes(content)
        with within(10):
            try:
                load_style(file, find=lambda name, base: library.find_style(name, styles, base))
            except Exception as error:
                assert isinstance(error, HandoutError), repr(error)
                allowed = {file.resolve(), *(p.resolve() for p in styles.glob("*.yaml"))}
                assert_located(problems_for(error, file), allowed)
    assert_small()


# ----- SVG: elements, sizes, <use> and embedded pictures of any kind -----

SIZES = st.integers(1, 400).map(str)  # the usual case, so that many examples draw
NUMBERS = st.one_of(
    SIZES,
    SIZES,
    SIZES,
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**9), 10**9).map(str),
    st.sampled_from(["inf", "nan", "-0", "1e308", "1e-308", "10%", "5mm", "", "abc", "3e", "1,2"]),
)


@st.composite
def svg_documents(draw: st.DrawFn) -> bytes:
    ids = [f"e{n}" for n in range(6)]

    def element(depth: int) -> str:
        tag = draw(st.sampled_from(["rect", "circle", "g", "use", "image", "text", "path"]))
        attrs = {"id": draw(st.sampled_from(ids))}
        if tag == "use":
            attrs["href"] = "#" + draw(st.sampled_from(ids))
        elif tag == "image":
            payload = draw(st.one_of(st.binary(max_size=60), st.just(atkinson()[:40])))
            mime = draw(st.sampled_from(["image/png", "image/jpeg", "image/gif", "text/plain"]))
            attrs["href"] = f"data:{mime};base64," + base64.b64encode(payload).decode()
        elif tag == "path":
            attrs["d"] = draw(st.sampled_from(["M0 0L10 10", "M0 0 L1e308 1e308", "garbage", "M0 0 A 1 1 0 0 0 inf 0"]))
        for name in draw(st.lists(st.sampled_from(["width", "height", "x", "y", "r", "transform"]), max_size=3)):
            attrs[name] = draw(NUMBERS) if name != "transform" else f"scale({draw(NUMBERS)})"
        inner = "".join(element(depth + 1) for _ in range(draw(st.integers(0, 3)))) if depth < 3 else ""
        text = "".join(f' {k}="{v}"' for k, v in attrs.items())
        return f"<{tag}{text}>{inner}</{tag}>"

    width, height = draw(NUMBERS), draw(NUMBERS)
    box = f' viewBox="{" ".join(draw(NUMBERS) for _ in range(4))}"' if draw(st.booleans()) else ""
    body = "".join(element(0) for _ in range(draw(st.integers(0, 5))))
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"{box}>{body}</svg>'.encode()


@fuzz(EXAMPLES["svg"])
@given(st.one_of(svg_documents(), svg_documents().flatmap(lambda d: damaged(d.decode()))))
def test_any_svg_is_refused_with_a_reason_or_draws_at_a_real_size(content: bytes) -> None:
    from handouts import images

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "fuzzed.svg"
        file.write_bytes(content)
        with within(10):
            why = images.problem_with(file)
            if why is None:
                width, height = images.pixel_size(file)
                assert math.isfinite(width) and math.isfinite(height)
                assert 0 < width <= images.MAX_SVG_SIZE and 0 < height <= images.MAX_SVG_SIZE
            else:
                assert why.endswith(f": {file}")
    assert_small()


# ----- fonts: the bundled one, damaged -----


@st.composite
def damaged_fonts(draw: st.DrawFn) -> bytes:
    data = bytearray(atkinson())
    kind = draw(st.sampled_from(["flip", "truncate", "directory", "splice"]))
    if kind == "truncate":
        return bytes(data[: draw(st.integers(0, len(data)))])
    if kind == "directory":  # the table records: tag, checksum, offset, length
        tables = int.from_bytes(data[4:6], "big")
        record = 12 + 16 * draw(st.integers(0, tables - 1))
        field = draw(st.sampled_from([8, 12]))
        data[record + field : record + field + 4] = draw(st.integers(0, 2**32 - 1)).to_bytes(4, "big")
        return bytes(data)
    if kind == "splice":
        where = draw(st.integers(0, len(data)))
        data[where:where] = draw(st.binary(min_size=1, max_size=64))
        return bytes(data)
    for _ in range(draw(st.integers(1, 20))):
        where = draw(st.integers(0, len(data) - 1))
        data[where] = draw(st.integers(0, 255))
    return bytes(data)


@fuzz(EXAMPLES["font"])
@given(damaged_fonts())
def test_any_damaged_font_is_refused_with_a_reason_or_measures_text(content: bytes) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from handouts.fonts import font_problem, register_family

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "fuzzed.ttf"
        file.write_bytes(content)
        with within(10):
            why = font_problem(file)
            if why is None:
                regular, _ = register_family(content, None)
                assert stringWidth("Call 555 0100 today.", regular, 12) >= 0
            else:
                assert why.endswith(f": {file}") and "internal error" not in why
    assert_small()


def test_the_fuzzers_try_over_a_thousand_examples() -> None:
    assert sum(EXAMPLES.values()) >= 1000

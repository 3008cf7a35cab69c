"""One definition per block type: the registry is the only list, and a missing part fails loudly."""

from __future__ import annotations

import shutil
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from handouts import models
from handouts.loading import load_topic, picture_paths
from handouts.readability import body_texts

from .conftest import TOPICS, pdf_text, write

# One block of every type. Adding a block type means adding it here too (the first test fails until
# then), so every type is built, read and checked below.
EVERY_BLOCK = """
title: Every block
reviewed: 2026-11-01
key_points: [The key point.]
sections:
  - heading: Text blocks
    body:
      - The paragraph with **bold** & <angle> text.
      - bullets: [Bullet one., Bullet two.]
      - steps: [Step one., Step two.]
      - checklist: [Tick one., Tick two.]
      - callout: {kind: urgent, title: Call now, text: Callout text., bullets: [Callout bullet.]}
      - notes: {label: Your notes, lines: 2}
  - heading: Picture blocks
    body:
      - image:
          file: images/foot-drop.svg
          alt: Alt of the image.
          caption: Caption of the image.
          width: 40%
          beside: [Beside the image.]
      - exercise:
          name: Calf raise
          image: images/exercise-calf-raise.svg
          alt: Alt of the exercise.
          steps: [Exercise step.]
          dose: 10 times.
          stop_if: it hurts.
      - figure_row:
          - {file: images/shoe-parts.svg, alt: Alt of figure one., caption: Figure one.}
          - {file: images/soles-good-worn.svg, alt: Alt of figure two., caption: Figure two.}
"""


@pytest.fixture
def every_block(tmp_path: Path) -> Path:
    shutil.copytree(TOPICS / "images", tmp_path / "images")
    return write(tmp_path, "every-block.yaml", EVERY_BLOCK)


def test_the_sample_topic_has_every_block_type(every_block: Path) -> None:
    topic = load_topic(every_block).topic
    used = [block.key for section in topic.sections for block in section.body]
    assert used == list(models.BLOCK_TYPES)


def test_the_block_union_and_the_renderers_come_from_the_registry() -> None:
    from handouts.blocks import RENDERERS

    union = typing.get_args(models.Block)[0]
    tagged = [typing.get_args(member)[0] for member in typing.get_args(union)]
    assert tagged == list(models.BLOCK_TYPES.values())
    assert list(RENDERERS) == tagged


def test_each_block_says_its_readable_text_and_its_pictures(every_block: Path) -> None:
    topic = load_topic(every_block).topic
    texts = dict(body_texts(topic))
    assert texts == {
        ("key_points", 0): "The key point.",
        ("sections", 0, "body", 0): "The paragraph with **bold** & <angle> text.",
        ("sections", 0, "body", 1, "bullets", 0): "Bullet one.",
        ("sections", 0, "body", 1, "bullets", 1): "Bullet two.",
        ("sections", 0, "body", 2, "steps", 0): "Step one.",
        ("sections", 0, "body", 2, "steps", 1): "Step two.",
        ("sections", 0, "body", 3, "checklist", 0): "Tick one.",
        ("sections", 0, "body", 3, "checklist", 1): "Tick two.",
        ("sections", 0, "body", 4, "callout", "text"): "Callout text.",
        ("sections", 0, "body", 4, "callout", "bullets", 0): "Callout bullet.",
        ("sections", 1, "body", 0, "image", "beside", 0): "Beside the image.",
        ("sections", 1, "body", 1, "exercise", "steps", 0): "Exercise step.",
        ("sections", 1, "body", 1, "exercise", "dose"): "10 times.",
        ("sections", 1, "body", 1, "exercise", "stop_if"): "Stop if it hurts.",
    }
    pictures = {path: file.name for path, file in picture_paths(topic)}
    assert pictures == {
        ("sections", 1, "body", 0, "image", "file"): "foot-drop.svg",
        ("sections", 1, "body", 1, "exercise", "image"): "exercise-calf-raise.svg",
        ("sections", 1, "body", 2, "figure_row", 0, "file"): "shoe-parts.svg",
        ("sections", 1, "body", 2, "figure_row", 1, "file"): "soles-good-worn.svg",
    }
    assert all(file.is_absolute() and file.is_file() for _, file in picture_paths(topic))


def test_every_block_type_prints_in_the_pdf(run: typing.Callable[..., Result], every_block: Path) -> None:
    result = run("build", every_block, "-o", every_block.parent / "out")
    assert result.exit_code == 0, result.output
    text = pdf_text(every_block.parent / "out" / "every-block.pdf")
    for expected in (
        "The paragraph with bold & <angle> text.",
        "Bullet two.",
        "2. Step two.",
        "Tick two.",
        "Call now",
        "Callout bullet.",
        "Your notes",
        "Caption of the image.",
        "Beside the image.",
        "Alt of the image.",
        "Calf raise",
        "Stop if: it hurts.",
        "Figure two.",
        "Alt of figure one.",
    ):
        assert expected in text


def test_every_block_type_shows_in_the_html(run: typing.Callable[..., Result], every_block: Path) -> None:
    from lxml import html  # type: ignore[import-untyped]

    result = run("build", every_block, "--format", "html", "-o", every_block.parent / "out")
    assert result.exit_code == 0, result.output
    root = html.fromstring((every_block.parent / "out" / "every-block.html").read_bytes())
    main = root.xpath("//main")[0]

    def texts(path: str) -> list[str]:
        return [" ".join(" ".join(e.itertext()).split()) for e in main.xpath(path)]

    assert texts("section[2]/p") == ["The paragraph with bold & <angle> text."]
    assert main.xpath("section[2]/p/strong")[0].text == "bold"
    assert texts("section[2]/ul[not(@class)]/li") == ["Bullet one.", "Bullet two."]
    assert texts("section[2]/ol/li") == ["Step one.", "Step two."]
    assert texts("section[2]/ul[@class='checklist']/li/label") == ["Tick one.", "Tick two."]
    assert texts("section[2]/aside[@role='note']") == ["Emergency Call now Callout text. Callout bullet."]
    assert texts("section[2]/div[@class='notes']/p") == ["Your notes"]
    assert len(main.xpath("section[2]/div[@class='notes']//div[@class='line']")) == 2
    assert texts("section[3]//figcaption") == ["Caption of the image.", "Figure one.", "Figure two."]
    assert texts("section[3]/div[@class='beside']/div/p") == ["Beside the image."]
    labels = main.xpath("section[3]//*[local-name()='svg'][@role='img']/@aria-label")
    assert labels == ["Alt of the image.", "Alt of the exercise.", "Alt of figure one.", "Alt of figure two."]
    assert texts("section[3]/div[@class='exercise']/h3") == ["Calf raise"]
    assert texts("section[3]/div[@class='exercise']//p") == ["How often: 10 times.", "Stop if: it hurts."]


def _no_texts(self: models.BlockModel, at: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    return iter(())


def _define(name: str, key: str, **parts: str) -> type:
    """A block model class defined as a new block type would be, with ``parts`` as its class variables."""
    namespace = {"__annotations__": {key: "str"}, "__module__": __name__, "readable_texts": _no_texts}
    return type(name, (models.BlockModel,), {**namespace, "picture_fields": _no_texts, **parts})


def test_a_block_type_missing_a_part_fails_when_it_is_defined() -> None:
    with pytest.raises(TypeError, match="block type Sketch does not define pdf, html"):
        _define("Sketch", "sketch", word="sketch")
    assert "sketch" not in models.BLOCK_TYPES


def test_a_second_definition_of_a_block_type_fails() -> None:
    with pytest.raises(TypeError, match="block type 'text' is defined twice"):
        _define("Text", "text", word="paragraph", pdf="text.render_text", html="blocks.render_text")
    assert models.BLOCK_TYPES["text"] is models.Paragraph


def test_a_renderer_that_is_missing_or_renders_another_type_fails() -> None:
    from handouts.blocks import resolve_renderer

    with pytest.raises(TypeError, match=r"block type 'steps': no renderer text.render_stepz in handouts.blocks"):
        resolve_renderer("handouts.blocks", "text.render_stepz", models.Steps)
    with pytest.raises(TypeError, match=r"block type 'steps': handouts.blocks.text.render_bullets renders .*Bullets"):
        resolve_renderer("handouts.blocks", "text.render_bullets", models.Steps)

"""Topics and styles kept in memory: a warm load opens no file, a changed file is loaded again."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from handouts import library, load_cache
from handouts.errors import HandoutError
from handouts.loading import StyleOptions

from .conftest import MINIMAL_TOPIC, STYLES, write

_opened: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # Python has no way to remove one; it records only inside opened_files()


@contextmanager
def opened_files() -> Iterator[list[str]]:
    """Every file the process opens inside the block (Python's 'open' audit event)."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


def touch_later(file: Path) -> None:
    """Move the modification time on, as an edit a second later would."""
    status = file.stat()
    os.utime(file, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def find_in(folder: Path):  # type: ignore[no-untyped-def]
    return lambda name, base: library.find_style(name, folder, base)


PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>'


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    load_cache.clear()
    yield
    load_cache.clear()


def test_a_warm_topic_and_style_load_opens_no_file(tmp_path: Path) -> None:
    write(tmp_path, "images/p.svg", PICTURE)
    topic = write(
        tmp_path, "t.yaml", MINIMAL_TOPIC + "      - image:\n          file: images/p.svg\n          alt: A box\n"
    )
    styles = tmp_path / "styles"
    write(styles, "clinic.yaml", "extends: default\nclinic:\n  name: Lakeside Foot Clinic\n")
    style_file = styles / "clinic.yaml"
    with opened_files() as cold:
        cold_topic = load_cache.load_topic(topic)
        cold_style = load_cache.load_style(style_file, find=find_in(styles))
    assert {str(topic), str(tmp_path / "images" / "p.svg"), str(style_file)} <= set(cold)
    with opened_files() as opened:
        warm_topic = load_cache.load_topic(topic)
        warm_style = load_cache.load_style(style_file, find=find_in(styles))
    assert warm_topic is cold_topic
    assert warm_style is cold_style
    assert opened == []


def test_an_edited_topic_is_loaded_again(tmp_path: Path) -> None:
    topic = write(tmp_path, "t.yaml", MINIMAL_TOPIC)
    assert load_cache.load_topic(topic).topic.title == "Test topic"
    topic.write_text(MINIMAL_TOPIC.replace("Test topic", "Edited topic"), encoding="utf-8")
    touch_later(topic)
    assert load_cache.load_topic(topic).topic.title == "Edited topic"


def test_a_removed_picture_is_reported_on_the_next_load(tmp_path: Path) -> None:
    picture = write(tmp_path, "images/p.svg", PICTURE)
    topic = write(
        tmp_path, "t.yaml", MINIMAL_TOPIC + "      - image:\n          file: images/p.svg\n          alt: A box\n"
    )
    load_cache.load_topic(topic)
    picture.unlink()
    with pytest.raises(HandoutError) as raised:
        load_cache.load_topic(topic)
    assert "picture file not found" in str(raised.value.problems[0])


def test_a_topic_with_problems_is_reported_every_time(tmp_path: Path) -> None:
    topic = write(tmp_path, "t.yaml", MINIMAL_TOPIC.replace("title: Test topic\n", ""))
    for _ in range(2):
        with pytest.raises(HandoutError) as raised:
            load_cache.load_topic(topic)
        assert "required key 'title' is missing" in str(raised.value.problems[0])


def test_an_edited_parent_style_is_loaded_again(tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    write(styles, "base.yaml", (STYLES / "default.yaml").read_text(encoding="utf-8"))
    child = write(styles, "child.yaml", "extends: base\nclinic:\n  name: Lakeside Foot Clinic\n")
    assert load_cache.load_style(child, find=find_in(styles)).locale == "en-US"
    base = styles / "base.yaml"
    base.write_text(base.read_text(encoding="utf-8").replace("locale: en-US", "locale: en-GB"))
    touch_later(base)
    assert load_cache.load_style(child, find=find_in(styles)).locale == "en-GB"


def test_style_warnings_are_given_on_every_load(tmp_path: Path) -> None:
    import shutil

    import fontpkg_atkinson_hyperlegible as atkinson

    styles = tmp_path / "styles"
    styles.mkdir()
    shutil.copy(Path(atkinson.ROOT) / "files" / "AtkinsonHyperlegible-Regular.ttf", styles / "face.ttf")
    style = write(styles, "clinic.yaml", "extends: default\nclinic:\n  name: Lakeside\nfont:\n  regular: face.ttf\n")
    for _ in range(2):
        options = StyleOptions()
        load_cache.load_style(style, find=find_in(styles), options=options)
        assert [w.message for w in options.warnings] == [
            "no bold face given (font.bold): bold text will print in the regular face"
        ]

"""Batch builds: languages, editions, several styles, parallel processes with stable output."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import BUNDLED_TOPICS, TOPICS, Run, copy_topic, write

SPANISH = """
title: Prueba {n}
language: es
translation_of: "1.0"
reviewed: 2026-11-01
sections:
  - heading: Una sección
    body:
      - Camine un poco cada día.
"""


def topics_with_translations(tmp_path: Path) -> Path:
    folder = tmp_path / "topics"
    shutil.copytree(TOPICS, folder, ignore=shutil.ignore_patterns("*.es.yaml"))
    for topic in ("footwear-checklist", "sciatica-and-feet"):
        write(folder, f"{topic}.es.yaml", SPANISH.replace("{n}", topic))
    return folder


def test_lang_all_and_edition_all_build_every_combination(run: Run, tmp_path: Path) -> None:
    folder = topics_with_translations(tmp_path)
    result = run("build", "--all", "--topics", folder, "--lang", "all", "--edition", "all", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    names = [Path(line).name for line in result.stdout.splitlines()]
    assert names == [
        "flat-feet-back-pain.pdf",
        "flat-feet-back-pain.large.pdf",
        "footwear-checklist.pdf",
        "footwear-checklist.large.pdf",
        "footwear-checklist.es.pdf",
        "footwear-checklist.es.large.pdf",
        "sciatica-and-feet.pdf",
        "sciatica-and-feet.large.pdf",
        "sciatica-and-feet.es.pdf",
        "sciatica-and-feet.es.large.pdf",
        "when-to-see-a-specialist.pdf",
        "when-to-see-a-specialist.large.pdf",
    ]


def test_lang_list_with_a_missing_translation_names_the_languages_it_has(run: Run, tmp_path: Path) -> None:
    folder = topics_with_translations(tmp_path)
    result = run(
        "build",
        "footwear-checklist",
        "flat-feet-back-pain",
        "--topics",
        folder,
        "--lang",
        "en,es",
        "-o",
        tmp_path / "out",
    )
    assert result.exit_code == 1
    assert [Path(p).name for p in result.stdout.splitlines()] == [
        "footwear-checklist.pdf",
        "footwear-checklist.es.pdf",
        "flat-feet-back-pain.pdf",
    ]
    assert result.stderr.splitlines() == [
        "error: topic 'flat-feet-back-pain' has no 'es' translation; languages: en (the source)",
        "error: 1 of 4 handouts failed; 3 built",
    ]


def test_several_styles_write_into_their_own_folders(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", "footwear-checklist", "--style", "default", "--style", "northside-uk", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(out / "default" / "footwear-checklist.pdf"),
        str(out / "northside-uk" / "footwear-checklist.pdf"),
    ]


def test_two_topics_writing_the_same_file_is_an_error_for_the_second(run: Run, tmp_path: Path) -> None:
    copy_topic("footwear-checklist", tmp_path / "a", "same")
    copy_topic("footwear-checklist", tmp_path / "b", "same")
    out = tmp_path / "out"
    result = run("build", tmp_path / "a" / "same.yaml", tmp_path / "b" / "same.yaml", "-o", out)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [str(out / "same.pdf")]
    assert result.stderr.splitlines()[0] == (
        f"error: {tmp_path / 'b' / 'same.yaml'}: 'same' would overwrite {out / 'same.pdf'}, already written for "
        f"'same' ({tmp_path / 'a' / 'same.yaml'})"
    )


def test_full_matrix_in_two_processes_gives_the_same_bytes_and_order_as_one(run: Run, tmp_path: Path) -> None:
    folder = topics_with_translations(tmp_path)
    common = [
        "--all",
        "--topics",
        folder,
        "--lang",
        "all",
        "--edition",
        "all",
        "--style",
        "default",
        "--style",
        "northside-uk",
        "--style",
        "riverside-us",
    ]
    one = run("build", *common, "--jobs", "1", "-o", tmp_path / "one")
    two = run("build", *common, "--jobs", "2", "-o", tmp_path / "two")
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert len(one.stdout.splitlines()) == 3 * 12
    assert one.stdout.replace(str(tmp_path / "one"), "X") == two.stdout.replace(str(tmp_path / "two"), "X")
    for pdf in sorted((tmp_path / "one").rglob("*.pdf")):
        twin = tmp_path / "two" / pdf.relative_to(tmp_path / "one")
        assert pdf.read_bytes() == twin.read_bytes(), pdf


def test_a_failure_in_a_worker_process_keeps_the_error_contract(run: Run, tmp_path: Path) -> None:
    topics = tmp_path / "topics"
    for name in ("a", "b", "c"):
        copy_topic("footwear-checklist", topics, name)
    write(topics, "broken.yaml", "title: [oops\n")
    result = run("build", "--all", "--topics", topics, "--jobs", "2", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert [Path(p).stem for p in result.stdout.splitlines()] == sorted(["a", "b", "c", *BUNDLED_TOPICS])
    assert result.stderr.splitlines()[0].startswith(f"error: {topics / 'broken.yaml'}:2:1: YAML syntax:")
    assert result.stderr.splitlines()[-1] == "error: 1 of 8 handouts failed; 7 built"
    assert "Traceback" not in result.output

"""Every fixed word the layout prints comes from the topic's language."""

from __future__ import annotations

from pathlib import Path

import yaml

from handouts import labels

from .conftest import REPO, Run, pdf_text, write

LABELS = REPO / "handouts" / "labels"

SPANISH_TOPIC = """
title: Cuidar los pies
language: es
translation_of: "1.0"
reviewed: 2026-11-01
key_points: [Camine un poco cada día.]
sections:
  - heading: Qué hacer
    body:
      - Camine un poco cada día.
      - notes: {lines: 1}
      - exercise:
          name: Elevación de talones
          steps: [Apóyese en una silla., Suba de puntillas.]
          dose: 10 veces, dos veces al día.
          stop_if: el dolor empeora.
sources: [Una fuente]
"""


def test_every_language_has_every_label() -> None:
    english = set(yaml.safe_load((LABELS / "en.yaml").read_text(encoding="utf-8")))
    for file in LABELS.glob("*.yaml"):
        assert set(yaml.safe_load(file.read_text(encoding="utf-8"))) == english, file.name
    assert labels.available() == ["en", "es"]


def test_a_spanish_handout_has_no_english_label(run: Run, tmp_path: Path) -> None:
    english = yaml.safe_load((LABELS / "en.yaml").read_text(encoding="utf-8"))
    spanish = yaml.safe_load((LABELS / "es.yaml").read_text(encoding="utf-8"))
    write(tmp_path, "pies.yaml", SPANISH_TOPIC.replace("language: es\n", "").replace('translation_of: "1.0"\n', ""))
    topic = write(tmp_path, "pies.es.yaml", SPANISH_TOPIC)
    style = write(
        tmp_path, "s.yaml", "extends: default\nclinic: {name: Clínica, booking_url: https://example.org/cita}\n"
    )
    result = run("build", topic, "--style", style, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "out" / "pies.es.pdf")
    for key in ("key_points", "notes", "how_often", "stop_if", "sources", "scan_to_book", "large_print"):
        assert english[key].split("{")[0].strip() not in text, key
    for key in ("key_points", "notes", "how_often", "stop_if", "sources", "scan_to_book"):
        assert spanish[key] in text, key
    assert "Página 1 de 1" in text and "Revisado en noviembre de 2026" in text
    assert "Pida este folleto en letra grande" in text

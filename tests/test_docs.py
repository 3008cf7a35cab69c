"""Help is documentation: every command has help ending in examples, and the README covers it."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from handouts.cli import main
from scripts.command_reference import commands

from .conftest import REPO

COMMANDS = [path for path, _ in commands()]
COMMAND_IDS = [" ".join(path) for path in COMMANDS]
README = REPO / "README.md"


def readme_prose() -> str:
    """The README without its generated command reference: what a person wrote."""
    text = README.read_text(encoding="utf-8")
    return re.sub(r"<!-- \[\[\[cog.*?<!-- \[\[\[end\]\]\] -->", "", text, flags=re.S)


def mentions(text: str, words: str) -> bool:
    """``words`` (a command or an option) appear whole: ``--style`` is not found in ``--styles``."""
    return re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", text) is not None


def command_named(path: tuple[str, ...]) -> click.Command:
    return dict(commands())[path]


def test_commands_include_nested_groups() -> None:
    assert ("style", "new") in COMMANDS and ("style",) in COMMANDS and ("build",) in COMMANDS


def test_whole_words_only() -> None:
    assert not mentions("handouts build --styles DIR", "--style")
    assert not mentions("`-o`/`--out`", "--ou")
    assert not mentions("--out", "-o")
    assert mentions("`-o`/`--out` is the folder", "-o")
    assert mentions("handouts style new NAME", "handouts style new")
    assert not mentions("handouts style newer", "handouts style new")


@pytest.mark.parametrize("path", COMMANDS, ids=COMMAND_IDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, path: tuple[str, ...]) -> None:
    result = runner.invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    help_text = command_named(path).help
    assert help_text and len(help_text) > 40


@pytest.mark.parametrize("path", COMMANDS, ids=COMMAND_IDS)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    command = " ".join(("handouts", *path))
    assert mentions(readme_prose(), command), f"{command} is not in the README (outside the generated reference)"


@pytest.mark.parametrize("path", COMMANDS, ids=COMMAND_IDS)
def test_every_option_is_in_the_readme(path: tuple[str, ...]) -> None:
    prose = readme_prose()
    for param in command_named(path).params:
        if isinstance(param, click.Option):
            assert any(mentions(prose, opt) for opt in param.opts), (
                f"handouts {' '.join(path)} {'/'.join(param.opts)} is not in the README"
            )


def test_the_readme_command_reference_is_the_help_of_today() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, "the README's command reference is out of date: run .venv/bin/cog -r README.md"


def test_version(runner: CliRunner) -> None:
    from handouts import __version__

    result = runner.invoke(main, ["--version"])
    assert result.output.strip() == f"handouts, version {__version__}"


def test_python_dash_m_works() -> None:
    result = subprocess.run([sys.executable, "-m", "handouts", "--help"], capture_output=True, text=True, check=True)
    assert "Usage:" in result.stdout


def test_every_file_format_key_is_in_the_readme() -> None:
    from pydantic import BaseModel

    from handouts import models

    documented = {
        part
        for token in re.findall(r"`([a-z_.\[\]]+)", readme_prose())
        for part in re.split(r"[.\[\]]+", token)
        if part
    }
    documented_models: list[type[BaseModel]] = [
        models.Topic,
        models.Section,
        models.SourceRef,
        models.CalloutBody,
        models.NotesBody,
        models.Style,
        models.Clinic,
        models.Colors,
        models.FontFiles,
        models.Header,
        models.Footer,
        models.ImageBody,
        models.ExerciseBody,
        models.FigureItem,
        *models.BLOCK_TYPES.values(),
    ]
    for model in documented_models:
        for name in model.model_fields:
            assert name in documented, f"{model.__name__}.{name} is not documented in the README"

"""Help is documentation: every command has help ending in examples, and the README covers it."""

from __future__ import annotations

import click
import pytest

from handouts.cli import main

from .conftest import REPO

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(runner, name):
    result = runner.invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert main.commands[name].help and len(main.commands[name].help) > 40


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"handouts {name}" in readme


def test_every_option_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(opt in readme for opt in param.opts), f"{name} {param.opts} is not in the README"


def test_version(runner):
    from handouts import __version__

    result = runner.invoke(main, ["--version"])
    assert result.output.strip() == f"handouts, version {__version__}"


def test_python_dash_m_works():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "handouts", "--help"], capture_output=True, text=True, check=True)
    assert "Usage:" in result.stdout


def test_help_does_not_import_reportlab():
    import subprocess
    import sys

    code = (
        "import sys; from handouts.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'textstat')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_every_file_format_key_is_in_the_readme():
    import re

    from handouts import models

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = {
        part for token in re.findall(r"`([a-z_.\[\]]+)", readme) for part in re.split(r"[.\[\]]+", token) if part
    }
    for model in (
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
    ):
        for name in model.model_fields:
            assert name in documented, f"{model.__name__}.{name} is not documented in the README"

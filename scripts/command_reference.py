"""The README's command reference: ``handouts --help`` and every command's ``--help``, nested groups included.

The README runs this through cog (cogapp) between its ``[[[cog`` markers; after changing a command,
regenerate with ``.venv/bin/cog -r README.md`` (tests/test_docs.py fails until the README matches).
"""

from __future__ import annotations

from collections.abc import Iterator

import click
from click.testing import CliRunner

from handouts.cli import main

WIDTH = 100  # help text wraps the same on every machine


def commands(group: click.Group = main, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command under ``group``, depth first, as (words after ``handouts``, command)."""
    for name in sorted(group.commands):
        command = group.commands[name]
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(
        main, [*path, "--help"], prog_name="handouts", terminal_width=WIDTH, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def reference() -> str:
    """Markdown: one heading and one block of help per command, ``handouts --help`` first."""
    parts = []
    for path in [(), *(path for path, _ in commands())]:
        parts.append(f"### `{' '.join(('handouts', *path, '--help'))}`\n\n```text\n{help_text(path).rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference())

"""Click's own usage errors (an unknown option, a bad choice, a missing argument) as one line like
every other problem, ``error: --paper: 'a5' is not one of 'a4', 'letter'; see 'handouts build --help'``,
instead of Click's usage text and ``Error:`` line. Exit codes stay Click's (2 for usage errors)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import click


class ErrorLine(click.ClickException):
    """A problem Click found, as one line like every other problem: ``error: --paper: ...``."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


class UsageLine(ErrorLine):
    """A command-line mistake (Click's usage errors): exit code 2."""

    exit_code = 2


def usage_line(error: click.ClickException) -> str:
    """Click's words for a command-line mistake, as one line in our style (which says where to look)."""
    param = getattr(error, "param", None)
    if isinstance(error, click.BadParameter) and not isinstance(error, click.MissingParameter) and param is not None:
        name = "/".join(param.opts) if isinstance(param, click.Option) else param.human_readable_name
        text = f"{name}: {error.message}"
    else:
        text = error.format_message()
    text = re.sub(r"\s+", " ", text).strip().replace(". Did you mean", "; did you mean")
    text = text.replace(". Choose from:", "; choose from").removesuffix(".")
    if text[1:2].islower():
        text = text[0].lower() + text[1:]  # "No such option" -> "no such option", but "TOPIC" stays
    ctx = getattr(error, "ctx", None)
    if ctx is not None and "did you mean" not in text:
        text += f"; see '{ctx.command_path} --help'"
    return text


@contextlib.contextmanager
def usage_errors_as_lines() -> Iterator[None]:
    try:
        yield
    except ErrorLine:
        raise
    except click.ClickException as error:
        line = UsageLine if isinstance(error, click.UsageError) else ErrorLine
        raise line(usage_line(error)) from None


class Handouts(click.Group):
    """The command group: Click's own usage errors come out as our one-line ``error:`` lines."""

    group_class = type  # subgroups (``handouts style``) are made the same way

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        with usage_errors_as_lines():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with usage_errors_as_lines():
            return super().invoke(ctx)

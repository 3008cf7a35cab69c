"""Problems the user can act on, each pointing into the user's own file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a user's file (or command line when ``file`` is None)."""

    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    field: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            spot = str(self.file)
            if self.line is not None:
                spot += f":{self.line}"
                if self.column is not None:
                    spot += f":{self.column}"
            where.append(spot)
        if self.field:
            where.append(self.field)
        prefix = ": ".join(where)
        return f"{self.severity}: {prefix}: {self.message}" if prefix else f"{self.severity}: {self.message}"


class HandoutError(Exception):
    """Raised with every problem found, so the user sees them all at once."""

    def __init__(self, problems: list[Problem]) -> None:
        problems = sorted(problems, key=lambda p: (str(p.file or ""), p.line or 0, p.column or 0))
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """Return " (did you mean 'x'?)"-style hint text, or "" when nothing is close."""
    import difflib

    ordered = sorted(choices)
    lowered = {c.lower(): c for c in ordered}
    close = [lowered[m] for m in difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)]
    if not close and len(word) >= 4:
        # A shortened or half-typed name: compare with the start of each choice.
        starts = {c[: len(word) + 1]: c for c in ordered}
        close = [starts[m] for m in difflib.get_close_matches(word, list(starts), n=1, cutoff=0.75)]
    return f"did you mean '{close[0]}'?" if close else ""


def internal_error(error: BaseException) -> Problem:
    """A bug in handouts, not in the user's file: said once, with the way to see the details.

    The exception's own text is left out: it may quote a line of the user's file.
    """
    return Problem(f"internal error ({type(error).__name__}), a bug in handouts; run with --debug for details")


def problems_for(error: Exception, file: Path | None = None) -> list[Problem]:
    """Any exception met while handling ``file``, as the lines to show: the error boundary of one
    topic in a batch, of one command (cli.friendly) and of one web request."""
    if isinstance(error, HandoutError):
        return error.problems
    if isinstance(error, OSError):
        where = Path(error.filename) if isinstance(error.filename, str) else file
        return [Problem(f"cannot read or write a file: {error.strerror or type(error).__name__}", where)]
    problem = internal_error(error)
    return [Problem(problem.message, file)] if file is not None else [problem]


class Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C (KeyboardInterrupt), removing temporary files."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

"""Many handouts at once: which files to build, and building each without stopping the rest."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import library
from .errors import HandoutError, Problem
from .loading import LoadedTopic, load_topic
from .models import Style

if TYPE_CHECKING:
    from .story import Personal


@dataclass(frozen=True)
class Job:
    """One handout to build: a topic file in one language and edition."""

    name: str
    file: Path | None
    large_print: bool = False
    problem: Problem | None = None  # set when the job cannot even start (unknown topic or language)


@dataclass
class Result:
    job: Job
    path: Path | None = None
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def plan(names: list[str], everything: bool, folder: Path, language: str | None, large_print: bool) -> list[Job]:
    """The jobs for the topics named (or all of them), in a stable order."""
    jobs: list[Job] = []
    if everything:
        found = [files for files in library.scan_topics(folder).values() if files.source]
        if not found:
            raise HandoutError([Problem(f"no topics found in {folder}")])
        topics: list[library.TopicFiles | Job] = list(found)
    else:
        topics = []
        for name in names:
            try:
                topics.append(library.find_topic(name, folder))
            except HandoutError as error:
                topics.append(Job(name, None, problem=error.problems[0]))
    for entry in topics:
        if isinstance(entry, Job):
            jobs.append(entry)
            continue
        file = entry.file_for(language)
        if file is None:
            have = ", ".join(["en (the source)", *entry.languages()])
            jobs.append(
                Job(
                    entry.id,
                    None,
                    problem=Problem(f"topic '{entry.id}' has no '{language}' translation; languages: {have}"),
                )
            )
        else:
            jobs.append(Job(entry.id, file, large_print))
    return jobs


def load(job: Job) -> LoadedTopic:
    if job.problem is not None:
        raise HandoutError([job.problem])
    assert job.file is not None
    return load_topic(job.file)


def build_all(
    jobs: list[Job], style: Style, out: Path, paper: str | None, *, personal: Personal | None = None
) -> Iterator[Result]:
    """Build and write each job; a failing job yields its problems and the rest go on.

    ``personal`` prints a "Prepared for" box; it never changes the file names.
    """
    from .build import Options, build_handout, output_name, write_atomically

    taken: dict[Path, str] = {}
    for job in jobs:
        result = Result(job)
        try:
            loaded = load(job)
            options = Options(paper=paper, large_print=job.large_print, personal=personal)
            path = out / output_name(loaded, options)
            if path in taken:
                raise HandoutError(
                    [Problem(f"'{job.name}' would overwrite {path}, already written for '{taken[path]}'", job.file)]
                )
            built = build_handout(loaded, style, options)
            write_atomically(path, built.pdf)
            taken[path] = job.name
            result.path, result.pages = path, built.pages
        except HandoutError as error:
            result.problems = error.problems
        except OSError as error:
            result.problems = [Problem(f"cannot write the PDF: {error.strerror or error}", Path(error.filename or out))]
        yield result

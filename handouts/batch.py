"""Many handouts at once: which files to build, and building them (in parallel processes when
asked) without one failure stopping the rest. Results come back in the order of the plan."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import library
from .errors import HandoutError, Problem
from .loading import LoadedTopic, load_topic
from .models import Style

if TYPE_CHECKING:
    from .story import Personal

ALL = "all"


@dataclass(frozen=True)
class Job:
    """One handout to build: a topic file in one language and edition, in one style."""

    name: str
    file: Path | None
    large_print: bool = False
    problem: Problem | None = None  # set when the job cannot even start (unknown topic or language)
    style: str = ""  # key into the styles of the batch; "" is the only style
    format: str = "pdf"  # or "html", the HTML edition


@dataclass
class Result:
    job: Job
    path: Path | None = None
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def plan(
    names: Sequence[str],
    everything: bool,
    folder: Path,
    languages: Sequence[str] | None = None,
    editions: Sequence[bool] = (False,),
    styles: Sequence[str] = ("",),
    formats: Sequence[str] = ("pdf",),
) -> list[Job]:
    """The jobs for the topics named (or all of them), in a stable order.

    ``languages`` is None for each topic's own language, or codes, or ``["all"]`` for every
    language each topic has; ``editions`` holds False (standard) and/or True (large print) of
    the PDF; ``formats`` holds "pdf" and/or "html" (one HTML edition per topic and language,
    after its PDFs).
    """
    topics = _topics(names, everything, folder)
    jobs: list[Job] = []
    for style in styles:
        for entry in topics:
            if isinstance(entry, Job):
                jobs.append(entry)
                continue
            for file, problem in _languages(entry, languages):
                if "pdf" in formats:
                    jobs += [Job(entry.id, file, large, problem, style) for large in editions]
                if "html" in formats:
                    jobs.append(Job(entry.id, file, False, problem, style, "html"))
    return jobs


def _topics(names: Sequence[str], everything: bool, folder: Path) -> list[library.TopicFiles | Job]:
    if everything:
        found: list[library.TopicFiles | Job] = [
            files for files in library.scan_topics(folder).values() if files.source
        ]
        if not found:
            raise HandoutError([Problem(f"no topics found in {folder}")])
        # Files meant as topics but named so they would be skipped fail as jobs of their own, saying why.
        misnamed = library.misnamed_topics(folder)
        return found + [Job(library.yaml_stem(p.file.name if p.file else ""), None, problem=p) for p in misnamed]
    topics: list[library.TopicFiles | Job] = []
    for name in names:
        try:
            topics.append(library.find_topic(name, folder))
        except HandoutError as error:
            topics.append(Job(name, None, problem=error.problems[0]))
    return topics


def _languages(entry: library.TopicFiles, wanted: Sequence[str] | None) -> Iterator[tuple[Path | None, Problem | None]]:
    if wanted is None:
        yield entry.source, None
        return
    if list(wanted) == [ALL]:
        yield entry.source, None
        for language in entry.languages():
            yield entry.translations[language], None
        return
    source_language = _source_language(entry)
    for language in wanted:
        if language == source_language:
            yield entry.source, None
        elif (file := entry.file_for(language)) is not None:
            yield file, None
        else:
            have = ", ".join([f"{source_language} (the source)", *entry.languages()])
            yield None, Problem(f"topic '{entry.id}' has no '{language}' translation; languages: {have}")


def _source_language(entry: library.TopicFiles) -> str:
    """The language of a topic's source file (its pictures are not opened: only the language matters)."""
    if entry.source is None:
        return "en"
    try:
        language = load_topic(entry.source, check_pictures=False).topic.language
    except HandoutError:
        return "en"  # the source's own problems are reported when it is built
    return language


def load(job: Job) -> LoadedTopic:
    """The job's topic; loaded once per process for all the styles and editions it is built in."""
    from . import load_cache

    if job.problem is not None:
        raise HandoutError([job.problem])
    assert job.file is not None
    return load_cache.load_topic(job.file)


@dataclass(frozen=True)
class Settings:
    """What every job of a batch shares."""

    styles: dict[str, Style]
    out: Path
    paper: str | None = None
    personal: Personal | None = None

    def folder(self, job: Job) -> Path:
        """Each style writes into its own folder when a batch has several."""
        return self.out / job.style if len(self.styles) > 1 else self.out


def build_all(
    jobs: list[Job], settings: Settings, workers: int = 1, progress: Callable[[int], None] | None = None
) -> Iterator[Result]:
    """Build and write each job; a failing job yields its problems and the rest go on.

    With ``workers`` > 1 the handouts are built in that many processes; results still come
    back in the order of ``jobs``, so printed paths do not depend on the parallelism.
    """
    targets, clashes = _targets(jobs, settings)
    runnable = [job for job in jobs if job not in clashes]
    if workers > 1 and len(runnable) > 1:
        from concurrent.futures import ProcessPoolExecutor

        _warm_up(settings)
        # A topic file's jobs (its styles and editions) side by side, so a chunk mostly goes to
        # one worker, which reads the file and converts its pictures once; chunks small enough
        # that every worker has work until the end (a fixed four left one worker idle while the
        # other built a small batch's last chunks).
        in_order = sorted(runnable, key=lambda job: (str(job.file), job.style, job.large_print))
        chunk = max(1, min(6, len(in_order) // (workers * 4)))
        with ProcessPoolExecutor(
            max_workers=min(workers, len(in_order)), initializer=_start_worker, initargs=(settings,)
        ) as pool:
            built = pool.map(_build_in_worker, [(job, targets.get(job)) for job in in_order], chunksize=chunk)
            by_job = dict(zip(in_order, _counted(built, progress), strict=True))
    else:
        by_job = {
            job: result
            for job, result in zip(
                runnable,
                _counted((_build_one(job, targets.get(job), settings) for job in runnable), progress),
                strict=True,
            )
        }
    for job in jobs:
        yield clashes.get(job) or by_job[job]


def _counted(results: Iterator[Result], progress: Callable[[int], None] | None) -> Iterator[Result]:
    for result in results:
        if progress is not None:
            progress(1)
        yield result


def _targets(jobs: list[Job], settings: Settings) -> tuple[dict[Job, Path], dict[Job, Result]]:
    """Each job's output file, known before building, so two jobs never write the same file."""
    from .build import output_file_name

    targets: dict[Job, Path] = {}
    clashes: dict[Job, Result] = {}
    owners: dict[Path, Job] = {}
    for job in jobs:
        if job.file is None:
            continue
        target = settings.folder(job) / output_file_name(job.file, job.large_print, job.format)
        if target in owners:
            first = owners[target]
            clashes[job] = Result(
                job,
                problems=[
                    Problem(
                        f"'{job.name}' would overwrite {target}, already written for '{first.name}' ({first.file})",
                        job.file,
                    )
                ],
            )
            continue
        owners[target] = job
        targets[job] = target
    return targets, clashes


def _warm_up(settings: Settings) -> None:
    """Import the layout code, parse the fonts and teach svglib about them: once in the parent
    before the workers fork (where processes are forked, as on Linux, they start warm), and once
    in each worker (started afresh elsewhere, a worker does it here instead of in its first job)."""
    from . import build  # noqa: F401  # the layout modules and ReportLab
    from .branding import make_theme
    from .images import teach_svglib_our_font

    for style in settings.styles.values():
        make_theme(style)
    teach_svglib_our_font()


_WORKER_SETTINGS: Settings | None = None


def _start_worker(settings: Settings) -> None:
    """Run once per worker process: the styles arrive once, not with every handout."""
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings
    _warm_up(settings)


def _build_in_worker(task: tuple[Job, Path | None]) -> Result:
    assert _WORKER_SETTINGS is not None
    return _build_one(task[0], task[1], _WORKER_SETTINGS)


def _build_one(job: Job, target: Path | None, settings: Settings) -> Result:
    from .build import Options, build_handout, write_atomically

    result = Result(job)
    try:
        loaded = load(job)
        assert target is not None
        options = Options(paper=settings.paper, large_print=job.large_print, personal=settings.personal)
        if job.format == "html":
            from .html import build_html

            write_atomically(target, build_html(loaded, settings.styles[job.style], options))
            result.path = target
        else:
            built = build_handout(loaded, settings.styles[job.style], options)
            write_atomically(target, built.pdf)
            result.path, result.pages = target, built.pages
    except HandoutError as error:
        result.problems = error.problems
    except OSError as error:
        where = Path(error.filename) if error.filename else target
        result.problems = [Problem(f"cannot write the PDF: {error.strerror or error}", where)]
    return result


def default_workers() -> int:
    return os.cpu_count() or 1

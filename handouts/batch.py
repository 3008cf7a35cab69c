"""Many handouts at once: which files to build, and building them (in parallel processes when
asked) without one failure stopping the rest. Results come back in the order of the plan."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import library
from .errors import HandoutError, Interrupted, Problem, problems_for
from .loading import LoadedTopic, load_topic
from .models import Style

if TYPE_CHECKING:
    from .build import Syncing
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
    trace: str = ""  # the traceback of an internal error, shown with --debug

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


def load(
    job: Job, load_file: Callable[[Path], LoadedTopic] | None = None, *, allow_outside_paths: bool = False
) -> LoadedTopic:
    """The job's topic; loaded once per process for all the styles and editions it is built in
    (``load_file``, when given, reads it instead: the web app passes its own loading funnel)."""
    from . import load_cache

    if job.problem is not None:
        raise HandoutError([job.problem])
    assert job.file is not None
    if load_file is not None:
        return load_file(job.file)
    return load_cache.load_topic(job.file, allow_outside_paths=allow_outside_paths)


@dataclass(frozen=True)
class Settings:
    """What every job of a batch shares."""

    styles: dict[str, Style]
    out: Path
    paper: str | None = None
    personal: Personal | None = None
    allow_outside_paths: bool = False

    def folder(self, job: Job) -> Path:
        """Each style writes into its own folder when a batch has several."""
        return self.out / job.style if len(self.styles) > 1 else self.out


def build_all(
    jobs: list[Job], settings: Settings, workers: int = 1, progress: Callable[[int], None] | None = None
) -> Generator[Result, None, None]:
    """Build and write each job; a failing job yields its problems and the rest go on.

    With ``workers`` > 1 the handouts are built in that many processes; results still come
    back in the order of ``jobs``, so printed paths do not depend on the parallelism.
    """
    from .build import remove_stale_temporaries

    targets, clashes = _targets(jobs, settings)
    runnable = [job for job in jobs if job not in clashes]
    for folder in {target.parent for target in targets.values()}:
        remove_stale_temporaries(folder)
    with _signals_raise():
        if workers > 1 and len(runnable) > 1:
            from concurrent.futures import ProcessPoolExecutor

            _warm_up(settings)
            # A topic file's jobs (its styles and editions) side by side, so a chunk mostly goes to
            # one worker, which reads the file and converts its pictures once.
            in_order = sorted(runnable, key=lambda job: (str(job.file), job.style, job.large_print))
            # The Python docs' advice before fork: what the parent made is left out of every garbage
            # collection, so no worker scans (nor, by scanning, copies) it again and again.
            gc.freeze()
            pool = ProcessPoolExecutor(
                max_workers=min(workers, len(in_order)), initializer=_start_worker, initargs=(settings,)
            )
            try:
                # Futures of our own, not pool.map: a map interrupted by a signal cancels the futures it
                # has left, and Python 3.11's executor then fails on them as it ends the stopped workers.
                tasks = _chunks([(job, targets.get(job)) for job in in_order], workers)
                chunks = [pool.submit(_build_chunk_in_worker, chunk) for chunk in tasks]
                built = _until_broken(result for chunk in chunks for result in chunk.result())
                # Not strict: a broken pool ends the results early, and _in_plan_order says so for each job left.
                yield from _in_plan_order(jobs, clashes, zip(in_order, _counted(built, progress), strict=False))
            except BaseException:
                _stop_workers(pool, {target.parent for target in targets.values()})
                raise
            finally:
                gc.unfreeze()
            pool.shutdown()
        else:
            results = (_build_one(job, targets.get(job), settings) for job in runnable)
            yield from _in_plan_order(jobs, clashes, zip(runnable, _counted(results, progress), strict=True))


def _in_plan_order(
    jobs: list[Job], clashes: dict[Job, Result], built: Iterator[tuple[Job, Result]]
) -> Iterator[Result]:
    """Each result as soon as it and every job before it are done: paths print while the batch runs,
    in the plan's order whatever order the workers finish in.

    A worker process that dies (out of memory, say) takes the handouts it had not finished with it:
    each gets its own error line, and those already built stay built.
    """
    done: dict[Job, Result] = {}
    broken = False
    for job in jobs:
        if job in clashes:
            yield clashes[job]
            continue
        while job not in done and not broken:
            try:
                finished, result = next(built)
                done[finished] = result
            except StopIteration:
                broken = True
        yield done.pop(job) if job in done else Result(job, problems=[Problem(_WORKER_DIED, job.file)])


def _until_broken(results: Iterator[Result]) -> Iterator[Result]:
    """The workers' results, ending early when a worker dies (the pool is then broken)."""
    from concurrent.futures.process import BrokenProcessPool  # only with workers: it imports multiprocessing

    with contextlib.suppress(BrokenProcessPool):
        yield from results


_WORKER_DIED = (
    "the process building this handout stopped unexpectedly (it may have run out of memory); "
    "build this topic on its own to see why"
)


def _stop_workers(pool: Any, folders: set[Path]) -> None:
    """End the workers now (shutdown alone would wait for them to finish their handouts): each
    removes its unfinished temporary file on SIGTERM (see _start_worker).

    The executor's own thread is waited for: it sees the workers gone and fails what they had
    left. Cancelling the futures instead, or leaving that thread running, raced it on Python 3.11
    (a cancelled future it then failed, a wake-up pipe it closed while the interpreter exited) and
    printed its traceback after our last line."""
    from .build import remove_stale_temporaries

    processes = list(getattr(pool, "_processes", {}).values())  # the executor keeps no public list
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(5)
            if process.is_alive():  # stuck past SIGTERM: the executor's thread would wait for it forever
                process.kill()
                process.join(5)
    pool.shutdown(wait=True)
    # A worker that was stopped before it could note its file, or killed outright, leaves it:
    # the workers are gone now, so what they left is stale.
    for folder in folders:
        remove_stale_temporaries(folder)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Interrupted in the main thread, as Ctrl-C raises KeyboardInterrupt,
    so temporary files are removed and workers ended on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield  # a web request's thread cannot set handlers; its server handles signals
        return

    def interrupt(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before = {name: signal.signal(getattr(signal, name), interrupt) for name in names}
    try:
        yield
    finally:
        for name, handler in before.items():
            signal.signal(getattr(signal, name), handler)


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
    """Run once per worker process: the styles arrive once, not with every handout; the worker
    ends when the main process does, and cleans up after itself when told to stop."""
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings
    # Ctrl-C reaches every process of the terminal's group: the main process decides, and
    # ends the workers with SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _worker_stop)
    _die_with_parent()
    _warm_up(settings)


def _worker_stop(signum: int, _frame: object) -> None:
    from .build import remove_temporaries_in_progress

    remove_temporaries_in_progress()
    os._exit(128 + signum)


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM when the main process dies, even by ``kill -9``; elsewhere a
    thread notices the parent is gone. A worker must never outlive the command that started it."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM) == 0:
                if os.getppid() != parent:  # the parent died before the request took effect
                    _worker_stop(signal.SIGTERM, None)
                return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        _worker_stop(signal.SIGTERM, None)

    threading.Thread(target=watch, name="handouts-parent-watch", daemon=True).start()


_PR_SET_PDEATHSIG = 1


Task = tuple[Job, "Path | None"]
MOST_IN_A_CHUNK = 6


def _chunks(tasks: list[Task], workers: int) -> list[list[Task]]:
    """Chunks of up to six handouts, smaller as the batch nears its end, so that every worker has
    work until the end (a fixed four left one worker idle while the other built a small batch's
    last chunks); a handout's results go back with its chunk's."""
    chunks: list[list[Task]] = []
    start = 0
    while start < len(tasks):
        size = max(1, min(MOST_IN_A_CHUNK, (len(tasks) - start) // (workers * 2)))
        chunks.append(tasks[start : start + size])
        start += size
    return chunks


_SYNCING: Syncing | None = None


def _build_chunk_in_worker(tasks: list[Task]) -> list[Result]:
    """Build a chunk's handouts one after the other, each file synced to disk in a thread while
    the next is built; every file is in place (or its failure known) before the results go back."""
    from .build import Syncing

    global _SYNCING
    assert _WORKER_SETTINGS is not None
    _SYNCING = syncing = _SYNCING or Syncing()
    results = [_build_one(job, target, _WORKER_SETTINGS) for job, target in tasks]
    failed = syncing.finish()
    for result in results:
        if (problems := failed.get(result.path) if result.path else None) is not None:
            result.path, result.pages, result.problems = None, 0, problems
    return results


def _build_one(job: Job, target: Path | None, settings: Settings) -> Result:
    from .build import Options, build_handout, write_atomically

    result = Result(job)
    write = _SYNCING.write if _SYNCING is not None else write_atomically  # a worker syncs in a thread
    try:
        loaded = load(job, allow_outside_paths=settings.allow_outside_paths)
        assert target is not None
        options = Options(paper=settings.paper, large_print=job.large_print, personal=settings.personal)
        if job.format == "html":
            from .html import build_html

            write(target, build_html(loaded, settings.styles[job.style], options))
            result.path = target
        else:
            built = build_handout(loaded, settings.styles[job.style], options)
            write(target, built.pdf)
            result.path, result.pages = target, built.pages
    except Exception as error:  # one topic's failure, whatever it is, never stops the batch
        result.problems = problems_for(error, job.file)
        if not isinstance(error, (HandoutError, OSError)):
            result.trace = traceback.format_exc()
    return result


def default_workers() -> int:
    return os.cpu_count() or 1

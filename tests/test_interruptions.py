"""Batches that meet a hostile topic, a bug or a signal (issue 14, must show 3 and 4).

These run the real command in processes of its own (``python -m handouts``), in a new session so
every process it starts can be found and checked afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from .conftest import BUNDLED_TOPICS, REPO, TOPICS, copy_topic
from .test_corpus import GOOD_TOPIC

POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="signals and process groups are POSIX")
GOOD = ["footwear-checklist", "flat-feet-back-pain", "sciatica-and-feet"]


def handouts(*args: str | Path, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "handouts", *map(str, args)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        start_new_session=True,
    )


def six_good_and_one_hostile(folder: Path) -> list[str]:
    """Two good topics of the clinic's own beside the four bundled ones (``--all`` builds both),
    and one whose picture is PostScript named .png; returns the six good ids in plan order."""
    for name in GOOD[:2]:
        copy_topic(name, folder, f"clinic-{name}")
    hostile = folder / "c-hostile.yaml"
    hostile.write_text(GOOD_TOPIC.read_text() + "      - image: {file: images/logo.png, alt: A logo}\n")
    (folder / "images" / "logo.png").write_bytes(b"%!PS-Adobe-3.0\n{ } loop\n")
    return sorted([*(f"clinic-{name}" for name in GOOD[:2]), *BUNDLED_TOPICS])


def test_build_all_j2_with_one_hostile_topic_among_six_good_ones(tmp_path: Path) -> None:
    topics, out = tmp_path / "topics", tmp_path / "out"
    good = six_good_and_one_hostile(topics)
    assert len(good) == 6
    process = handouts("build", "--all", "--topics", topics, "-o", out, "-j", "2", cwd=tmp_path)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 1
    assert stdout.splitlines() == [str(out / f"{name}.pdf") for name in good]
    assert stderr.splitlines() == [
        f"error: {topics / 'c-hostile.yaml'}:7:23: sections[0].body[1].image.file: picture is not a PNG or JPEG "
        f"picture (the file holds something else): {topics.resolve() / 'images' / 'logo.png'}",
        "error: 1 of 7 handouts failed; 6 built",
    ]
    assert sorted(p.name for p in out.iterdir()) == [f"{name}.pdf" for name in good]


def test_any_exception_in_one_topic_is_that_topics_line_and_the_rest_build(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handouts.build
    from handouts.story import make_story as real

    topics = tmp_path / "topics"
    for name in ("one", "two", "three"):
        (topics / f"{name}.yaml").parent.mkdir(exist_ok=True)
        (topics / f"{name}.yaml").write_text(GOOD_TOPIC.read_text().replace("Test topic", f"Topic {name}"))

    def bug_in_two(topic: Any, *args: Any, **kwargs: Any) -> Any:
        if topic.title == "Topic two":
            raise KeyError("a bug that quotes the file: SECRET")
        return real(topic, *args, **kwargs)

    monkeypatch.setattr(handouts.build, "make_story", bug_in_two)
    out = tmp_path / "out"
    result: Result = run(
        "build", "one", "two", "three", "--topics", topics, "-o", out, "-j", "1", internal_error_expected=True
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {topics / 'two.yaml'}: internal error (KeyError), a bug in handouts; run with --debug for details",
        "error: 1 of 3 handouts failed; 2 built",
    ]
    assert result.stdout.splitlines() == [str(out / "one.pdf"), str(out / "three.pdf")]
    assert "SECRET" not in result.output
    debug: Result = run(
        "--debug",
        "build",
        "one",
        "two",
        "three",
        "--topics",
        topics,
        "-o",
        out,
        "-j",
        "1",
        internal_error_expected=True,
    )
    assert debug.stderr.count("Traceback (most recent call last)") == 1
    assert "KeyError: 'a bug that quotes the file: SECRET'" in debug.stderr


def test_each_path_is_yielded_as_soon_as_its_handout_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths print while the batch runs, not all at the end."""
    import handouts.build
    from handouts import batch
    from handouts.loading import load_style

    topics = tmp_path / "topics"
    for name in ("one", "two", "three"):
        (topics / f"{name}.yaml").parent.mkdir(exist_ok=True)
        (topics / f"{name}.yaml").write_text(GOOD_TOPIC.read_text())
    events: list[str] = []
    real = handouts.build.write_atomically

    def logged(path: Path, data: bytes) -> None:
        real(path, data)
        events.append(f"wrote {path.name}")

    monkeypatch.setattr(handouts.build, "write_atomically", logged)
    style = load_style(REPO / "styles" / "default.yaml")
    jobs = batch.plan(["one", "three", "two"], False, topics)
    for result in batch.build_all(jobs, batch.Settings({"": style}, tmp_path / "out"), workers=1):
        assert result.path is not None
        events.append(f"printed {result.path.name}")
    assert events == [f"{verb} {name}.pdf" for name in ("one", "three", "two") for verb in ("wrote", "printed")]


# ----- must show 4: signals -----


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (an ended process its new parent has not reaped yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.tmp")) if folder.is_dir() else []


def until(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


@pytest.fixture
def busy_batch(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], list[int], Path]]:
    """``build --all -j 2`` over 48 topics (far more than are done before a signal reaches it), caught
    after its first handout is written, with its workers."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs Linux /proc to find the workers")
    topics, out = tmp_path / "topics", tmp_path / "out"
    for n in range(48):
        copy_topic(GOOD[n % 3], topics, f"{n:02d}-{GOOD[n % 3]}")
    process = handouts("build", "--all", "--topics", topics, "-o", out, "-j", "2", cwd=tmp_path)
    assert process.stdout is not None
    first = process.stdout.readline()  # one handout done: the workers are busy with the next ones
    assert first.endswith(".pdf\n"), process.stderr.read() if process.stderr else ""
    workers = children(process.pid)
    assert len(workers) >= 2
    yield process, workers, out
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()  # reads and closes the pipes


@POSIX_ONLY
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_to_the_main_process_ends_the_workers_and_leaves_no_temporary_file(
    busy_batch: tuple[subprocess.Popen[str], list[int], Path], signum: int
) -> None:
    process, workers, out = busy_batch
    os.kill(process.pid, signum)
    _, stderr = process.communicate(timeout=5)
    assert process.returncode == 128 + signum
    name = signal.Signals(signum).name
    assert stderr.splitlines()[-1] == f"error: stopped ({name}); the handouts printed above are complete"
    assert until(lambda: not any(running(pid) for pid in workers), 5), "a worker outlived the command"
    assert temporaries(out) == []
    assert "Traceback" not in stderr


@POSIX_ONLY
def test_ctrl_c_reaches_every_process_and_all_of_them_stop_cleanly(
    busy_batch: tuple[subprocess.Popen[str], list[int], Path],
) -> None:
    process, workers, out = busy_batch
    os.killpg(process.pid, signal.SIGINT)  # a terminal sends Ctrl-C to the whole foreground group
    _, stderr = process.communicate(timeout=5)
    assert process.returncode == 128 + signal.SIGINT
    assert stderr.splitlines()[-1] == "error: stopped (Ctrl-C); the handouts printed above are complete"
    assert until(lambda: not any(running(pid) for pid in workers), 5)
    assert temporaries(out) == []
    assert "Traceback" not in stderr


@POSIX_ONLY
def test_kill_9_of_the_main_process_ends_the_workers_and_the_next_build_cleans_up(
    busy_batch: tuple[subprocess.Popen[str], list[int], Path], tmp_path: Path
) -> None:
    process, workers, out = busy_batch
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=5)
    assert until(lambda: not any(running(pid) for pid in workers), 5), "a worker outlived kill -9 of its parent"
    # What a process killed mid-write leaves (kill -9 runs no clean-up): the next build removes it.
    (out / ".00-footwear-checklist.pdf.handouts-999999999-0badc0de.tmp").write_bytes(b"%PDF-1.4 half")
    again = handouts("build", TOPICS / "footwear-checklist.yaml", "-o", out, cwd=tmp_path)
    again.communicate(timeout=120)
    assert again.returncode == 0
    assert temporaries(out) == []


@POSIX_ONLY
def test_a_worker_that_dies_gives_its_handouts_a_line_each_and_the_batch_ends(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed by the system (out of memory, say): no traceback, no hang, a line per lost handout."""
    from handouts import batch

    topics = tmp_path / "topics"
    names = ["one", "three", "two"]
    for name in names:
        (topics / f"{name}.yaml").parent.mkdir(exist_ok=True)
        (topics / f"{name}.yaml").write_text(GOOD_TOPIC.read_text())
    real = batch._build_one

    def dies_on_two(job: Any, target: Any, settings: Any) -> Any:
        if job.name == "two":
            os._exit(9)  # as the kernel's out-of-memory killer would end it
        return real(job, target, settings)

    monkeypatch.setattr(batch, "_build_one", dies_on_two)  # the workers are forked from this process
    out = tmp_path / "out"
    result: Result = run("build", *names, "--topics", topics, "-o", out, "-j", "2")
    assert result.exit_code == 1
    died = (
        "the process building this handout stopped unexpectedly (it may have run out of memory); "
        "build this topic on its own to see why"
    )
    lost = [line for line in result.stderr.splitlines() if line.endswith(died)]
    assert f"error: {topics / 'two.yaml'}: {died}" in lost
    assert len(lost) + len(result.stdout.splitlines()) == 3
    assert result.stderr.splitlines()[-1] == f"error: {len(lost)} of 3 handouts failed; {3 - len(lost)} built"


@POSIX_ONLY
def test_a_signal_while_the_batch_waits_for_its_workers_ends_it_with_no_thread_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signal arrives while the main process waits for a worker's handouts, with more waiting
    their turn: the executor's own thread must end quietly (on Python 3.11 it failed on futures the
    interrupted wait had cancelled, and printed its traceback after the command's last line)."""
    import threading

    from handouts import batch
    from handouts.errors import Interrupted
    from handouts.loading import load_style

    thread_errors: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: thread_errors.append(args.exc_value))
    topics = tmp_path / "topics"
    names = [f"t{n:02d}" for n in range(16)]
    for name in names:
        (topics / f"{name}.yaml").parent.mkdir(exist_ok=True)
        (topics / f"{name}.yaml").write_text(GOOD_TOPIC.read_text())
    real = batch._build_one

    def slow(job: Any, target: Any, settings: Any) -> Any:
        time.sleep(0.1)
        return real(job, target, settings)

    monkeypatch.setattr(batch, "_build_one", slow)  # the workers are forked from this process
    from concurrent.futures import Future, ProcessPoolExecutor

    submitted: list[Future[Any]] = []
    real_submit = ProcessPoolExecutor.submit

    def noted(pool: ProcessPoolExecutor, *args: Any, **kwargs: Any) -> Future[Any]:
        submitted.append(real_submit(pool, *args, **kwargs))
        return submitted[-1]

    monkeypatch.setattr(ProcessPoolExecutor, "submit", noted)

    def interrupt(signum: int, _frame: object) -> None:
        raise Interrupted(signal.SIGTERM)

    before = signal.signal(signal.SIGALRM, interrupt)
    out = tmp_path / "out"
    settings = batch.Settings({"": load_style(REPO / "styles" / "default.yaml")}, out)
    try:
        with pytest.raises(Interrupted):
            signal.setitimer(signal.ITIMER_REAL, 0.5)  # the first chunks are still being built
            for _ in batch.build_all(batch.plan(names, False, topics), settings, workers=2):
                pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    from concurrent.futures.process import _ExecutorManagerThread

    for thread in threading.enumerate():  # the command's process would wait for it before exiting
        if isinstance(thread, _ExecutorManagerThread):
            thread.join(10)
    assert thread_errors == []
    # What made that thread fail: futures cancelled behind its back. The ones left are failed instead.
    assert len(submitted) > 2 and not any(future.cancelled() for future in submitted)
    assert temporaries(out) == []


def test_a_signal_just_after_a_temporary_file_is_made_finds_it_noted_for_removal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's SIGTERM handler removes the files it is writing: one made an instant before the
    signal must already be among them (it was noted only after it was made, and left behind)."""
    from handouts.build import remove_temporaries_in_progress, write_atomically
    from handouts.errors import Interrupted

    real_open = os.open
    stopped: list[str] = []

    def open_then_stop(path: Any, flags: int, mode: int = 0o777) -> int:
        os.close(real_open(path, flags, mode))
        remove_temporaries_in_progress()  # what the signal handler does, at the worst moment
        stopped.append(os.fspath(path))
        raise Interrupted(signal.SIGTERM)

    monkeypatch.setattr(os, "open", open_then_stop)  # the one handouts.build calls
    with pytest.raises(Interrupted):
        write_atomically(tmp_path / "a.pdf", b"%PDF-1.4")
    monkeypatch.undo()
    assert stopped and temporaries(tmp_path) == [] and not (tmp_path / "a.pdf").exists()

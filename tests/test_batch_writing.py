"""How a batch worker shares out its handouts and writes them (issue 17: 100 handouts a second).

A worker syncs each file to disk in a thread while it builds the next handout; the file still
appears whole or not at all, and a failure is still that handout's own error line.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from handouts import batch, build
from handouts.errors import HandoutError


@pytest.mark.parametrize("count", [1, 2, 7, 96, 250])
@pytest.mark.parametrize("workers", [2, 3])
def test_chunks_hold_every_handout_once_in_order_and_shrink_towards_the_end(count: int, workers: int) -> None:
    tasks: list[batch.Task] = [(batch.Job(f"t{n}", Path(f"t{n}.yaml")), None) for n in range(count)]
    chunks = batch._chunks(tasks, workers)
    assert [task for chunk in chunks for task in chunk] == tasks
    sizes = [len(chunk) for chunk in chunks]
    assert all(1 <= size <= batch.MOST_IN_A_CHUNK for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-workers:] == [1] * min(workers, len(sizes))  # no worker waits long for the last one


def test_files_synced_in_a_thread_are_whole_and_in_place_once_finished(tmp_path: Path) -> None:
    syncing = build.Syncing()
    files = {tmp_path / "out" / f"{n}.pdf": os.urandom(50_000 + n) for n in range(5)}
    for path, data in files.items():
        syncing.write(path, data)
    assert syncing.finish() == {}
    assert {path: path.read_bytes() for path in files} == files
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in files)  # no temporary


def test_a_file_that_cannot_be_put_in_place_is_its_own_problem_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.replace

    def full_disk_for_b(source: str | Path, target: str | Path) -> None:
        if Path(target).name == "b.pdf":
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "replace", full_disk_for_b)
    syncing = build.Syncing()
    for name in ("a", "b", "c"):
        syncing.write(tmp_path / f"{name}.pdf", b"%PDF-1.4 " + name.encode())
    failed = syncing.finish()
    assert [str(p) for p in failed[tmp_path / "b.pdf"]] == [
        f"error: {tmp_path / 'b.pdf'}: cannot write the PDF: No space left on device; free some space and build again"
    ]
    assert list(failed) == [tmp_path / "b.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "c.pdf"]


def test_a_file_that_cannot_even_start_fails_at_once(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where the folder should be")
    with pytest.raises(HandoutError) as raised:
        build.Syncing().write(tmp_path / "taken" / "a.pdf", b"%PDF-1.4")
    assert "is a file, not a folder" in str(raised.value.problems[0])

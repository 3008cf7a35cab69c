"""Benchmark: how fast handouts starts, renders and batch-builds on this machine.

Run from the repository root after installing the test extras:

    .venv/bin/python tests/bench.py            # prints a table, writes tests/bench-results.json

Not a test (pytest does not collect it): timings belong to a benchmark, never to a test that
fails on a slow or busy machine. Targets are ratios, so they hold on any machine.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "bench-results.json"
TOPICS = ["flat-feet-back-pain", "footwear-checklist", "sciatica-and-feet", "when-to-see-a-specialist"]
RUNS = 10


def wall(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def alternating(a: list[str], b: list[str], cwd: Path, runs: int = RUNS) -> tuple[float, float]:
    """Median wall times of two commands run in turns (so drift on a busy machine hits both)."""
    wall(a, cwd), wall(b, cwd)  # warm the file cache
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(wall(a, cwd))
        times_b.append(wall(b, cwd))
    return statistics.median(times_a), statistics.median(times_b)


def cold(work: Path) -> dict[str, float]:
    python = sys.executable
    build, floor = alternating(
        [python, "-m", "handouts", "build", "footwear-checklist", "-o", str(work / "cold")],
        [python, "-c", "import reportlab.platypus, yaml, click"],
        work,
    )
    helps, click_floor = alternating([python, "-m", "handouts", "--help"], [python, "-c", "import click"], work)
    return {
        "build_s": build,
        "import_floor_s": floor,
        "build_ratio": build / floor,
        "help_s": helps,
        "click_floor_s": click_floor,
        "help_ratio": helps / click_floor,
    }


def warm() -> dict[str, float]:
    from handouts import library
    from handouts.build import build_handout
    from handouts.loading import load_style, load_topic

    style = load_style(library.BUNDLED / "styles" / "default.yaml")
    per_topic = {}
    for topic in TOPICS:
        loaded = load_topic(library.BUNDLED / "topics" / f"{topic}.yaml")
        build_handout(loaded, style)  # fonts, caches
        times = []
        for _ in range(30):
            start = time.perf_counter()
            build_handout(loaded, style)
            times.append(time.perf_counter() - start)
        per_topic[topic] = statistics.median(times) * 1000
    per_topic["median_ms"] = statistics.median(per_topic[t] for t in TOPICS)
    return per_topic


def batch(work: Path, jobs: int) -> dict[str, float]:
    styles = sorted(p.stem for p in (REPO / "styles").glob("*.yaml"))
    command = [
        sys.executable,
        "-m",
        "handouts",
        "build",
        "--all",
        "--lang",
        "all",
        "--edition",
        "all",
        "--jobs",
        str(jobs),
        "-o",
        str(work / f"batch-{jobs}"),
    ]
    for style in styles:
        command += ["--style", style]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, cwd=work, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    count = len(done.stdout.splitlines())
    return {
        "handouts": count,
        "seconds": seconds,
        "per_second": count / seconds,
        # The largest resident set of any process so far: the parent or one worker.
        "peak_rss_mb": max(peak_kb, before) / 1024,
    }


def main() -> None:
    cpus = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        figures: dict[str, Any] = {
            "machine": {
                "python": platform.python_version(),
                "system": platform.platform(),
                "processor": platform.processor() or platform.machine(),
                "cpus": cpus,
            },
            "cold": cold(work),
            "warm_ms": warm(),
            "batch_jobs_1": batch(work, 1),
            f"batch_jobs_{cpus}": batch(work, cpus),
        }
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    c, w = figures["cold"], figures["warm_ms"]
    rows = [
        (
            "cold build footwear-checklist",
            f"{c['build_s'] * 1000:.0f} ms",
            f"{c['build_ratio']:.2f}x import floor ({c['import_floor_s'] * 1000:.0f} ms)",
            "<= 1.5x",
        ),
        (
            "cold handouts --help",
            f"{c['help_s'] * 1000:.0f} ms",
            f"{c['help_ratio']:.2f}x import click ({c['click_floor_s'] * 1000:.0f} ms)",
            "<= 1.3x",
        ),
        *[(f"warm render {t}", f"{w[t]:.1f} ms", "", "") for t in TOPICS],
        ("warm render, median", f"{w['median_ms']:.1f} ms", "", "<= 12 ms"),
    ]
    for jobs in (1, cpus):
        b = figures[f"batch_jobs_{jobs}"]
        rows.append(
            (
                f"batch --jobs {jobs}",
                f"{b['per_second']:.0f} handouts/s",
                f"{b['handouts']} handouts in {b['seconds']:.2f} s, peak RSS {b['peak_rss_mb']:.0f} MB",
                ">= 100/s with --jobs 2" if jobs == 2 else "",
            )
        )
    width = [max(len(row[i]) for row in rows) for i in range(4)]
    print(f"machine: {figures['machine']}")
    for row in rows:
        print("  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)))
    print(f"written: {RESULTS}")


if __name__ == "__main__":
    main()

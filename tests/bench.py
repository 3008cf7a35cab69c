"""Benchmark: how fast handouts starts, renders, batch-builds and serves on this machine.

Run from the repository root after installing the test extras (about a minute):

    .venv/bin/python tests/bench.py            # prints a table, writes tests/bench-results.json

Not a test (pytest does not collect it): timings belong to a benchmark, never to a test that
fails on a slow or busy machine. Targets are ratios or per-handout times, measured in one run,
so they hold on any machine; commands that are compared run in turns, so drift on a busy
machine hits both. CPU times (user + system) are printed beside wall times: on a machine other
work is using, they show what the process itself cost.
"""

from __future__ import annotations

import compileall
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "bench-results.json"
TOPICS = sorted(p.stem for p in (REPO / "topics").glob("*.yaml") if "." not in p.stem)
STYLES = sorted(p.stem for p in (REPO / "styles").glob("*.yaml"))
COLD_RUNS = 10
WARM_RENDERS = 60
BATCH_RUNS = 3
SERVE_REQUESTS = 60
TARGETS = {
    "warm_render_ms": 12.0,
    "batch_jobs_2_per_second": 100.0,
    "cold_build_ratio": 1.6,
    "help_ratio": 1.3,
    "serve_pdf_ms": 25.0,
    "peak_rss_mb": 100.0,
}


def timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, the process and its children) and stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.stdout


def alternating(a: list[str], b: list[str], cwd: Path, runs: int = COLD_RUNS) -> dict[str, float]:
    """Median wall and CPU times of two commands run in turns."""
    timed(a, cwd), timed(b, cwd)  # the file cache warmed for both
    results: dict[str, list[float]] = {"a": [], "a_cpu": [], "b": [], "b_cpu": []}
    for _ in range(runs):
        for key, command in (("a", a), ("b", b)):
            wall, cpu, _ = timed(command, cwd)
            results[key].append(wall)
            results[key + "_cpu"].append(cpu)
    return {key: statistics.median(values) for key, values in results.items()}


def handouts_command() -> list[str]:
    """The ``handouts`` command as installed beside this Python (as users run it), else ``-m``."""
    script = Path(sys.executable).with_name("handouts")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "handouts"]


def cold(work: Path) -> dict[str, float]:
    python, handouts = sys.executable, handouts_command()
    build = alternating(
        [*handouts, "build", "footwear-checklist", "-o", str(work / "cold")],
        [python, "-c", "import reportlab.platypus, yaml, click"],
        work,
    )
    helps = alternating([*handouts, "--help"], [python, "-c", "import click"], work)
    return {
        "build_s": build["a"],
        "import_floor_s": build["b"],
        "build_ratio": build["a"] / build["b"],
        "build_cpu_ratio": build["a_cpu"] / build["b_cpu"],
        "help_s": helps["a"],
        "click_floor_s": helps["b"],
        "help_ratio": helps["a"] / helps["b"],
        "help_cpu_ratio": helps["a_cpu"] / helps["b_cpu"],
    }


def warm() -> dict[str, float]:
    """Median time of building each bundled topic again in one process (default style)."""
    from handouts import library
    from handouts.build import build_handout
    from handouts.loading import load_style, load_topic

    style = load_style(library.BUNDLED / "styles" / "default.yaml")
    per_topic: dict[str, float] = {}
    for topic in TOPICS:
        loaded = load_topic(library.BUNDLED / "topics" / f"{topic}.yaml")
        build_handout(loaded, style)  # fonts, pictures, caches
        times, cpu = [], []
        for _ in range(WARM_RENDERS):
            start, start_cpu = time.perf_counter(), time.process_time()
            build_handout(loaded, style)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        per_topic[topic] = statistics.median(times) * 1000
        per_topic[topic + " cpu"] = statistics.median(cpu) * 1000
    per_topic["median_ms"] = statistics.median(per_topic[t] for t in TOPICS)
    per_topic["median_cpu_ms"] = statistics.median(per_topic[t + " cpu"] for t in TOPICS)
    per_topic["renders_per_topic"] = WARM_RENDERS
    per_topic["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return per_topic


def doubled_topics(work: Path) -> Path:
    """The bundled topics twice over (each also as ``<id>-copy``): 96 handouts in all styles."""
    folder = work / "topics"
    shutil.copytree(REPO / "topics", folder)
    for file in list(folder.glob("*.yaml")):
        topic_id, _, rest = file.name.partition(".")
        shutil.copy(file, folder / f"{topic_id}-copy.{rest}")
    return folder


PEAK = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"


def batch(work: Path, topics: Path, jobs: int, cold_build_s: float) -> dict[str, float]:
    """Every topic x language x edition x style with ``--jobs``; handouts per second once started."""
    command = [*handouts_command(), "build", "--all", "--topics", str(topics)]
    command += ["--lang", "all", "--edition", "all", "--jobs", str(jobs), "-o", str(work / f"batch-{jobs}")]
    for style in STYLES:
        command += ["--style", style]
    runs = [timed(command, work) for _ in range(BATCH_RUNS)]
    seconds = statistics.median(wall for wall, _, _ in runs)
    count = len(runs[0][2].splitlines())
    # The largest resident set of any one process (the parent or a worker), in a fresh wrapper.
    _, _, peak = timed([sys.executable, "-c", PEAK, *command], work)
    return {
        "handouts": count,
        "seconds": seconds,
        "cpu_seconds": statistics.median(cpu for _, cpu, _ in runs),
        # A cold build is start-up plus one handout: the other handouts took the rest.
        "per_second": (count - 1) / max(seconds - cold_build_s, 1e-9),
        "per_second_with_start": count / seconds,
        "peak_rss_mb": int(peak) / 1024,
    }


def serve() -> dict[str, Any]:
    """PDFs from a warm front desk, through Flask's test client: the same handout asked for again
    (median of 60), and each other topic x style x edition asked for the first time."""
    try:
        from handouts.web import create_app
        from handouts.web.config import DeskConfig
    except ImportError:
        return {"available": False}
    config = DeskConfig(REPO / "topics", REPO / "styles", style_names=tuple(STYLES))
    client = create_app(config, log=False).test_client()

    def get(url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - start
        if response.status_code != 200 or response.mimetype != "application/pdf":
            raise RuntimeError(f"{url}: {response.status_code} {response.mimetype}")
        return seconds

    url = f"/topics/{TOPICS[0]}.pdf"
    get(url)
    again = [get(url) for _ in range(SERVE_REQUESTS)]
    first_time = [
        get(f"/topics/{topic}.pdf?style={style}&edition={edition}")
        for topic in TOPICS
        for style in STYLES
        for edition in ("standard", "large")
        if (topic, style, edition) != (TOPICS[0], "default", "standard")
    ]
    return {
        "available": True,
        "url": url,
        "requests": SERVE_REQUESTS,
        "median_ms": statistics.median(again) * 1000,
        "first_time_handouts": len(first_time),
        "first_time_median_ms": statistics.median(first_time) * 1000,
    }


def main() -> None:
    started = time.perf_counter()
    # Compiled as an install compiles it: with PYTHONDONTWRITEBYTECODE set, a source checkout
    # would otherwise compile every module of the package again in every cold process.
    compileall.compile_dir(REPO / "handouts", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        topics = doubled_topics(work)
        figures: dict[str, Any] = {
            "machine": {
                "python": platform.python_version(),
                "system": platform.platform(),
                "processor": platform.processor() or platform.machine(),
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg()[0],
            },
            "cold": cold(work),
            "warm_ms": warm(),
            "serve": serve(),
        }
        figures["batch_jobs_1"] = batch(work, topics, 1, figures["cold"]["build_s"])
        figures["batch_jobs_2"] = batch(work, topics, 2, figures["cold"]["build_s"])
    figures["targets"] = TARGETS
    figures["seconds"] = time.perf_counter() - started
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(report(figures))
    print(f"written: {RESULTS} ({figures['seconds']:.0f} s)")


def report(figures: dict[str, Any]) -> str:
    c, w, s = figures["cold"], figures["warm_ms"], figures["serve"]
    b1, b2 = figures["batch_jobs_1"], figures["batch_jobs_2"]
    peak = max(b1["peak_rss_mb"], b2["peak_rss_mb"], w["peak_rss_mb"])
    rows = [
        ("measure", "result", "detail", "target"),
        *[
            (
                f"warm render {t}",
                f"{w[t]:.1f} ms",
                f"median of {w['renders_per_topic']}; CPU {w[t + ' cpu']:.1f} ms",
                "",
            )
            for t in TOPICS
        ],
        ("warm render, median of topics", f"{w['median_ms']:.1f} ms", f"CPU {w['median_cpu_ms']:.1f} ms", "<= 12 ms"),
        (
            "cold build footwear-checklist",
            f"{c['build_ratio']:.2f}x import floor",
            f"{c['build_s'] * 1000:.0f} ms vs {c['import_floor_s'] * 1000:.0f} ms; CPU {c['build_cpu_ratio']:.2f}x",
            "<= 1.6x",
        ),
        (
            "cold handouts --help",
            f"{c['help_ratio']:.2f}x import click",
            f"{c['help_s'] * 1000:.0f} ms vs {c['click_floor_s'] * 1000:.0f} ms; CPU {c['help_cpu_ratio']:.2f}x",
            "<= 1.3x",
        ),
        *[
            (
                f"batch --jobs {jobs}",
                f"{b['per_second']:.0f} handouts/s",
                f"{b['handouts']} handouts in {b['seconds']:.2f} s ({b['per_second_with_start']:.0f}/s with start-up)",
                ">= 100/s" if jobs == 2 else "",
            )
            for jobs, b in ((1, b1), (2, b2))
        ],
        (
            "warm serve, PDF",
            f"{s['median_ms']:.1f} ms" if s.get("available") else "n/a",
            (
                f"median of {s['requests']} via Flask's test client; a handout not asked for before:"
                f" {s['first_time_median_ms']:.1f} ms (median of {s['first_time_handouts']})"
            )
            if s.get("available")
            else "no front desk here",
            "<= 25 ms",
        ),
        ("peak memory, one process", f"{peak:.0f} MB", "largest of the batch processes and this one", "<= 100 MB"),
    ]
    width = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [f"machine: {figures['machine']}"]
    lines += ["  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

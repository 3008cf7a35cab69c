"""A real CUPS daemon with two printers, for the printing and front-desk tests.

The daemon runs for the test session (one per xdist worker) from a temporary folder: its own
configuration, spool, state, log and programs folder, listening only on a socket in that folder, so it
never touches the machine's own printers or /etc/cups, and several can run at once. Its two printers
are raw queues whose backend, a small script in that programs folder, saves each job's document
unchanged in the daemon's own output folder. It needs root (cupsd runs as root) and Debian's cups
and cups-client; without them those tests skip.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

FRONT_DESK = "FrontDesk"
OFFICE = "Office"
SYSTEM_PROGRAMS = Path("/usr/lib/cups")  # Debian's CUPS ServerBin: filters, daemons and backends
SBIN = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
JOB_SECONDS = 30


@dataclass(frozen=True)
class Cups:
    """A running CUPS daemon of our own: its folder, socket, spool and the folder its printers print into."""

    root: Path
    socket: Path
    spool: Path
    output: Path

    def env(self) -> dict[str, str]:
        environment = {k: v for k, v in os.environ.items() if k not in ("LPDEST", "PRINTER")}
        return {**environment, "CUPS_SERVER": str(self.socket), "LC_ALL": "C"}

    def tool(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [shutil.which(args[0], path=SBIN) or args[0], *args[1:]]
        return subprocess.run(command, env=self.env(), capture_output=True, text=True, timeout=30, check=check)

    def log(self) -> str:
        log = self.root / "log" / "error_log"
        return log.read_text(errors="replace")[-4000:] if log.exists() else "(no CUPS log)"


def why_cups_cannot_run() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root: cupsd runs as root"
    for tool in ("cupsd", "lp", "lpstat", "lpadmin", "cupsreject"):
        if shutil.which(tool, path=SBIN) is None:
            return f"'{tool}' not found: install Debian's cups and cups-client"
    if not SYSTEM_PROGRAMS.is_dir():
        return f"{SYSTEM_PROGRAMS} is missing: install Debian's cups"
    return None


# A CUPS backend: with no arguments it names its device; with a job (job-id user title copies options
# [file]) it saves the document, unchanged, as <folder>/job_<id>.pdf, the folder being the device
# URI's path. It is run as root (mode 0700), as CUPS runs backends that only root may read.
BACKEND_SCRIPT = """#!/bin/sh
if [ $# -eq 0 ]; then
  echo 'file savepdf "Handouts test printer" "Saves each job as a PDF"'
  exit 0
fi
folder="${DEVICE_URI#savepdf:}"
if [ $# -ge 6 ]; then cat "$6"; else cat; fi > "$folder/.job_$1.part" || exit 1
mv "$folder/.job_$1.part" "$folder/job_$1.pdf"
"""


def programs_folder(root: Path) -> Path:
    """A ServerBin for our daemon: the system's filters and helpers, and only our backend."""
    programs = root / "programs"
    (programs / "backend").mkdir(parents=True)
    for entry in SYSTEM_PROGRAMS.iterdir():
        if entry.name != "backend":
            (programs / entry.name).symlink_to(entry)
    backend = programs / "backend" / "savepdf"
    backend.write_text(BACKEND_SCRIPT)
    backend.chmod(0o700)
    return programs


@pytest.fixture(scope="session")
def cups_daemon() -> Iterator[Cups]:
    """Start cupsd with a configuration of its own and add two printers, FrontDesk the default."""
    reason = why_cups_cannot_run()
    if reason:
        pytest.skip(reason)
    # Not pytest's tmp_path: that is private to root, and CUPS filters run as the user lp.
    root = Path(tempfile.mkdtemp(prefix="handouts-cups-"))
    root.chmod(0o755)
    cups = Cups(root, root / "cups.sock", root / "spool", root / "pdf")
    for folder in ("etc", "spool/tmp", "cache", "state", "log", "pdf"):
        (root / folder).mkdir(parents=True)
    cups.output.chmod(0o1777)
    (root / "etc" / "cupsd.conf").write_text(
        f"Listen {cups.socket}\nLogLevel info\nBrowsing No\nWebInterface No\nDirtyCleanInterval 0\n"
        "PreserveJobHistory Yes\nMaxJobs 0\n<Location />\n  Order allow,deny\n  Allow localhost\n</Location>\n"
    )
    (root / "etc" / "cups-files.conf").write_text(
        f"ServerRoot {root}/etc\nServerBin {programs_folder(root)}\nRequestRoot {cups.spool}\n"
        f"TempDir {cups.spool}/tmp\nCacheDir {root}/cache\nStateDir {root}/state\nErrorLog {root}/log/error_log\n"
        f"AccessLog {root}/log/access_log\nPageLog {root}/log/page_log\nSystemGroup root\n"
    )
    with (root / "log" / "cupsd.out").open("wb") as daemon_output:
        daemon = subprocess.Popen(
            [
                shutil.which("cupsd", path=SBIN) or "cupsd",
                "-f",
                "-c",
                f"{root}/etc/cupsd.conf",
                "-s",
                f"{root}/etc/cups-files.conf",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=daemon_output,
        )
    try:
        deadline = time.monotonic() + 15
        while "scheduler is running" not in cups.tool("lpstat", "-r", check=False).stdout:
            if daemon.poll() is not None or time.monotonic() > deadline:
                pytest.fail("cupsd did not start:\n" + (root / "log" / "cupsd.out").read_text() + cups.log())
            time.sleep(0.1)
        for name in (FRONT_DESK, OFFICE):
            # A raw queue: the handout reaches the backend exactly as the tool sent it.
            cups.tool("lpadmin", "-p", name, "-E", "-v", f"savepdf:{cups.output}", "-m", "raw")
        cups.tool("lpadmin", "-d", FRONT_DESK)
        yield cups
    finally:
        daemon.terminate()
        try:
            daemon.wait(10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def cups(cups_daemon: Cups, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cups:
    """The daemon, with this test's environment pointed at it (and no user default printer)."""
    monkeypatch.setenv("CUPS_SERVER", str(cups_daemon.socket))
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.cups/lpoptions default
    monkeypatch.delenv("LPDEST", raising=False)
    monkeypatch.delenv("PRINTER", raising=False)
    return cups_daemon


def wait_for_pdf(cups: Cups, request: str) -> Path:
    """Wait until CUPS has finished the job; return the PDF that the printer saved for it."""
    number = int(request.rsplit("-", 1)[1])
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        finished = cups.tool("lpstat", "-W", "completed", "-o").stdout.split()
        found = sorted(cups.output.glob(f"*job_{number}.pdf"))
        if request in finished and found:
            return found[0]
        time.sleep(0.1)
    pytest.fail(f"job {request} did not finish within {JOB_SECONDS} s; CUPS log:\n{cups.log()}")


def opened_for_writing(args: tuple[object, ...]) -> bool:
    _, mode, flags = args
    if isinstance(mode, str):
        return any(letter in mode for letter in "wax+")
    return isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND))


def file_system_now() -> float:
    """Now, by the clock file times are set with: with the process's clock faked (faketime), time.time()
    is not when files are written."""
    with tempfile.TemporaryDirectory() as folder:
        return os.stat(folder).st_mtime


def files_mentioning(text: str, roots: list[Path], since: float, skip: Path) -> list[Path]:
    """Files changed since ``since`` whose bytes, or whose text as a PDF, contain ``text``."""
    found: set[Path] = set()
    for root in roots:
        for folder, folders, files in os.walk(root):
            folders[:] = [name for name in folders if Path(folder, name) != skip]
            for name in files:
                path = Path(folder, name)
                try:
                    info = path.lstat()
                    if not stat.S_ISREG(info.st_mode) or max(info.st_mtime, info.st_ctime) < since - 1:
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue
                if text.encode() in data or (b"%PDF" in data[:1024] and text in _pdf_text_or_nothing(data)):
                    found.add(path)
    return sorted(found)


def _pdf_text_or_nothing(data: bytes) -> str:
    from .conftest import pdf_text  # (conftest imports this module for its fixtures)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pdf_text(data)
        except Exception:
            return ""

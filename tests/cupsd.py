"""A real CUPS daemon with two CUPS-PDF printers, for the printing and front-desk tests.

The daemon runs for the test session from a temporary folder and listens only on a socket in it, so
it never touches the machine's own printers. It needs root (cupsd and the CUPS-PDF backend run as
root) and Debian's cups, cups-client and printer-driver-cups-pdf; without them those tests skip.
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
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
SBIN = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
JOB_SECONDS = 30


@dataclass(frozen=True)
class Cups:
    """A running CUPS daemon of our own: its folder, socket, spool and CUPS-PDF's output folder."""

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
        return "needs root: cupsd and the CUPS-PDF backend run as root"
    for tool in ("cupsd", "lp", "lpstat", "lpadmin", "lpinfo", "cupsreject"):
        if shutil.which(tool, path=SBIN) is None:
            return f"'{tool}' not found: install Debian's cups and cups-client"
    if not BACKEND.exists() or not Path("/etc/cups").is_dir():
        return "the CUPS-PDF backend is missing: install Debian's printer-driver-cups-pdf"
    return None


@pytest.fixture(scope="session")
def cups_daemon() -> Iterator[Cups]:
    """Start cupsd with a temporary configuration and add two CUPS-PDF printers, FrontDesk the default."""
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
        f"ServerRoot {root}/etc\nRequestRoot {cups.spool}\nTempDir {cups.spool}/tmp\nCacheDir {root}/cache\n"
        f"StateDir {root}/state\nErrorLog {root}/log/error_log\nAccessLog {root}/log/access_log\n"
        f"PageLog {root}/log/page_log\nSystemGroup root\n"
    )
    # CUPS-PDF reads /etc/cups/cups-pdf-<instance>.conf for the printer cups-pdf:/<instance>.
    instance = f"handoutstest{os.getpid()}"
    pdf_conf = Path("/etc/cups") / f"cups-pdf-{instance}.conf"
    pdf_conf.write_text(f"Out {cups.output}\nAnonDirName {cups.output}\nLabel 0\n")
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
        models = cups.tool("lpinfo", "-m").stdout.splitlines()
        ppds = [line.split()[0] for line in models if "CUPS-PDF" in line]
        assert ppds, "lpinfo -m lists no CUPS-PDF driver"
        ppd = min(ppds, key=lambda name: "_opt" not in name)  # prefer CUPS-PDF_opt.ppd
        for name in (FRONT_DESK, OFFICE):
            cups.tool("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{instance}", "-m", ppd)
        cups.tool("lpadmin", "-d", FRONT_DESK)
        yield cups
    finally:
        daemon.terminate()
        try:
            daemon.wait(10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        pdf_conf.unlink(missing_ok=True)
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
    """Wait until CUPS has finished the job; return the PDF that CUPS-PDF wrote for it."""
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

"""Helpers for the front-desk tests: the app, its forms' CSRF token, and a real server process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from handouts.web import create_app
from handouts.web.config import DeskConfig

from .conftest import STYLES, TOPICS

START_SECONDS = 30


def desk_app(
    topics: Path = TOPICS,
    styles: Path = STYLES,
    *,
    style_names: tuple[str, ...] = ("default",),
    passphrase: str | None = None,
) -> Flask:
    config = DeskConfig(topics, styles, style_names=style_names, passphrase=passphrase)
    return create_app(config, log=False)


def csrf_token(client: FlaskClient, path: str = "/topics/footwear-checklist") -> str:
    """The token a form on ``path`` carries (the desk refuses a POST without it)."""
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


@dataclass
class Server:
    """``handouts serve`` running in its own process; what it printed is collected as it runs."""

    process: subprocess.Popen[str]
    url: str
    output: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.output)


@contextmanager
def serving(*args: str, cwd: Path, env: dict[str, str]) -> Iterator[Server]:
    """Start ``handouts serve --port 0 ARGS`` and stop it with Ctrl-C (SIGINT) afterwards."""
    command = [sys.executable, "-m", "handouts", "serve", "--port", "0", *args]
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.fullmatch(r"Serving on (http://127\.0\.0\.1:\d+/)\n", first)
    if not found:
        process.kill()
        raise AssertionError(f"handouts serve printed {first!r} first; then:\n{process.stdout.read()}")
    server = Server(process, found.group(1), [first])
    reader = threading.Thread(target=lambda: server.output.extend(process.stdout or []), daemon=True)
    reader.start()
    try:
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(START_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(5)
        process.stdout.close()


def server_env(home: Path, temp: Path, **extra: str) -> dict[str, str]:
    """A server environment whose home and temporary folder are the test's own."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HANDOUTS_")}
    return {**environment, "HOME": str(home), "TMPDIR": str(temp), "PYTHONDONTWRITEBYTECODE": "1", **extra}

"""Run the front desk with waitress (a production WSGI server) until Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import sys
import webbrowser
from types import FrameType

from ..errors import HandoutError, Problem
from . import create_app
from .config import DeskConfig, is_loopback

THREADS = 8  # a few browsers at the desk, each fetching a page and its preview pictures at once


def serve(config: DeskConfig, host: str, port: int, *, open_browser: bool = False) -> None:
    """Print ``Serving on http://HOST:PORT/`` (the real port when ``port`` is 0), then serve."""
    from waitress import create_server

    app = create_app(config, loopback_only=is_loopback(host))
    server = create_server(app, sockets=[_listen(host, port)], threads=THREADS, ident="handouts")
    shown = f"[{server.effective_host}]" if ":" in str(server.effective_host) else server.effective_host
    url = f"http://{shown}:{server.effective_port}/"
    print(f"Serving on {url}", flush=True)
    print("Press Ctrl-C to stop.", file=sys.stderr, flush=True)
    if open_browser:
        webbrowser.open(url)

    def stop(number: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr, flush=True)
    finally:
        server.close()


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, opened here so a port in use is one error line (and waitress starts
    no threads for a server that cannot run)."""
    address = host.strip("[]")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        return socket.create_server((address, port), family=family)
    except OSError as error:
        why = os.strerror(error.errno) if error.errno else str(error)  # (strerror names the address again)
        hint = "; is the front desk already running? Use it, or choose another --port" if port else ""
        raise HandoutError([Problem(f"cannot listen on {host} port {port}: {why}{hint}")]) from None

"""Run the front desk with waitress (a production WSGI server) until Ctrl-C."""

from __future__ import annotations

import signal
import sys
import webbrowser
from types import FrameType

from . import create_app
from .config import DeskConfig, is_loopback

THREADS = 8  # a few browsers at the desk, each fetching a page and its preview pictures at once


def serve(config: DeskConfig, host: str, port: int, *, open_browser: bool = False) -> None:
    """Print ``Serving on http://HOST:PORT/`` (the real port when ``port`` is 0), then serve."""
    from waitress import create_server

    app = create_app(config, loopback_only=is_loopback(host))
    server = create_server(app, host=host, port=port, threads=THREADS, ident="handouts")
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

"""The front desk: a small web app over the same library functions as the CLI (``handouts serve``).

``create_app`` is the app factory (as in Flask's tutorial app): the routes are in ``routes``,
the passphrase, form protection and headers in ``guard``, file reading in ``catalogue`` and
building and printing in ``desk``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sys
from collections.abc import Callable

from flask import Flask, render_template
from werkzeug.exceptions import SecurityError

from .. import clock
from ..errors import HandoutError
from ..markup import plain
from . import guard, routes
from .catalogue import language_name
from .config import DeskConfig
from .desk import Desk

LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1"]


def create_app(
    config: DeskConfig, *, loopback_only: bool = True, today: Callable[[], dt.date] = clock.today, log: bool = True
) -> Flask:
    """The front-desk app. ``loopback_only``: answer only requests addressed to this computer
    (a web page elsewhere cannot reach the desk by pointing a name of its own at 127.0.0.1)."""
    app = Flask(__name__)
    app.config.update(
        # A new key at every start: nothing signed outlives the server (signing in again is enough).
        SECRET_KEY=secrets.token_bytes(32),
        MAX_CONTENT_LENGTH=64 * 1024,  # the forms hold a few choices and three short lines
        TRUSTED_HOSTS=LOOPBACK_NAMES if loopback_only else None,
    )
    app.extensions["handouts_desk"] = Desk(config, today)
    app.jinja_env.filters["plain"] = plain
    app.jinja_env.filters["language_name"] = language_name
    guard.install(app, config)
    app.register_blueprint(routes.blueprint)
    if log:
        guard.log_requests(app)

    @app.errorhandler(HandoutError)
    def problem(error: HandoutError) -> tuple[str, int]:
        lines = [str(problem) for problem in error.problems]
        return render_template("problem.html", heading="This cannot be done", lines=lines), 422

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError) -> tuple[str, int, dict[str, str]]:
        # Raised before any route matched, so no page (which links to routes) can be drawn.
        line = "error: this front desk answers only at 127.0.0.1 or localhost; use that address\n"
        return line, 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(404)
    def not_found(error: Exception) -> tuple[str, int]:
        return render_template("problem.html", heading="Page not found", lines=[]), 404

    @app.errorhandler(Exception)
    def internal(error: Exception) -> tuple[str, int]:
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return render_template("problem.html", heading=error.name, lines=[]), error.code or 500
        # Only the kind of error goes to the log: its message could hold what was typed in a form.
        print(f"error: internal error ({type(error).__name__})", file=sys.stderr, flush=True)
        line = f"error: internal error ({type(error).__name__}); please tell whoever looks after this computer"
        return render_template("problem.html", heading="Something went wrong", lines=[line]), 500

    return app

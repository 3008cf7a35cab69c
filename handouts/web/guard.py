"""What keeps the front desk safe: the passphrase, forms from this site only, no caching of
patient details, and an access log that names no patient (method, path and status only)."""

from __future__ import annotations

import datetime as dt
import hmac
import sys
import time
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect

from .config import DeskConfig

blueprint = Blueprint("guard", __name__)
SIGNED_IN = "signed_in"
WRONG_PASSPHRASE_SECONDS = 1.0
_OPEN = {"guard.sign_in", "static", "desk.font"}  # what a browser may fetch before signing in


def install(app: Flask, config: DeskConfig) -> None:
    app.config.update(
        # Flask signs its session cookie (itsdangerous) and refuses one older than this.
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=config.signed_in_hours),
        SESSION_COOKIE_NAME="handouts_desk",
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the signed session: a page left open all day still prints
    )
    CSRFProtect(app)
    app.register_blueprint(blueprint)

    @app.before_request
    def ask_for_the_passphrase() -> ResponseReturnValue | None:
        if config.passphrase is None or session.get(SIGNED_IN) or request.endpoint in _OPEN:
            return None
        return redirect(url_for("guard.sign_in", next=_local(request.full_path.rstrip("?"))))

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault(  # (the HTML edition sets its own: it is one self-contained page)
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'",
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if request.method == "POST" or "Cache-Control" not in response.headers:
            # POST responses can carry the patient's details; pages must show what is on disk now.
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(CSRFError)
    def forged(error: CSRFError) -> tuple[str, int]:
        message = "this form is out of date or came from another site; reload the page and try again"
        return render_template("problem.html", heading="Please reload the page", lines=[f"error: {message}"]), 400


def log_requests(app: Flask) -> None:
    """One line per request on standard error: method, path and status, never a query or a body."""

    @app.after_request
    def log(response: Response) -> Response:
        print(f"{request.method} {request.path} {response.status_code}", file=sys.stderr, flush=True)
        return response


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    from flask import current_app

    config: DeskConfig = current_app.extensions["handouts_desk"].config
    target = _local(request.values.get("next", "/"))
    if config.passphrase is None:
        return redirect(target)
    if request.method == "POST":
        given = request.form.get("passphrase", "")
        if hmac.compare_digest(given.encode(), config.passphrase.encode()):
            session.clear()
            session[SIGNED_IN] = True
            session.permanent = True
            return redirect(target)
        time.sleep(WRONG_PASSPHRASE_SECONDS)  # guessing the passphrase takes a second a try
        return render_template("sign_in.html", next=target, wrong=True), 403
    return render_template("sign_in.html", next=target, wrong=False)


def _local(target: str) -> str:
    """Only a path on this site: never send a browser elsewhere after signing in."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target

"""How the front desk was started: folders, styles, printer and the passphrase (if any)."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import HandoutError, Problem

PASSPHRASE_VARIABLE = "HANDOUTS_PASSPHRASE"
SHORTEST_PASSPHRASE = 8
_LONGEST_FILE = 4096  # a passphrase file is a line of text, not a document


@dataclass(frozen=True)
class DeskConfig:
    """Settings of one running front desk. ``passphrase`` None: no sign-in (loopback only)."""

    topics_dir: Path
    styles_dir: Path
    style_names: tuple[str, ...] = ("default",)
    printer: str | None = None
    passphrase: str | None = field(default=None, repr=False)
    signed_in_hours: int = 12  # a working day: the receptionist signs in once each morning


def is_loopback(host: str) -> bool:
    """Whether only this computer can reach ``host`` (127.0.0.1, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may well be reachable from the network


def read_passphrase(file: Path | None) -> str | None:
    """The passphrase from ``--passphrase-file`` (its first line) or the environment, else None."""
    if file is not None:
        try:
            if not file.is_file():
                raise HandoutError([Problem("the passphrase file is not a regular file", file)])
            with file.open("rb") as handle:
                data = handle.read(_LONGEST_FILE + 1)
        except OSError as error:
            raise HandoutError([Problem(f"cannot read the passphrase file: {error.strerror or error}", file)]) from None
        if len(data) > _LONGEST_FILE:
            raise HandoutError([Problem("the passphrase file is too long; put the passphrase on one line", file)])
        lines = data.decode("utf-8", "replace").splitlines()
        phrase = lines[0].strip() if lines else ""
        where = f"the passphrase file {file}"
    else:
        phrase = os.environ.get(PASSPHRASE_VARIABLE, "").strip()
        if not phrase:
            return None
        where = PASSPHRASE_VARIABLE
    if len(phrase) < SHORTEST_PASSPHRASE:
        raise HandoutError(
            [Problem(f"the passphrase in {where} is too short; use at least {SHORTEST_PASSPHRASE} characters")]
        )
    return phrase


def check_host(host: str, passphrase: str | None) -> None:
    """Refuse to serve the clinic's network without a passphrase."""
    if not is_loopback(host) and passphrase is None:
        raise HandoutError(
            [
                Problem(
                    f"--host {host} lets other computers reach the front desk, so it needs a passphrase: "
                    f"use --passphrase-file FILE or set {PASSPHRASE_VARIABLE}"
                )
            ]
        )

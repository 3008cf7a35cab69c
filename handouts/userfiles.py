"""Reading a file a user named: only regular files, never more than a limit, never a hang.

``Path.read_bytes`` trusts the file: a FIFO blocks forever, ``/dev/zero`` (or a symlink to it)
reports a size of 0 and never ends, and a device may do anything. Here the file is opened
without blocking, checked with ``fstat`` on the open descriptor (so it cannot be swapped after
the check), and read with a real byte limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class UnreadableFile(Exception):
    """A file that is not read, with why in the user's words (never the file's contents).

    The message follows the file's name or what it is for: "logo is a folder, not a file"."""

    def __init__(self, message: str, *, too_big: bool = False) -> None:
        super().__init__(message)
        self.message, self.too_big = message, too_big


def describe_size(limit: int) -> str:
    """1_000_000 -> "1 MB"; 300_000 -> "300 KB"."""
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1_000} KB"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them, or UnreadableFile."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        raise UnreadableFile("file not found") from None
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror or error}") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"is not a regular file ({_kind(info.st_mode)}), so it is not read")
        if info.st_size > limit:
            raise UnreadableFile(_too_big(info.st_size, limit), too_big=True)
        chunks: list[bytes] = []
        total = 0
        while True:  # the size may have grown since fstat: count what is really read
            chunk = os.read(handle, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(_too_big(total, limit, more=True), too_big=True)
        return b"".join(chunks)
    except OSError as error:
        if error.errno == errno.EISDIR:
            raise UnreadableFile("is a folder, not a file") from None
        raise UnreadableFile(f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(handle)


def _too_big(size: int, limit: int, more: bool = False) -> str:
    size_text = f"more than {limit:,}" if more else f"{size:,}"
    return f"is {size_text} bytes, over the limit of {limit:,} ({describe_size(limit)}), so it is not read"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"

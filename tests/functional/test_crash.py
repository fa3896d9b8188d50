"""A verdict whose confirmation flashed survives `kill -9` of the TUI (a real process, a pty)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

import pytest

from workbench.store import Store


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} never appeared; last output: {seen[-400:]!r}")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_flashed_verdicts_survive_kill_9(seed_copy):
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real TUI on a 100x30 terminal
        os.environ.update({"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"})
        os.execv(sys.executable, [sys.executable, "-m", "workbench", "--db", str(seed_copy),
                                  "--reviewer", "ann", "review"])  # fmt: skip
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        _read_until(fd, b"reviewed 0 of", timeout=60)
        _read_until(fd, b"Title", timeout=30)  # the claim pane shows the first claim
        os.write(fd, b"2")
        _read_until(fd, b"Saved mostly-true", timeout=30)
        os.write(fd, b"5")
        _read_until(fd, b"Saved false", timeout=30)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.close(fd)
    store = Store.open(seed_copy)
    got = sorted(
        v.label for row in store.pages.page(limit=200) for v in store.reviews.verdicts(row.id)
    )
    assert got == ["false", "mostly-true"]

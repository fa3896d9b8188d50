"""Two reviewers in two real TUIs on one database, ten keys a second each, while a
third process ingests a folder of articles: every keypress saved, the ingest done,
every claim clustered. Prints the counts.

    .venv/bin/python benches/bench_concurrency.py [--seconds 20] [--articles 30]

The reviewers are `workbench review` processes on pseudo-terminals (as a person runs
them); the articles are bodies from ../shared/data/news-pages written as .txt files.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pty
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "data" / "news-pages" / "ground-truth.json"
sys.path.insert(0, str(ROOT / "benches"))

from make_db import build  # noqa: E402


def drain(fd: int, seconds: float) -> bytes:
    out = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    return out


def start_tui(db: Path, reviewer: str) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update({"TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"})
        os.execv(sys.executable, [sys.executable, "-m", "workbench", "--db", str(db),
                                  "--reviewer", reviewer, "review"])  # fmt: skip
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    deadline = time.monotonic() + 90
    while b"Title" not in seen and time.monotonic() < deadline:
        seen += drain(fd, 0.2)
    return pid, fd


def count(db: Path, sql: str, params: tuple = ()) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute(sql, params).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=10.0, help="keys per second per reviewer")
    parser.add_argument("--articles", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "shared.db"
        build(5000, db, reviewed=0.0)
        folder = Path(tmp) / "articles"
        folder.mkdir()
        pages = json.loads(PAGES.read_text(encoding="utf-8"))
        for i, (key, page) in enumerate(list(pages.items())[: args.articles]):
            (folder / f"{i:03d}_{key}.txt").write_text(page["articleBody"], encoding="utf-8")
        tuis = {name: start_tui(db, name) for name in ("ann", "bob")}
        ingest = subprocess.Popen(
            [sys.executable, "-m", "workbench", "--db", str(db), "ingest", str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        sent = dict.fromkeys(tuis, 0)
        keys = b"12345uox"
        started = time.monotonic()
        tick = 1 / args.rate
        n = 0
        while time.monotonic() - started < args.seconds:
            for name, (_, fd) in tuis.items():
                os.write(fd, keys[n % len(keys) : n % len(keys) + 1])
                sent[name] += 1
            n += 1
            for _, fd in tuis.values():
                drain(fd, 0)
            time.sleep(max(0.0, started + n * tick - time.monotonic()))
        # Let the last writes land, then quit (q waits for pending writes).
        for name, (_, fd) in tuis.items():
            deadline = time.monotonic() + 60
            while (
                time.monotonic() < deadline
                and count(
                    db,
                    "SELECT count(*) FROM events WHERE reviewer = ? AND kind = 'verdict'",
                    (name,),
                )
                < sent[name]
            ):
                drain(fd, 0.2)
            os.write(fd, b"q")
        for pid, fd in tuis.values():
            drain(fd, 1.0)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            os.close(fd)
        _, err = ingest.communicate(timeout=600)
        saved = {
            name: count(db, "SELECT count(*) FROM events WHERE reviewer = ? AND kind = 'verdict'",
                        (name,))
            for name in tuis
        }  # fmt: skip
        claims = count(db, "SELECT count(*) FROM claims")
        top = count(db, "SELECT coalesce(max(num), 0) FROM claims")
        upto = count(db, "SELECT upto FROM cluster_state")
        print(f"keys sent at {args.rate:g}/s for {args.seconds:g} s: {sent}")
        print(f"verdict events saved: {saved}; lost: "
              f"{ {k: sent[k] - saved[k] for k in sent} }")  # fmt: skip
        print(f"ingest exit status {ingest.returncode}: {err.strip().splitlines()[-1:]}")
        print(
            f"claims {claims}; clustered up to claim {upto} of {top}: "
            f"{'every claim clustered' if upto == top else 'NOT all clustered'}"
        )
        if ingest.returncode != 0 or any(sent[k] != saved[k] for k in sent) or upto != top:
            sys.exit(1)


if __name__ == "__main__":
    main()

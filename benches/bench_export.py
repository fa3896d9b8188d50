"""Export speed and memory: JSONL and Parquet of a big reviewed database.

    .venv/bin/python benches/make_db.py --claims 1000000 --reviewed 1 --out /tmp/wb-1m-reviewed.db
    .venv/bin/python benches/bench_export.py /tmp/wb-1m-reviewed.db

Each export runs in a child process (`workbench export ... -o FILE`), timed
from start to exit, with the child's peak resident memory. The same export of
the first tenth of the claims (`--min-score 0.9`) shows whether memory grows
with the export's size: streamed, it should not.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path


def run(db: Path, fmt: str, out: Path, *extra: str) -> tuple[float, float, str]:
    """Time one export in a fresh child and read that child's own peak RSS."""
    command = [sys.executable, "-m", "workbench", "--db", str(db), "export", "--format", fmt,
               "--reviewed", "-o", str(out), *extra]  # fmt: skip
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True)\n"
        "print(time.perf_counter() - t)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(p.stderr.strip().splitlines()[-1])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True,
                          text=True, check=True)  # fmt: skip
    seconds, peak_kb, message = done.stdout.strip().split("\n", 2)
    return float(seconds), int(peak_kb) / 1024, message


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, suffix in (("jsonl", ".jsonl"), ("parquet", ".parquet")):
            out = Path(tmp) / f"small{suffix}"
            small_s, small_mb, small_msg = run(args.db, fmt, out, "--min-score", "0.9")
            out.unlink()
            out = Path(tmp) / f"all{suffix}"
            all_s, all_mb, all_msg = run(args.db, fmt, out)
            size = out.stat().st_size / 1e6
            print(
                f"{fmt:8} all:   {all_s:6.1f} s  peak RSS {all_mb:6.0f} MB  "
                f"{size:6.0f} MB written  ({all_msg})"
            )
            print(f"{fmt:8} tenth: {small_s:6.1f} s  peak RSS {small_mb:6.0f} MB  ({small_msg})")


if __name__ == "__main__":
    main()

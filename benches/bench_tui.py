"""How the review TUI feels on a big database, measured headless.

    .venv/bin/python benches/make_db.py --claims 1000000 --out /tmp/wb-1m.db
    .venv/bin/python benches/bench_tui.py /tmp/wb-10k.db /tmp/wb-1m.db

For each database: time from creating the app to the first painted claim row,
time per cursor move and per page move (key press to the screen settled), the
jump to the last claim, and time from a verdict key to its committed, durable
row (WAL, synchronous=FULL). Medians and 95th percentiles over many presses.
Each database is copied first, so the verdicts never touch the original.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from workbench.config import load_settings
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.claim_list import ClaimList

PAUSE = 0.05


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def first_paint(db: Path) -> float:
    started = time.perf_counter()
    app = WorkbenchApp(load_settings(db=db, reviewer="bench"))
    async with app.run_test(size=(120, 40)) as pilot:
        claims = app.screen.query_one(ClaimList)
        while claims.first_paint_at is None:
            await asyncio.sleep(0.001)
        elapsed = (claims.first_paint_at - started) * 1000
        await pilot.press("q")
    return elapsed


async def measure(db: Path, moves: int, pages: int, verdicts: int) -> dict[str, float]:
    started = time.perf_counter()
    app = WorkbenchApp(load_settings(db=db, reviewer="bench"))
    out: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        claims = app.screen.query_one(ClaimList)
        while claims.first_paint_at is None:
            await asyncio.sleep(0.001)
        out["first_paint_ms"] = (claims.first_paint_at - started) * 1000
        await pilot.pause(0.3)

        async def timed(key: str, n: int) -> list[float]:
            """Key press to the new cursor row painted (not to the pane, which follows)."""
            times = []
            for _ in range(n):
                t = time.perf_counter()
                await pilot.press(key)
                await pilot.pause(PAUSE)  # let the pane follow, so moves do not overlap
                times.append((claims.cursor_painted_at - t) * 1000)
            return times

        down = await timed("down", moves)
        out["cursor_ms_median"], out["cursor_ms_p95"] = statistics.median(down), _pct(down, 0.95)
        page = await timed("pagedown", pages)
        out["page_ms_median"], out["page_ms_p95"] = statistics.median(page), _pct(page, 0.95)
        t = time.perf_counter()
        await pilot.press("end")
        while claims.row(claims.cursor) is None:
            await asyncio.sleep(0.001)
        out["jump_to_end_ms"] = (time.perf_counter() - t) * 1000
        await pilot.press("home")
        while claims.row(claims.cursor) is None:
            await asyncio.sleep(0.001)
        screen = app.screen
        for _ in range(verdicts):
            before = len(screen.commit_ms)
            await pilot.press("1")
            while len(screen.commit_ms) == before:
                await asyncio.sleep(0.0005)
        commits = screen.commit_ms
        out["verdict_ms_median"], out["verdict_ms_p95"] = (
            statistics.median(commits), _pct(commits, 0.95))  # fmt: skip
        out["claims_shown"] = claims.total
        await pilot.press("q")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="+", type=Path)
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--verdicts", type=int, default=50)
    args = parser.parse_args()
    results = {}
    for db in args.databases:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / db.name
            shutil.copy(db, copy)
            results[db.name] = asyncio.run(measure(copy, args.moves, args.pages, args.verdicts))
            # Start-up is a single event: the median of five starts, not one noisy draw.
            starts = [asyncio.run(first_paint(copy)) for _ in range(5)]
            results[db.name]["first_paint_ms"] = statistics.median(starts)
    keys = list(next(iter(results.values())))
    print(f"{'':22}" + "".join(f"{name:>16}" for name in results))
    for key in keys:
        print(f"{key:22}" + "".join(f"{r[key]:>16.2f}" for r in results.values()))
    if len(results) >= 2:
        small, big = next(iter(results.values())), list(results.values())[-1]
        for key in ("first_paint_ms", "cursor_ms_median", "page_ms_median", "verdict_ms_median"):
            print(f"ratio big/small {key:20} {big[key] / small[key]:.2f}")


if __name__ == "__main__":
    main()

"""Writers that never fail under a second writer: processes and threads hammering one
database file, with an ingest alongside, lose nothing.

Before writes began IMMEDIATE, a deferred BEGIN that read and then wrote was refused
at once (no busy wait) whenever another connection had committed in between: scripts
writing through the Store lost 38-46% of their writes this way.
"""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

from tests.helpers import make_claim, make_document
from workbench.store import Store

WRITES = 150


def _reviewer(path: str, reviewer: str, ids: list[str], errors: list[str]) -> None:
    store = Store.open(path)
    try:
        for i, claim in enumerate(ids):
            try:
                # A verdict, and every tenth an undo and a redo: each reads before it writes.
                store.reviews.set_verdict(claim, reviewer, "true" if i % 2 else "false")
                if i % 10 == 0:
                    store.reviews.undo(reviewer)
                    store.reviews.redo(reviewer)
            except Exception as exc:  # every failure counts, whatever it is
                errors.append(f"{reviewer}: {exc}")
    finally:
        store.close()


def _process_reviewer(path: str, reviewer: str, ids: list[str], queue) -> None:
    errors: list[str] = []
    _reviewer(path, reviewer, ids, errors)
    queue.put(errors)


def _ingester(path: str, count: int, queue) -> None:
    store = Store.open(path)
    errors = []
    for i in range(count):
        doc = make_document(f"Report {i}: the council approved {i} new homes on Monday.")
        try:
            store.claims.add_document(doc, [make_claim(doc)])
        except Exception as exc:
            errors.append(f"ingest: {exc}")
    store.close()
    queue.put(errors)


def _seed(path: Path, n: int) -> list[str]:
    store = Store.open(path)
    ids = []
    for i in range(n):
        doc = make_document(f"Claim number {i}: the ministry said {i} people were hurt.")
        claim = make_claim(doc)
        store.claims.add_document(doc, [claim])
        ids.append(claim.id)
    store.close()
    return ids


def test_processes_and_threads_lose_no_write(tmp_path, capsys):
    path = tmp_path / "shared.db"
    ids = _seed(path, WRITES)
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_process_reviewer, args=(str(path), name, ids, queue))
        for name in ("ann", "bob")
    ]
    procs.append(ctx.Process(target=_ingester, args=(str(path), 60, queue)))
    thread_errors: list[str] = []
    threads = [
        threading.Thread(target=_reviewer, args=(str(path), name, ids, thread_errors))
        for name in ("cy", "dee")
    ]
    for p in procs:
        p.start()
    for t in threads:
        t.start()
    errors = [e for _ in procs for e in queue.get(timeout=300)]
    for p in procs:
        p.join(timeout=60)
    for t in threads:
        t.join(timeout=300)
    errors += thread_errors
    store = Store.open(path)
    stats = store.stats()
    counts = {name: store.reviews.reviewed_count(name) for name in ("ann", "bob", "cy", "dee")}
    events = store.reviews.event_count()
    store.close()
    with capsys.disabled():
        print(f"\n4 reviewers x {WRITES} verdicts (+undo/redo) and 60 documents ingested at once: "
              f"verdicts {counts}, events {events}, documents {stats.documents}, "
              f"failed writes {len(errors)}")  # fmt: skip
    assert errors == []
    assert all(p.exitcode == 0 for p in procs)
    assert counts == {name: WRITES for name in counts}
    # Each reviewer: a verdict per claim, and an undo and a redo every tenth claim.
    assert events == 4 * (WRITES + 2 * len(range(0, WRITES, 10)))
    assert stats.documents == WRITES + 60

"""Database work off the UI thread: a queue of jobs served by one worker thread.

Each channel owns one connection (one connection per thread) and runs jobs in
the order they were submitted, which is what makes "verdict, then undo"
safe to type as fast as a reviewer can.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import get_current_worker

from workbench.store import Store

Job = Callable[[Store], Message | None]


class DbChannel:
    def __init__(self, path: Path, name: str, *, migrate: bool = False,
                 after: DbChannel | None = None) -> None:  # fmt: skip
        self.path = path
        self.name = name
        self.migrate = migrate
        """Bring the schema up to date on open (one channel does it; the others wait)."""
        self.after = after
        self.ready = threading.Event()
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._done = threading.Event()
        self._closed = False

    def submit(self, job: Callable[[Store], Any], reply: Callable[[Any], Message] | None = None,
               ) -> None:  # fmt: skip
        """Run ``job(store)`` in the channel's thread; post its message, or ``reply`` to its
        result (the review session's jobs return plain values)."""
        self._jobs.put(job if reply is None else lambda store: reply(job(store)))

    def serve(self, target: MessagePump) -> None:
        """The worker body: run jobs until closed, posting each job's message to ``target``."""
        from workbench.tui.messages import DbFailed

        worker = get_current_worker()
        if self.after is not None:
            self.after.ready.wait(30)
        try:
            store = Store.open(self.path, migrate=self.migrate)
        except Exception as exc:
            target.post_message(DbFailed(f"{self.path}: cannot open the database: {exc}"))
            self._done.set()
            self.ready.set()
            return
        self.ready.set()
        try:
            while True:
                try:
                    job = self._jobs.get(timeout=0.25)
                except queue.Empty:
                    # The screen is gone however the app ended: nothing will submit again.
                    if worker.is_cancelled or not target.is_running:
                        return
                    continue
                if job is None:
                    return
                try:
                    message = job(store)
                except Exception as exc:  # reported in the UI, never swallowed
                    message = DbFailed(f"{type(exc).__name__}: {exc}")
                if message is not None:
                    target.post_message(message)
        finally:
            store.close()
            self._done.set()

    def close(self, wait: float = 5.0) -> bool:
        """Stop after the jobs already submitted; True when they all finished."""
        if not self._closed:
            self._closed = True
            self._jobs.put(None)
        return self._done.wait(wait)

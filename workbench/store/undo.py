"""Undo and redo, resolved: the one definition of which events are in effect.

An ``undo`` event takes back its ``target``; a ``redo`` names the undo it cancels,
which puts that undo's target back. Everything that needs the live state (current
verdicts, the export's evidence and history, the SQL that builds exports) follows
``undone``; a property test holds the SQL variant equal to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol, TypeVar

from workbench.models import UNDOABLE_KINDS


class EventLike(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def body(self) -> dict[str, Any]: ...


E = TypeVar("E", bound=EventLike)


def undone(events: Iterable[tuple[int | None, str, Any]]) -> set[int]:
    """Ids of the events taken back by an undo that no redo cancelled.

    ``events`` are (id, kind, body) in the order they were appended."""
    taken: set[int] = set()
    target_of: dict[int, int] = {}
    for event_id, kind, body in events:
        if kind == "undo" and event_id is not None:
            target_of[event_id] = body["target"]
            taken.add(body["target"])
        elif kind == "redo":
            taken.discard(target_of.get(body["target"], -1))
    return taken


def effective(events: list[E]) -> list[E]:
    """The undoable events still in effect, in order."""
    gone = undone((e.id, e.kind, e.body) for e in events)
    return [e for e in events if e.kind in UNDOABLE_KINDS and e.id not in gone]


def undo_target(newest_first: Iterator[E]) -> E | None:
    """The change a reviewer's next undo takes back, from their events newest first:
    a redo cancels the undo it names, a live undo hides its target."""
    cancelled: set[int] = set()
    hidden: set[int] = set()
    for event in newest_first:
        if event.kind == "redo":
            cancelled.add(event.body["target"])
        elif event.kind == "undo":
            if event.id not in cancelled:
                hidden.add(event.body["target"])
        elif event.id not in hidden:
            return event
    return None


def redo_target(newest_first: Iterator[E]) -> E | None:
    """The undo a reviewer's next redo cancels: their last live undo, unless a change
    came after it."""
    cancelled: set[int] = set()
    for event in newest_first:
        if event.kind == "redo":
            cancelled.add(event.body["target"])
        elif event.kind == "undo":
            if event.id not in cancelled:
                return event
        else:
            # A new change after the undos: there is nothing left to redo.
            return None
    return None

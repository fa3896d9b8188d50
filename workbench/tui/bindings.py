"""Every key of the screens, each with an id that ``[keys]`` in the settings can remap."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from workbench.config import Settings

S = TypeVar("S", bound=Screen[Any])

#: The review screen's own keys; the verdict keys come from the settings' scale.
# The footer shows what fits in 80 columns; the scale bar shows the verdict keys and
# undo/redo; `?` shows everything.
REVIEW_BINDINGS: list[BindingType] = [
    Binding("n", "note", "Note", id="note"),
    Binding("e", "edit", "Edit", id="edit"),
    Binding("v", "evidence", "Evidence", id="evidence"),
    Binding("d", "document", "Document", id="document"),
    Binding("slash", "search", "Search", id="search"),
    Binding("f", "filter", "Filter", id="filter"),
    Binding("question_mark", "help", "Keys", id="help"),
    Binding("q", "app.quit", "Quit", id="quit"),
    Binding("z", "undo", "Undo your last change", show=False, id="undo"),
    Binding("Z", "redo", "Redo what you undid", show=False, id="redo"),
    Binding("s", "cycle_sort", "Sort: document, score, newest", show=False, id="sort"),
    Binding("F", "clear_filters", "Clear every filter", show=False, id="filter.clear"),
    Binding("H", "toggle_hidden", "Show or hide low-score claims", show=False, id="filter.hidden"),
    Binding("c", "context", "More context: paragraphs around", show=False, id="context"),
    Binding("a", "apply_match", "Apply the best previous verdict", show=False, id="match.apply"),
    Binding(
        "r", "reject_match", "Not the same claim as the best match", show=False, id="match.reject"
    ),
    Binding("P", "toggle_previous", "Only claims checked before", show=False, id="filter.previous"),
    Binding("i", "ingest", "Ingest files into the database", show=False, id="ingest"),
    Binding("m", "toggle_queue", "My queue, or every claim", show=False, id="queue"),
    Binding("A", "agreement", "Agreement between reviewers", show=False, id="agreement"),
    Binding("J", "adjudicate", "Adjudicate disagreements", show=False, id="adjudicate"),
    Binding("escape", "escape", "Close the search", show=False, id="search.close"),
]

DOCUMENT_BINDINGS: list[BindingType] = [
    Binding("j,down", "next_claim", "Next claim", id="document.next"),
    Binding("k,up", "previous_claim", "Previous claim", id="document.previous"),
    Binding("n", "note", "Note", id="document.note"),
    Binding("z", "undo", "Undo", id="document.undo"),
    Binding("Z", "redo", "Redo", id="document.redo"),
    Binding("question_mark", "help", "Keys", id="document.help"),
    Binding("escape,d", "close", "Back", id="document.close"),
]


def verdict_bindings(settings: Settings, prefix: str = "") -> list[BindingType]:
    """One binding per step of the scale, each with an id, for a screen that tags claims."""
    return [
        Binding(step.key, f"verdict('{step.label}')", step.label, show=False,
                id=f"{prefix}verdict.{step.label}")
        for step in settings.scale
    ]  # fmt: skip


def with_bindings(cls: type[S], bindings: list[BindingType]) -> type[S]:
    """A subclass of the screen ``cls`` whose BINDINGS are ``bindings`` (Textual reads
    bindings from the class, and the verdict keys are known only from the settings)."""
    return type(cls.__name__, (cls,), {"BINDINGS": bindings, "__module__": cls.__module__})


def key_display(screen: Screen[Any], binding_id: str) -> str | None:
    """How the key of a binding shows, as the app's keymap has it: read from the screen's
    active bindings, where Textual has applied the keymap (the first key when several)."""
    for active in screen.active_bindings.values():
        if active.binding.id == binding_id:
            return screen.app.get_key_display(active.binding)
    return None

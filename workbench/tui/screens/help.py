"""`?`: every key of the screen you came from, with its description and binding id."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 110; height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        """``rows``: (keys, what it does, binding id)."""
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(title=Text("workbench keys"), expand=True, box=None, title_style="bold")
        table.add_column(Text("key"), style="bold", no_wrap=True)
        table.add_column(Text("what it does"), ratio=1)
        table.add_column(Text("binding id"), style="dim", no_wrap=True)
        for keys, description, binding_id in self.rows:
            table.add_row(Text(keys), Text(description), Text(binding_id))
        hint = Text(
            "\nRemap a key by its binding id in workbench.toml, e.g.\n  [keys]\n"
            '  undo = "ctrl+z"\n'
            "ctrl+p opens the command palette, tab moves between panes, ctrl+q quits.\n"
            "Escape closes this help.",
            style="dim",
        )
        with VerticalScroll():
            yield Static(table)
            yield Static(hint, markup=False)


def help_for(screen: Screen[Any]) -> HelpScreen:
    """The help for ``screen``: its active keys (as the keymap has them), merged by what
    they do."""
    merged: dict[tuple[str, str], list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.id:
            continue  # Textual's own scrolling and focus keys: listed in the hint
        shown = screen.app.get_key_display(binding) or key
        # Verdict keys are remapped through the scale, not through [keys].
        binding_id = "[[scale]] key" if "verdict." in binding.id else binding.id
        merged.setdefault((binding.description or binding.action, binding_id), []).append(shown)
    return HelpScreen([(" ".join(keys), desc, bid) for (desc, bid), keys in merged.items()])

"""The scale bar: the verdict keys and undo/redo, each key beside its label."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def scale_text(cells: list[tuple[str, str]], width: int) -> Text:
    """The cells (key, label), wrapped by hand so that a key never parts from its label."""
    bar = Text(no_wrap=True)
    used = 0
    for key, label in cells:
        cell = len(key) + len(label) + 5
        if used and used + cell > width:
            bar.append("\n")
            used = 0
        bar.append(" ")
        bar.append(f" {key} ", "bold reverse").append(f" {label} ")
        used += cell
    return bar


class ScaleBar(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.cells: list[tuple[str, str]] = []

    def show(self, cells: list[tuple[str, str]]) -> None:
        self.cells = cells
        self.update(scale_text(cells, self.size.width))

    def on_resize(self) -> None:
        self.update(scale_text(self.cells, self.size.width))

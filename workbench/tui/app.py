"""The review TUI application."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from workbench.config import Settings, SettingsError
from workbench.tui.bindings import DOCUMENT_BINDINGS, REVIEW_BINDINGS
from workbench.tui.screens.review import ReviewScreen, review_screen
from workbench.tui.screens.team import ADJUDICATION_BINDINGS, AgreementScreen
from workbench.tui.widgets.claim_list import ClaimList


def binding_ids() -> set[str]:
    """Every binding id a user may remap in the ``[keys]`` settings."""
    ids = {b.id for b in (*REVIEW_BINDINGS, *DOCUMENT_BINDINGS, *ClaimList.BINDINGS,  # type: ignore[union-attr]
                          *ADJUDICATION_BINDINGS, *AgreementScreen.BINDINGS)}  # fmt: skip
    return {i for i in ids if i}


class WorkbenchApp(App[None]):
    """workbench review."""

    CSS_PATH = "app.tcss"
    TITLE = "workbench"

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        unknown = sorted(set(settings.keys) - binding_ids())
        if unknown:
            raise SettingsError(
                f"settings: keys: unknown binding id {unknown[0]!r} (the TUI's ? lists them)"
            )
        if settings.theme not in self.available_themes:
            raise SettingsError(
                f"settings: theme: unknown theme {settings.theme!r}; "
                f"known: {', '.join(sorted(self.available_themes))}"
            )
        self.theme = settings.theme
        if settings.keys:
            self.set_keymap(settings.keys)

    def get_default_screen(self) -> Screen[Any]:
        return review_screen(self.settings)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # Every described binding of the current screen is a palette command too.
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or active.node is not screen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description.capitalize(),
                f"key {self.get_key_display(binding)}",
                partial(screen.run_action, binding.action),
            )

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                screen.close_channels()
        self.exit()

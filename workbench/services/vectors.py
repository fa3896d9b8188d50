"""The sentence encoder the settings ask for, wired into the domain packages (which take
an encoder as a value and never import ``workbench.semantic`` themselves)."""

from __future__ import annotations

from pathlib import Path

from workbench.config import Settings
from workbench.semantic import Encoder, default_encoder


def encoder_for(settings: Settings) -> Encoder | None:
    """The configured encoder (not loaded yet: loading waits for the first text), or
    None when ``encoder = ""`` asks for matching by words alone."""
    if not settings.encoder:
        return None
    if settings.encoder == "default":
        return default_encoder()
    return Encoder(Path(settings.encoder).expanduser())

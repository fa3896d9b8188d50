"""The sentence encoder the settings ask for, wired into the domain packages (which take
an encoder as a value and never import ``workbench.semantic`` themselves)."""

from __future__ import annotations

from pathlib import Path

from workbench.config import Settings
from workbench.semantic import Encoder, default_encoder


def encoder_for(settings: Settings) -> Encoder | None:
    """The configured encoder (not loaded yet: loading waits for the first text), or
    None when ``encoder = ""`` asks for matching by words alone."""
    return encoder_named(settings.encoder)


def encoder_named(name: str, threads: int | None = None) -> Encoder | None:
    """The encoder a setting's value names; the process-wide one for "default" unless
    ``threads`` asks for a private one (a Dask worker: one thread per process)."""
    if not name:
        return None
    if name == "default":
        return default_encoder() if threads is None else Encoder(threads=threads)
    return Encoder(Path(name).expanduser(), threads=threads)

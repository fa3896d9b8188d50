"""Where the built-in seed corpus lives: inside the wheel, or in the source tree."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def seed_dir() -> Path:
    """The folder of the five seed articles that ship with workbench."""
    for candidate in (_HERE / "_seeds", _HERE.parent / "seeds"):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    raise FileNotFoundError("the seed corpus is missing from this installation")

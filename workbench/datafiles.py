"""Reading the labelled and checked files users bring: one error type, one reader."""

from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """A file that cannot be read: the message names the file and the problem."""


def read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """The file's text (a UTF-8 byte-order mark dropped), or a DataError naming it."""
    try:
        return path.read_text(encoding=encoding)
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from None

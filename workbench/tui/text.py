"""Turning untrusted document text into something a terminal shows literally."""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls (ESC, BEL, CSI ...) become their visible Unicode pictures,
# so a document cannot move the cursor, clear the screen or ring the bell.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def literal(value: str | None) -> str:
    """Untrusted text with controls made visible and bidi overrides removed."""
    if not value:
        return ""
    return _BIDI.sub("", _CONTROLS.sub(_picture, value))


def plain(value: str | None, style: str = "") -> Text:
    """A Rich Text that is exactly the text: never parsed as markup."""
    return Text(literal(value), style=style, no_wrap=False)


def one_line(value: str | None) -> str:
    """Literal text folded onto one line (newlines and tabs become spaces)."""
    return " ".join(literal(value).split())

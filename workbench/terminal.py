"""Untrusted text (documents, imports, names) made safe to show on a terminal.

The one sanitiser for every face: the TUI's widgets and every CLI line that prints
text a document or an import brought in. Controls become visible pictures and bidi
overrides a replacement character, one character for one, so offsets into the text
(the claim highlight) still point at the same characters.
"""

from __future__ import annotations

import re

# C0 and C1 controls (ESC, BEL, CSI ...) become their visible Unicode pictures,
# so a document cannot move the cursor, clear the screen or ring the bell.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates would reorder what follows them on screen.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def literal(value: str | None) -> str:
    """Untrusted text with controls made visible and bidi controls replaced by U+FFFD,
    the same length as ``value``; newlines and tabs are kept."""
    if not value:
        return ""
    return _BIDI.sub("\ufffd", _CONTROLS.sub(_picture, value))


def one_line(value: str | None) -> str:
    """Literal text folded onto one line (newlines and tabs become spaces)."""
    return " ".join(literal(value).split())


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun agreeing with it: "1 claim", "2 claims", "0 claims"."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"

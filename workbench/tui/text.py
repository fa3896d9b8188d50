"""Turning untrusted document text into something a terminal shows literally.

``literal`` and ``one_line`` are the shared sanitiser (``workbench.terminal``); here
they become Rich Text, which Textual never parses as markup.
"""

from __future__ import annotations

from rich.text import Text

from workbench.terminal import literal, one_line

__all__ = ["literal", "one_line", "plain"]


def plain(value: str | None, style: str = "") -> Text:
    """A Rich Text that is exactly the text: never parsed as markup."""
    return Text(literal(value), style=style, no_wrap=False)

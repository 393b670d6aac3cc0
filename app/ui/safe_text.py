"""Untrusted text made safe to draw: control and invisible format characters become visible escapes."""

from __future__ import annotations

import re

from rich.text import Text

_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_FORMAT = [0x00AD, 0x061C, 0x180E, 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB]
_FORMAT += list(range(0x200B, 0x2010)) + list(range(0x2028, 0x202F))
_FORMAT += list(range(0x2060, 0x2070))


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        table[code] = _NAMED.get(code, f"\\x{code:02x}")
    for code in _FORMAT:
        table[code] = f"\\u{code:04x}"
    return table


_TABLE = _build_table()
_TABLE_KEEP_NEWLINES = {**_TABLE, 0x0A: "\n"}
# Anything else that is unsafe: surrogates (from undecodable bytes) and private/unassigned planes' tags.
_OTHER = re.compile("[\ud800-\udfff\U000e0000-\U000e007f]")


def escape_controls(text: str, keep_newlines: bool = False) -> str:
    """Return text with every control or invisible formatting character shown as an escape.

    `keep_newlines` leaves line breaks as they are, for views that wrap whole messages.
    """
    text = text.translate(_TABLE_KEEP_NEWLINES if keep_newlines else _TABLE)
    if _OTHER.search(text):
        text = _OTHER.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def _build_pictures() -> dict[int, str]:
    pictures = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ … ␟, e.g. ␛ for ESC
    pictures[0x7F] = "\u2421"  # ␡
    for code in _TABLE:
        pictures.setdefault(code, "\ufffd")
    return pictures


_PICTURES = _build_pictures()


def picture_controls(text: str) -> str:
    """Each control or invisible character as one visible character (␛ for ESC), for editors
    whose cursor counts characters: the length stays the same."""
    text = text.translate(_PICTURES)
    if _OTHER.search(text):
        text = _OTHER.sub("\ufffd", text)
    return text


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe(text: object, style: str = "", keep_newlines: bool = False) -> Text:
    """The one way text becomes something drawn: never markup, control characters escaped.

    Every widget, banner, toast, title and dialog builds what it shows from this (or from
    constants), so text from a file, the network or the command line cannot drive the terminal.
    """
    return Text(escape_controls(str(text), keep_newlines), style=style)

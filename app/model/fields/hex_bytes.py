"""Hex text as bytes: what the send bar's hex mode and a behaviour's binary Data accept."""

from __future__ import annotations

import re

from app.model.fields.scalar import FieldError

_HEX_SEPARATORS = re.compile(r"[\s:,]|0x", re.IGNORECASE)


class HexError(FieldError):
    """Not hex; the message says why, for the person who typed it."""


def parse_hex(text: str) -> bytes:
    """`de ad be ef`, `de:ad:be:ef`, `0xde 0xad` or `deadbeef` → bytes."""
    digits = _HEX_SEPARATORS.sub("", text)
    if not digits:
        raise HexError("type hex digits, such as 48 65 6c 6c 6f")
    bad = next((ch for ch in digits if ch not in "0123456789abcdefABCDEF"), None)
    if bad is not None:
        raise HexError(f"{bad!r} is not a hex digit")
    if len(digits) % 2:
        raise HexError("hex needs an even number of digits (two per byte)")
    return bytes.fromhex(digits)

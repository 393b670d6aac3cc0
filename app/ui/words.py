"""Small wording helpers, so every message reads the same way: a sentence starts with a capital,
and a count agrees with its noun ("1 component", "2 components")."""

from __future__ import annotations


def sentence(text: str) -> str:
    """`hex needs an even number of digits` → `Hex needs an even number of digits` (toasts are
    sentences; many messages come from parsers that write them to follow a colon)."""
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


def count(n: int, noun: str, plural: str | None = None) -> str:
    """`count(1, "component")` → `1 component`; `count(3, "slot")` → `3 slots`."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"

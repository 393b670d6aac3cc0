"""Structured field types: a list of texts (subprotocols) and a list of name/value pairs (headers,
saved messages). Values are tuples, so a copy of a component never shares a list with the original,
and a scene file writes them as TOML arrays: `["a", "b"]` and `[["name", "value"], ...]`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.model.fields.scalar import FieldError, FieldType, _describe


class StringListType(FieldType):
    """Texts in order; typed as one line, separated by commas."""

    name = "List"

    def parse(self, text: str, users: Sequence[str] | None = None) -> tuple[str, ...]:
        return tuple(item.strip() for item in text.split(",") if item.strip())

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> tuple[str, ...]:
        if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
            raise FieldError(f'must be a list of texts, such as ["a", "b"], not {_describe(value)}')
        return tuple(value)

    def format(self, value: Any) -> str:
        return ", ".join(value)


class PairsType(FieldType):
    """Name/value pairs in order, names may repeat; typed one pair per line as `name: value`."""

    name = "Pairs"

    def parse(self, text: str, users: Sequence[str] | None = None) -> tuple[tuple[str, str], ...]:
        pairs = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            name, colon, value = line.partition(":")
            if not colon or not name.strip():
                raise FieldError(f"line {number}: write a pair as 'name: value'")
            pairs.append((name.strip(), value.strip()))
        return tuple(pairs)

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, list | tuple) or not all(
            isinstance(pair, list | tuple) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
            for pair in value
        ):
            raise FieldError(f'must be a list of pairs, such as [["name", "value"]], not {_describe(value)}')
        return tuple((name, text) for name, text in value)

    def format(self, value: Any) -> str:
        return "\n".join(f"{name}: {text}" for name, text in value)

"""A TOML document in the README's hand-writable shape; the scene file is written through it."""

from __future__ import annotations

from typing import Any

import tomli_w


def toml_document(document: dict[str, Any]) -> str:
    """The whole scene as one TOML document, in the README's hand-writable shape: scalars first, then
    one `[[slot]]` / `[[component]]` header per table (tomli-w would write short tables inline), and
    every structured value (lists, pairs, tables) inline on its key's line, as people write them."""
    lines = [f"{_key(key)} = {toml_value(value)}" for key, value in document.items() if not _is_table_array(value)]
    for key, value in document.items():
        if _is_table_array(value):
            for table in value:
                lines.append(f"\n[[{_key(key)}]]")
                lines += [f"{_key(k)} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def toml_value(value: Any) -> str:
    """One value, inline. Scalars go through tomli-w (its escapes, its number forms)."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def _key(key: str) -> str:
    return key if key and all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in key) else toml_value(key)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)

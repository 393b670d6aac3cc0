"""Field types of the ProtoFlux components (README, "Behaviours"): a message template, a regular
expression, and named messages. Each refuses bad text when it is typed, never at send time."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import regex

from app.model.fields.lists import PairsType
from app.model.fields.scalar import FieldError, StringType, _has_controls
from app.model.fields.templates import BUILT_IN, PLACEHOLDER, check_template


class TemplateType(StringType):
    """A message body with `{{...}}` placeholders; JSON's single braces stay literal. Only a reply
    (`groups=True`) may use a regular expression's groups; its component checks them against its Pattern."""

    name = "Template"

    def __init__(self, groups: bool = False) -> None:
        self.groups: tuple[str, ...] | None = None if groups else ()

    def parse(self, text: str, users: Sequence[str] | None = None) -> str:
        return self.coerce(text, users)

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> str:
        text = _printable(super().coerce(value, users))
        check_template(text, self.groups)
        return text


class PatternType(StringType):
    """A Python regular expression; an invalid one is refused with the compiler's reason."""

    name = "Regex"

    def parse(self, text: str, users: Sequence[str] | None = None) -> str:
        return self.coerce(text, users)

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> str:
        text = _printable(super().coerce(value, users))
        compile_pattern(text)
        return text


class MessagesType(PairsType):
    """Named message bodies (Saved messages): every body is a template."""

    name = "Messages"

    def parse(self, text: str, users: Sequence[str] | None = None) -> tuple[tuple[str, str], ...]:
        return _checked(super().parse(text, users))

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> tuple[tuple[str, str], ...]:
        return _checked(super().coerce(value, users))


def _printable(text: str) -> str:
    """Control characters would reach the terminal from the editor; raw bytes are what Binary is for."""
    if _has_controls(text):
        raise FieldError("cannot contain control characters (for raw bytes, send Binary hex)")
    return text


def _checked(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    for name, body in pairs:
        if not name.strip():
            raise FieldError("every saved message needs a name")
        if _has_controls(name) or _has_controls(body):
            raise FieldError(f"{name.strip()[:40]!r}: a saved message cannot contain control characters")
        try:
            check_template(body, ())
        except FieldError as exc:
            raise FieldError(f"{name}: {exc}") from None
    return pairs


def compile_pattern(text: str, flags: int = 0) -> regex.Pattern[str]:
    """With the `regex` engine, the one that runs it: a search can be given up after a time. A
    pattern too deep or too large for the engine is refused like an invalid one."""
    try:
        return regex.compile(text, flags)
    except regex.error as exc:
        raise FieldError(f"not a valid regular expression: {exc}") from None
    except (OverflowError, RecursionError, ValueError) as exc:
        raise FieldError(f"not a usable regular expression: {exc}") from None


def group_names(pattern: str) -> set[str]:
    """What a reply may use from this pattern: `1`..`9` (as many as it has) and its named groups."""
    compiled = compile_pattern(pattern)
    return {str(i) for i in range(1, min(compiled.groups, 9) + 1)} | set(compiled.groupindex)


def check_groups(template: str, groups: Collection[str]) -> None:
    """Refuse a template that uses a group the pattern does not have."""
    for match in PLACEHOLDER.finditer(template):
        inner = match.group(1)
        if inner in BUILT_IN or inner.startswith("env:") or inner in groups:
            continue
        offered = ", ".join(f"{{{{{g}}}}}" for g in sorted(groups)) or "none"
        raise FieldError(f"{{{{{inner}}}}}: the Pattern has no such group (it offers: {offered})")

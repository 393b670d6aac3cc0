"""Field types: each turns a person's text into a value, or says clearly why not."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1

_INT_RE = re.compile(r"[+-]?\d+")


class FieldError(ValueError):
    """A value was refused; the message is written for the person who typed it."""


def _has_controls(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)


class FieldType:
    """Base class: `parse` takes typed text, `coerce` takes a value from a file or code."""

    name = "Value"

    def parse(self, text: str, users: Sequence[str] | None = None) -> Any:
        raise NotImplementedError

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> Any:
        raise NotImplementedError

    def format(self, value: Any) -> str:
        return "" if value is None else str(value)


class BoolType(FieldType):
    name = "Bool"
    _TRUE = {"true", "yes", "on", "1"}
    _FALSE = {"false", "no", "off", "0"}

    def parse(self, text: str, users: Sequence[str] | None = None) -> bool:
        word = text.strip().lower()
        if word in self._TRUE:
            return True
        if word in self._FALSE:
            return False
        raise FieldError("must be true or false")

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> bool:
        if isinstance(value, bool):
            return value
        raise FieldError(f"must be true or false, not {_describe(value)}")

    def format(self, value: Any) -> str:
        return "true" if value else "false"


class IntType(FieldType):
    """A signed 32-bit integer, as Resonite's Int."""

    name = "Int"

    def parse(self, text: str, users: Sequence[str] | None = None) -> int:
        cleaned = text.strip().replace("_", "")
        if not _INT_RE.fullmatch(cleaned):
            raise FieldError("must be a whole number, such as 0 or -5")
        return self._check(int(cleaned))

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(f"must be a whole number, not {_describe(value)}")
        return self._check(value)

    @staticmethod
    def _check(value: int) -> int:
        if not INT32_MIN <= value <= INT32_MAX:
            raise FieldError(f"must be between {INT32_MIN} and {INT32_MAX} (a 32-bit integer)")
        return value


class FloatType(FieldType):
    """A finite number with a lower bound; `unit` is named in messages."""

    name = "Float"

    def __init__(self, minimum: float | None = None, unit: str = "") -> None:
        self.minimum = minimum
        self.unit = unit

    def parse(self, text: str, users: Sequence[str] | None = None) -> float:
        cleaned = text.strip().replace("_", "")
        if cleaned.lower().endswith("s") and self.unit == "seconds":
            cleaned = cleaned[:-1].strip()
        try:
            value = float(cleaned)
        except ValueError:
            raise FieldError("must be a number, such as 2.5") from None
        return self._check(value)

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldError(f"must be a number, not {_describe(value)}")
        return self._check(float(value))

    def _check(self, value: float) -> float:
        if math.isnan(value):
            raise FieldError("must be a number, not NaN")
        if math.isinf(value):
            raise FieldError("must be a finite number (this one is infinite or too large)")
        if self.minimum is not None and value < self.minimum:
            unit = f" {self.unit}" if self.unit else ""
            raise FieldError(f"must be at least {self.minimum:g}{unit}")
        return value

    def format(self, value: Any) -> str:
        return repr(float(value))


class StringType(FieldType):
    name = "String"

    def parse(self, text: str, users: Sequence[str] | None = None) -> str:
        return text

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> str:
        if not isinstance(value, str):
            raise FieldError(f"must be text, not {_describe(value)}")
        return value


class UriType(FieldType):
    """Empty, or a ws:// or wss:// URL with a host and no credentials."""

    name = "Uri"

    def parse(self, text: str, users: Sequence[str] | None = None) -> str:
        return self.coerce(text.strip())

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> str:
        if not isinstance(value, str):
            raise FieldError(f"must be a ws:// or wss:// URL, not {_describe(value)}")
        if value == "":
            return ""
        if any(ch.isspace() for ch in value):
            raise FieldError("a URL cannot contain spaces")
        if _has_controls(value):
            raise FieldError("a URL cannot contain control characters")
        try:
            parts = urlsplit(value)
        except ValueError as exc:
            raise FieldError(f"not a valid URL ({exc})") from None
        if parts.scheme.lower() not in ("ws", "wss"):
            raise FieldError("must start with ws:// or wss://")
        if "://" not in value:
            raise FieldError("must start with ws:// or wss://")
        if "@" in parts.netloc:
            raise FieldError("credentials (user:password@) are not allowed in the URL")
        if not parts.hostname:
            raise FieldError("the URL has no host, e.g. ws://localhost:8080/")
        try:
            parts.port  # noqa: B018 - validates the port
        except ValueError:
            raise FieldError("the port must be a number from 1 to 65535") from None
        if parts.port == 0:
            raise FieldError("the port must be a number from 1 to 65535")
        return value


class UserRefType(FieldType):
    """A user of the session by name, or None ("none")."""

    name = "UserRef"

    def parse(self, text: str, users: Sequence[str] | None = None) -> str | None:
        name = text.strip()
        if name == "" or name.lower() == "none":
            return None
        return self.coerce(name, users)

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise FieldError(f"must be a user's name, not {_describe(value)}")
        if _has_controls(value):
            raise FieldError("a user's name cannot contain control characters")
        if users is not None and value not in users:
            known = ", ".join(users) or "(none)"
            raise FieldError(f"no user named {value!r} in this session; users: {known}")
        return value

    def format(self, value: Any) -> str:
        return "none" if value is None else str(value)


def _describe(value: Any) -> str:
    kind = {bool: "a boolean", int: "an integer", float: "a number", str: "text"}
    name = kind.get(type(value), type(value).__name__)
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{name} ({text})"

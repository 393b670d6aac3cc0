"""Which log entries to show: text or regular expression, client, direction, kind."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.log.events import Event

DIRECTIONS = {
    "received": frozenset({"recv"}),
    "sent": frozenset({"send", "send_error"}),
    "connection": frozenset(
        {"host_access", "connecting", "connected", "disconnected", "timeout", "retry", "error", "ping", "pong", "close"}
    ),
}


class FilterError(ValueError):
    """The filter cannot be used (an invalid regular expression); the message says why."""


def searchable_text(event: Event) -> str:
    """What a text filter looks in: the message, or the event's details."""
    extra = event.extra
    data = extra.get("data")
    if isinstance(data, str):
        return data
    if isinstance(data, bytes | bytearray):
        return bytes(data).hex(" ")
    return " ".join(str(v) for v in extra.values())


@dataclass(frozen=True)
class LogFilter:
    text: str = ""
    regex: bool = False
    ignore_case: bool = True
    clients: frozenset[str] = field(default_factory=frozenset)  # empty: every client
    direction: str = ""  # "", received, sent, connection
    kinds: frozenset[str] = field(default_factory=frozenset)  # empty: every kind

    @property
    def active(self) -> bool:
        return bool(self.text or self.clients or self.direction or self.kinds)

    def predicate(self) -> Callable[[Event], bool]:
        """A fast test for one event; raises FilterError for a regular expression that does not compile."""
        kinds: frozenset[str] | None = self.kinds or None
        if self.direction:
            direction = DIRECTIONS[self.direction]
            kinds = direction if kinds is None else kinds & direction
        clients = self.clients or None
        match_text = self._text_matcher()

        def test(event: Event) -> bool:
            if kinds is not None and event.event not in kinds:
                return False
            if clients is not None and event.client not in clients:
                return False
            if match_text is None:
                return True
            data = event.extra.get("data")
            return match_text(data if isinstance(data, str) else searchable_text(event))

        return test

    def _text_matcher(self) -> Callable[[str], bool] | None:
        if not self.text:
            return None
        flags = re.IGNORECASE if self.ignore_case else 0
        if self.regex:
            try:
                pattern = re.compile(self.text, flags)
            except re.error as exc:
                raise FilterError(f"not a valid regular expression: {exc}") from None
            return lambda text: pattern.search(text) is not None
        if self.ignore_case:
            needle = self.text.casefold()
            return lambda text: needle in text.casefold()
        needle = self.text
        return lambda text: needle in text

    def matching(self, events: Iterable[Event]) -> list[int]:
        """Indexes of the matching events."""
        test = self.predicate()
        return [index for index, event in enumerate(events) if test(event)]

"""Which log entries to show: text or regular expression, client, direction, kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import regex

from app.log.events import Event
from app.model.fields.scalar import FieldError
from app.model.protoflux.fields import compile_pattern

# A filter must never hold up the loop (README, Reliability): it looks at the first 64 KiB of
# each message, and one regular-expression search may take this long before it is given up.
MAX_SEARCHED_CHARS = 64 * 1024
SEARCH_BUDGET = 0.02  # seconds

DIRECTIONS = {
    "received": frozenset({"recv"}),
    "sent": frozenset({"send", "send_error"}),
    "connection": frozenset(
        {"host_access", "connecting", "connected", "disconnected", "timeout", "retry", "error", "ping", "pong", "close"}
    ),
}


BEHAVIOUR_KINDS = frozenset({"send", "send_error", "error"})  # the kinds whose `by` names a behaviour
ANY_BEHAVIOUR = "*"  # `by` filter: sent by any behaviour


class FilterError(ValueError):
    """The filter cannot be used (an invalid regular expression); the message says why."""


class FilterTooSlow(FilterError):
    """A regular expression took longer than SEARCH_BUDGET on one message."""


def searchable_text(event: Event) -> str:
    """What a text filter looks in: the message, or the event's details."""
    extra = event.extra
    data = extra.get("data")
    if isinstance(data, str):
        return data
    if isinstance(data, bytes | bytearray):
        return bytes(data[: MAX_SEARCHED_CHARS // 3]).hex(" ")  # only what the search looks at: 3 chars a byte
    return " ".join(str(v) for v in extra.values())


@dataclass(frozen=True)
class LogFilter:
    text: str = ""
    regex: bool = False
    ignore_case: bool = True
    clients: frozenset[str] = field(default_factory=frozenset)  # empty: every client
    direction: str = ""  # "", received, sent, connection
    kinds: frozenset[str] = field(default_factory=frozenset)  # empty: every kind
    by: str = ""  # "": anyone; ANY_BEHAVIOUR; or one behaviour's path (README, "Behaviours")

    @property
    def active(self) -> bool:
        return bool(self.text or self.clients or self.direction or self.kinds or self.by)

    def predicate(self, row_words: Callable[[Event], str] | None = None) -> Callable[[Event], bool]:
        """A fast test for one event; raises FilterError for a regular expression that does not compile.
        The text is looked for in the payload (or the details), then in `row_words(event)`: what the
        log's row shows besides it (client, kind, the event's words), so what is seen can be found."""
        kinds: frozenset[str] | None = self.kinds or None
        if self.direction:
            direction = DIRECTIONS[self.direction]
            kinds = direction if kinds is None else kinds & direction
        clients = self.clients or None
        match_text = self._text_matcher()
        by = self.by

        def test(event: Event) -> bool:
            if kinds is not None and event.event not in kinds:
                return False
            if clients is not None and event.client not in clients:
                return False
            if by and not _sent_by(event, by):
                return False
            if match_text is None:
                return True
            data = event.extra.get("data")
            text = data if isinstance(data, str) else searchable_text(event)
            if match_text(text[:MAX_SEARCHED_CHARS]):
                return True
            return row_words is not None and match_text(row_words(event)[:MAX_SEARCHED_CHARS])

        return test

    def _text_matcher(self) -> Callable[[str], bool] | None:
        if not self.text:
            return None
        if self.regex:
            return self._regex_matcher()
        if self.ignore_case:
            needle = self.text.casefold()
            return lambda text: needle in text.casefold()
        needle = self.text
        return lambda text: needle in text

    def _regex_matcher(self) -> Callable[[str], bool]:
        """The `regex` engine, unlike `re`, can give up on a search after a time."""
        try:
            pattern = compile_pattern(self.text, regex.IGNORECASE if self.ignore_case else 0)
        except FieldError as exc:
            raise FilterError(str(exc)) from None

        def search(text: str) -> bool:
            try:
                return bounded_search(pattern, text) is not None
            except TimeoutError:
                raise FilterTooSlow(
                    f"the regular expression took over {SEARCH_BUDGET * 1000:g} ms on one message"
                ) from None

        return search

    def without_text(self) -> LogFilter:
        """The same filter with no text: what is left when the text was too slow to search."""
        return replace(self, text="")

    def matching(self, events: Iterable[Event], row_words: Callable[[Event], str] | None = None) -> list[int]:
        """Indexes of the matching events."""
        test = self.predicate(row_words)
        return [index for index, event in enumerate(events) if test(event)]


def _sent_by(event: Event, by: str) -> bool:
    if event.event not in BEHAVIOUR_KINDS:
        return False
    sender = event.extra.get("by")
    return bool(sender) if by == ANY_BEHAVIOUR else sender == by


def senders(events: Iterable[Event]) -> set[str]:
    """The behaviours named as `by` in these events (for the filter's choices)."""
    return {
        sender
        for event in events
        if event.event in BEHAVIOUR_KINDS and isinstance(sender := event.extra.get("by"), str) and sender
    }


def bounded_search(pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    """How every regular expression of ours searches (the filter, Reply on match, `run --until`):
    the first MAX_SEARCHED_CHARS, at most SEARCH_BUDGET; over it, TimeoutError."""
    return pattern.search(text[:MAX_SEARCHED_CHARS], timeout=SEARCH_BUDGET)

"""The log store: a bounded ring of events that the log pane draws from.

Repeated identical failures of one client fold into one entry ("connection refused ×12")
so the pane stays readable; the recording, fed from the same sink, keeps every event.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import islice

from app.log.events import Event

DEFAULT_MAX_BYTES = 256 * 1024 * 1024


@dataclass
class _Fold:
    entry: Event  # the entry shown in the pane, updated in place
    seq: int  # its sequence number: once it has left the ring, the fold ends
    reason: str
    count: int = 1
    after_error: bool = True  # the retry that follows an error belongs to the same cycle
    held: Event | None = None  # a `connecting` that may turn out to repeat the failure
    retry: Event | None = None  # the retry entry shown, updated in place to the latest attempt


class LogBuffer:
    """At most `limit` entries and `max_bytes` of message data: a server sending 4 MiB messages
    must not take the memory that 100,000 small ones would not."""

    def __init__(self, limit: int = 100_000, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.entries: deque[Event] = deque(maxlen=limit)
        self.max_bytes = max_bytes
        self.bytes = 0  # message data held
        self.total = 0  # every entry ever appended, including those that fell off the front
        self.revision = 0  # bumped when an entry already shown changes (a fold grows)
        self._folds: dict[str, _Fold] = {}

    @property
    def first_seq(self) -> int:
        return self.total - len(self.entries)

    def append(self, event: Event) -> None:
        if (event.event == "error" or event.client in self._folds) and self._fold(event):
            return
        self._add(event)

    def extend(self, events: list[Event]) -> None:
        """A batch of one client's messages (EventSink.emit_batch), added in one go."""
        if not events:
            return
        if events[0].client in self._folds:  # the first message ends that client's fold of failures
            self.append(events[0])
            events = events[1:]
        entries, limit = self.entries, self.entries.maxlen or 0
        self.total += len(events)
        if len(events) > limit:
            events = events[-limit:]
        added = sum(map(_data_size, events))
        leaving = len(entries) + len(events) - limit
        if leaving > 0:
            self.bytes -= sum(map(_data_size, islice(entries, leaving)))
        entries.extend(events)
        self.bytes += added
        while self.bytes > self.max_bytes and len(entries) > 1:
            self.bytes -= _data_size(entries.popleft())

    def _add(self, event: Event) -> None:
        entries = self.entries
        size = _data_size(event)
        if len(entries) == entries.maxlen:
            self.bytes -= _data_size(entries[0])
        while entries and self.bytes + size > self.max_bytes:
            self.bytes -= _data_size(entries.popleft())
        entries.append(event)
        self.bytes += size
        self.total += 1

    def clear(self) -> None:
        self.entries.clear()
        self._folds.clear()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self.entries)

    def _fold(self, event: Event) -> bool:
        """True when the event was folded into an earlier entry instead of being added."""
        kind, client = event.event, event.client
        fold = self._folds.get(client)
        if fold is not None and fold.seq < self.first_seq:  # its entry has left the ring
            del self._folds[client]
            fold = None
        if fold is not None:
            if kind == "retry" and fold.after_error:
                fold.after_error = False
                self._show_retry(fold, event)
                return True
            if kind == "connecting" and not fold.after_error and fold.held is None:
                fold.held = event
                return True
            if kind == "error" and event.extra.get("reason") == fold.reason:
                fold.count += 1
                fold.held = None
                fold.after_error = True
                # a new dict, never changed in place: an export may be encoding this entry in a thread
                fold.entry.extra = {**fold.entry.extra, "repeat": fold.count, "last_ts": event.ts}
                self.revision += 1
                return True
            del self._folds[client]
            if fold.held is not None:
                self._add(fold.held)
        if kind == "error" and isinstance(event.extra.get("reason"), str):
            shown = Event(client, kind, dict(event.extra), event.ts)
            self._folds[client] = _Fold(shown, self.total, event.extra["reason"])
            self._add(shown)
            return True
        return False

    def _show_retry(self, fold: _Fold, event: Event) -> None:
        """One retry row per fold, showing the latest attempt, delay and time (a new interval
        applies from the next retry, and the row must not say an old one)."""
        if fold.retry is None:
            fold.retry = Event(event.client, event.event, dict(event.extra), event.ts)
            self._add(fold.retry)
            return
        fold.retry.extra = dict(event.extra)
        fold.retry.ts = event.ts
        self.revision += 1


_HELD = (str, bytes, bytearray)


def _data_size(event: Event) -> int:
    """What the entry holds, measured (a recording's `size` field could say anything). Called
    twice for every message in a flood (in, and out of the ring), so kept cheap."""
    data = event.extra.get("data")
    return len(data) if data.__class__ in _HELD else 0

"""The log store: a bounded ring of events that the log pane draws from."""

from __future__ import annotations

from collections import deque

from app.net.events import Event


class LogBuffer:
    def __init__(self, limit: int = 100_000) -> None:
        self.entries: deque[Event] = deque(maxlen=limit)
        self.total = 0  # every event ever appended, including those that fell off the front

    def append(self, event: Event) -> None:
        self.entries.append(event)
        self.total += 1

    def clear(self) -> None:
        self.entries.clear()

    def __len__(self) -> int:
        return len(self.entries)

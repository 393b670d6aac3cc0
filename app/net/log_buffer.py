"""The log store: a bounded ring of events that the log pane draws from.

Repeated identical failures of one client fold into one entry ("connection refused ×12")
so the pane stays readable; the recording, fed from the same sink, keeps every event.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from app.net.events import Event


@dataclass
class _Fold:
    entry: Event  # the entry shown in the pane, updated in place
    reason: str
    count: int = 1
    after_error: bool = True  # the retry that follows an error belongs to the same cycle
    held: Event | None = None  # a `connecting` that may turn out to repeat the failure


class LogBuffer:
    def __init__(self, limit: int = 100_000) -> None:
        self.entries: deque[Event] = deque(maxlen=limit)
        self.total = 0  # every entry ever appended, including those that fell off the front
        self.revision = 0  # bumped when an entry already shown changes (a fold grows)
        self._folds: dict[str, _Fold] = {}

    @property
    def limit(self) -> int:
        return self.entries.maxlen or 0

    def append(self, event: Event) -> None:
        if (self._folds or event.event == "error") and self._fold(event):
            return
        self.entries.append(event)
        self.total += 1

    def clear(self) -> None:
        self.entries.clear()
        self._folds.clear()

    def __len__(self) -> int:
        return len(self.entries)

    def _fold(self, event: Event) -> bool:
        """True when the event was folded into an earlier entry instead of being added."""
        kind, client = event.event, event.client
        fold = self._folds.get(client)
        if fold is not None:
            if kind == "retry" and fold.after_error:
                fold.after_error = False
                return fold.count > 1
            if kind == "connecting" and not fold.after_error and fold.held is None:
                fold.held = event
                return True
            if kind == "error" and event.extra.get("reason") == fold.reason:
                fold.count += 1
                fold.held = None
                fold.after_error = True
                fold.entry.extra["repeat"] = fold.count
                fold.entry.extra["last_ts"] = event.ts
                self.revision += 1
                return True
            del self._folds[client]
            if fold.held is not None:
                self.entries.append(fold.held)
                self.total += 1
        if kind == "error" and isinstance(event.extra.get("reason"), str):
            shown = Event(client, kind, dict(event.extra), event.ts)
            self._folds[client] = _Fold(shown, event.extra["reason"])
            self.entries.append(shown)
            self.total += 1
            return True
        return False

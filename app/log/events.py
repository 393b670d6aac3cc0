"""Events: what the workers report, in the shape of the README's recording format, and the sink they go to."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

EVENT_KINDS = (
    "host_access",
    "connecting",
    "connected",
    "recv",
    "send",
    "send_error",
    "disconnected",
    "timeout",
    "retry",
    "error",
    "ping",  # control frames: only while they are shown (README, "The recording format")
    "pong",
    "close",
)


@dataclass(slots=True)
class Event:
    """One thing that happened to one client. Binary `data` stays bytes until recorded."""

    client: str  # the component's path, for people (and the recording)
    event: str
    extra: dict[str, Any] = field(default_factory=dict)
    ts: float = field(default_factory=time.time)
    source: int = 0  # the component's stable id (0: not from a live component): survives renames

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"ts": self.ts, "client": self.client, "event": self.event}
        for key, value in self.extra.items():
            if isinstance(value, bytes | bytearray | memoryview):
                value = base64.b64encode(bytes(value)).decode("ascii")
            record[key] = value
        return record


EventHandler = Callable[[Event], None]
BatchHandler = Callable[[list[Event]], None]


class EventSink:
    """Fans every event out to its consumers (the log buffer, the statistics, the recorder).

    A flood arrives as batches (`emit_batch`: one client's messages taken off the socket in one
    read, README "Performance"); a consumer with a batch method takes each batch in one call, the
    others hear its events one by one."""

    def __init__(self) -> None:
        # tuples: the hot path iterates them, and they rarely change
        self._handlers: tuple[EventHandler, ...] = ()
        self._batch_handlers: tuple[BatchHandler, ...] = ()

    def subscribe(self, handler: EventHandler, batch: BatchHandler | None = None) -> Callable[[], None]:
        """Hear every event (a batch through `batch` when given); returns the unsubscribe."""
        whole = batch if batch is not None else one_by_one(handler)
        self._handlers = (*self._handlers, handler)
        self._batch_handlers = (*self._batch_handlers, whole)

        def unsubscribe() -> None:
            self._handlers = tuple(h for h in self._handlers if h is not handler)
            self._batch_handlers = tuple(h for h in self._batch_handlers if h is not whole)

        return unsubscribe

    def emit(self, event: Event) -> None:
        for handler in self._handlers:
            handler(event)

    def emit_batch(self, events: list[Event]) -> None:
        """Events of one client, in order, with one time (one read off its socket)."""
        for handler in self._batch_handlers:
            handler(events)


def one_by_one(handler: EventHandler) -> BatchHandler:
    def each(events: list[Event]) -> None:
        for event in events:
            handler(event)

    return each

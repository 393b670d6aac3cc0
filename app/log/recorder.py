"""`--record FILE`: every event, unabridged, as JSON Lines, flushed at least every second."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import IO

from app.log.events import Event


class RecorderError(Exception):
    pass


class Recorder:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._file: IO[str] = path.open("a", encoding="utf-8", buffering=1024 * 1024)
        except OSError as exc:
            raise RecorderError(f"cannot open the recording {path}: {exc.strerror or exc}") from None
        self._dirty = False
        self.error: str | None = None

    def write(self, event: Event) -> None:
        if self.error is not None:
            return
        try:
            self._file.write(json.dumps(event.to_record()) + "\n")
        except OSError as exc:
            self.error = f"recording to {self.path} stopped: {exc.strerror or exc}"
        self._dirty = True

    def write_batch(self, events: list[Event]) -> None:
        """One read's messages (EventSink.emit_batch), the same lines `write` makes, faster: the
        part every line shares (time, client, kind) is encoded once."""
        if self.error is not None or not events:
            return
        first = events[0]
        shared = json.dumps({"ts": first.ts, "client": first.client, "event": first.event})[:-1] + ", "
        lines = [
            _message_line(shared, event) if _plain_message(event) else json.dumps(event.to_record()) for event in events
        ]
        try:
            self._file.write("\n".join(lines) + "\n")
        except OSError as exc:
            self.error = f"recording to {self.path} stopped: {exc.strerror or exc}"
        self._dirty = True

    def flush(self) -> None:
        if self._dirty and self.error is None:
            self._dirty = False
            try:
                self._file.flush()
            except OSError as exc:
                self.error = f"recording to {self.path} stopped: {exc.strerror or exc}"

    def close(self) -> None:
        self.flush()
        with contextlib.suppress(OSError):
            self._file.close()


_MESSAGE_KEYS = ("type", "data", "size")
_quoted = json.encoder.encode_basestring_ascii  # what json.dumps does to a str (ensure_ascii)


def _plain_message(event: Event) -> bool:
    """A text message of the batch (one client, one time, one kind: EventSink.emit_batch) with only
    type, data and size, in that order: its line can start with the part the batch shares."""
    extra = event.extra
    return tuple(extra) == _MESSAGE_KEYS and extra["data"].__class__ is str and extra["size"].__class__ is int


def _message_line(shared: str, event: Event) -> str:
    extra = event.extra
    return f'{shared}"type": {_quoted(extra["type"])}, "data": {_quoted(extra["data"])}, "size": {extra["size"]}}}'

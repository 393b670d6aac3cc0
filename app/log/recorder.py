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

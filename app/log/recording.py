"""Recordings (README, "The recording format") read back into events, and log entries exported in the same format."""

from __future__ import annotations

import base64
import binascii
import errno
import json
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from app.log.events import Event

MAX_PROBLEMS_SHOWN = 20
MAX_TS = 1e11  # seconds since the epoch: about the year 5138


@dataclass
class LoadedRecording:
    events: list[Event] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 12: ..." for each skipped line
    left_out: int = 0  # the oldest good entries not kept (over the log's limit)


MAX_LINE_BYTES = 64 * 1024 * 1024  # one event; a longer line is skipped without being held
PROGRESS_EVERY = 8 * 1024 * 1024  # bytes between progress reports


def event_from_record(record: object) -> Event:
    """Raises ValueError with a reason when the object is not an event of the recording format."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    ts, client, kind = record.get("ts"), record.get("client"), record.get("event")
    if isinstance(ts, bool) or not isinstance(ts, int | float):
        raise ValueError("'ts' is missing or not a number")
    if not 0 <= ts < MAX_TS:  # also refuses NaN and infinities
        raise ValueError(f"'ts' is not a time ({ts!r:.40})")
    if not isinstance(client, str) or not isinstance(kind, str):
        raise ValueError("'client' or 'event' is missing or not text")
    extra = {k: v for k, v in record.items() if k not in ("ts", "client", "event")}
    if kind in ("recv", "send"):
        kind_of_data, data = extra.get("type"), extra.get("data")
        if kind_of_data == "binary":
            try:
                data = extra["data"] = base64.b64decode(str(data or ""), validate=True)
            except (binascii.Error, ValueError):
                raise ValueError("binary 'data' is not base64") from None
        elif kind_of_data != "text" or not isinstance(data, str):
            raise ValueError("a message needs 'type' text with 'data' text, or 'type' binary with base64 'data'")
        size = extra.get("size")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError("'size' is missing or not a whole number of bytes")
    elif kind in ("ping", "pong", "close") and extra.get("type") == "binary":
        try:
            extra["data"] = base64.b64decode(str(extra.get("data") or ""), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("binary 'data' is not base64") from None
    return Event(client, kind, extra, float(ts))


def read_recording(
    path: Path, limit: int | None = None, progress: Callable[[int, int], None] | None = None
) -> LoadedRecording:
    """Every good line becomes an event; a bad line is reported with its number and skipped.

    Streamed: only the last `limit` events are kept (`left_out` counts the others), a line over
    MAX_LINE_BYTES is skipped, and `progress(bytes read, file size)` is called now and then.
    Raises OSError for what cannot be read, or is not a regular file (a device, a pipe, a folder).
    """
    loaded = LoadedRecording()
    kept: deque[Event] = deque(maxlen=limit)
    good = 0
    with path.open("rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        next_report = PROGRESS_EVERY
        for number, raw in enumerate(_lines(handle), start=1):
            if raw is None:
                loaded.problems.append(f"line {number}: longer than {MAX_LINE_BYTES // 2**20} MiB")
                continue
            if progress is not None and handle.tell() >= next_report:
                next_report = handle.tell() + PROGRESS_EVERY
                progress(handle.tell(), info.st_size)
            if not raw.strip():
                continue
            problem = _read_line(raw, kept)
            if problem:
                loaded.problems.append(f"line {number}: {problem}")
            else:
                good += 1
    loaded.events = list(kept)
    loaded.left_out = good - len(kept)
    return loaded


def _lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """The file's lines, None for one too long to hold (skipped up to its end)."""
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := handle.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield raw


def _read_line(raw: bytes, kept: deque[Event]) -> str:
    """Add the line's event to `kept`, or say what is wrong with it."""
    try:
        kept.append(event_from_record(json.loads(raw)))
    except UnicodeDecodeError:
        return "not UTF-8 text"
    except json.JSONDecodeError as exc:
        return f"not JSON ({exc.msg} at column {exc.colno})"
    except ValueError as exc:
        return str(exc)
    except RecursionError:
        return "JSON nested too deeply"
    return ""


def summarise_problems(path: Path, problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
    more = f"; and {len(problems) - MAX_PROBLEMS_SHOWN} more" if len(problems) > MAX_PROBLEMS_SHOWN else ""
    return f"{path}: skipped {len(problems)} malformed line{'' if len(problems) == 1 else 's'}: {shown}{more}"


def to_jsonl(events: Iterable[Event]) -> bytes:
    """Events as JSON Lines, the recording format."""
    lines = [json.dumps(event.to_record()) for event in events]
    return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")

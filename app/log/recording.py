"""Recordings (README, "The recording format") read back into events, and log entries exported in the same format."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.log.events import Event

MAX_PROBLEMS_SHOWN = 20
MAX_TS = 1e11  # seconds since the epoch: about the year 5138


@dataclass
class LoadedRecording:
    events: list[Event] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 12: ..." for each skipped line


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


def read_recording(path: Path) -> LoadedRecording:
    """Every good line becomes an event; a bad line is reported with its number and skipped."""
    loaded = LoadedRecording()
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                loaded.events.append(event_from_record(json.loads(raw)))
            except UnicodeDecodeError:
                loaded.problems.append(f"line {number}: not UTF-8 text")
            except json.JSONDecodeError as exc:
                loaded.problems.append(f"line {number}: not JSON ({exc.msg} at column {exc.colno})")
            except ValueError as exc:
                loaded.problems.append(f"line {number}: {exc}")
            except RecursionError:
                loaded.problems.append(f"line {number}: JSON nested too deeply")
    return loaded


def summarise_problems(path: Path, problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
    more = f"; and {len(problems) - MAX_PROBLEMS_SHOWN} more" if len(problems) > MAX_PROBLEMS_SHOWN else ""
    return f"{path}: skipped {len(problems)} malformed line(s): {shown}{more}"


def to_jsonl(events: Iterable[Event]) -> bytes:
    """Events as JSON Lines, the recording format."""
    lines = [json.dumps(event.to_record()) for event in events]
    return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")

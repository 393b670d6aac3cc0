"""The ping, pong and close events: through a recording and back, in a log row, in the filter."""

from __future__ import annotations

from pathlib import Path

from app.log.events import EVENT_KINDS, Event
from app.log.filter import LogFilter
from app.log.recording import read_recording, to_jsonl
from app.ui.log.format import describe

C = "Root/Chat/WebsocketClient"
EVENTS = [
    Event(C, "ping", {"direction": "send", "size": 2, "type": "text", "data": "hi"}, 1.0),
    Event(C, "pong", {"direction": "recv", "size": 3, "type": "binary", "data": b"\xff\x00\x1b"}, 2.0),
    Event(C, "pong", {"direction": "recv", "size": 2, "type": "text", "data": "hi", "rtt_ms": 1.25}, 3.0),
    Event(C, "close", {"direction": "recv", "size": 6, "code": 4001, "reason": "bye"}, 4.0),
]


def test_they_round_trip_through_a_recording(tmp_path: Path):
    path = tmp_path / "rec.jsonl"
    path.write_bytes(to_jsonl(EVENTS))
    loaded = read_recording(path)
    assert loaded.problems == []
    assert [(e.event, e.extra) for e in loaded.events] == [(e.event, e.extra) for e in EVENTS]


def test_a_row_says_direction_size_payload_and_round_trip():
    rows = [describe(e) for e in EVENTS]
    assert rows[0] == "→ 2 B  hi"
    assert rows[1] == "← 3 B  ff 00 1b"
    assert rows[2] == "← 2 B  hi  round trip 1.250 ms"
    assert rows[3] == "← 6 B  code 4001  bye"


def test_they_are_kinds_and_connection_events():
    assert {"ping", "pong", "close"} <= set(EVENT_KINDS)
    keep = LogFilter(direction="connection").predicate()
    assert all(keep(e) for e in EVENTS)

"""The log store: bounded, and repeated identical failures folded while the recording keeps all."""

from __future__ import annotations

import json

from app.log.buffer import LogBuffer
from app.log.events import Event, EventSink
from app.log.recorder import Recorder


def cycle(client: str, attempt: int, reason: str = "connection refused") -> list[Event]:
    return [
        Event(client, "connecting", {"url": "ws://x", "attempt": attempt}),
        Event(client, "error", {"reason": reason}),
        Event(client, "retry", {"attempt": attempt + 1, "delay_s": 1.0, "reason": reason}),
    ]


def test_the_bound_holds_and_total_counts_everything():
    buffer = LogBuffer(limit=100)
    for n in range(1000):
        buffer.append(Event("c", "recv", {"type": "text", "data": str(n), "size": 1}))
    assert len(buffer) == 100
    assert buffer.total == 1000
    assert buffer.entries[0].extra["data"] == "900"


def test_identical_failures_fold_into_one_entry(tmp_path):
    buffer = LogBuffer()
    recorder = Recorder(tmp_path / "rec.jsonl")
    sink = EventSink()
    sink.subscribe(buffer.append)
    sink.subscribe(recorder.write)
    for attempt in range(1, 13):
        for event in cycle("A", attempt):
            sink.emit(event)
    recorder.close()
    kinds = [e.event for e in buffer.entries]
    assert kinds == ["connecting", "error", "retry"]
    assert buffer.entries[1].extra["repeat"] == 12
    recorded = [json.loads(line) for line in (tmp_path / "rec.jsonl").read_text().splitlines()]
    assert len(recorded) == 36
    assert all("repeat" not in r for r in recorded)


def test_a_different_outcome_ends_the_fold_and_keeps_its_connecting():
    buffer = LogBuffer()
    for attempt in (1, 2, 3):
        for event in cycle("A", attempt):
            buffer.append(event)
    buffer.append(Event("A", "connecting", {"url": "ws://x", "attempt": 4}))
    buffer.append(Event("A", "connected", {"url": "ws://x"}))
    kinds = [(e.event, e.extra.get("attempt")) for e in buffer.entries]
    assert kinds == [("connecting", 1), ("error", None), ("retry", 4), ("connecting", 4), ("connected", None)]
    assert buffer.entries[1].extra["repeat"] == 3


def test_a_new_reason_starts_a_new_entry_and_clients_fold_separately():
    buffer = LogBuffer()
    for attempt in (1, 2):
        for event in cycle("A", attempt) + cycle("B", attempt, "HTTP 403"):
            buffer.append(event)
    for event in cycle("A", 3, "DNS lookup failed"):
        buffer.append(event)
    errors = [(e.client, e.extra["reason"], e.extra.get("repeat")) for e in buffer.entries if e.event == "error"]
    assert errors == [
        ("A", "connection refused", 2),
        ("B", "HTTP 403", 2),
        ("A", "DNS lookup failed", None),
    ]


def test_the_ring_holds_a_bounded_number_of_bytes():
    buffer = LogBuffer(limit=100_000, max_bytes=1000)
    for _n in range(50):
        buffer.append(Event("c", "recv", {"type": "text", "data": "x" * 300, "size": 300}))
    assert len(buffer) == 3
    assert buffer.bytes == 900
    assert buffer.total == 50


def test_a_fold_whose_entry_left_the_ring_starts_again():
    buffer = LogBuffer(limit=3)
    failure = {"reason": "connection refused"}
    buffer.append(Event("A", "error", dict(failure)))
    for n in range(5):
        buffer.append(Event("B", "recv", {"type": "text", "data": str(n), "size": 1}))
    buffer.append(Event("A", "error", dict(failure)))
    assert [(e.client, e.event) for e in buffer.entries][-1] == ("A", "error")


def test_the_folded_retry_row_shows_the_latest_attempt_delay_and_time():
    buffer = LogBuffer()
    for attempt in range(1, 25):
        for event in cycle("A", attempt):
            buffer.append(event)
    latest = Event("A", "retry", {"attempt": 26, "delay_s": 2.0, "reason": "connection refused"}, ts=5e9)
    buffer.append(Event("A", "connecting", {"url": "ws://x", "attempt": 25}))
    buffer.append(Event("A", "error", {"reason": "connection refused"}))
    revision = buffer.revision
    buffer.append(latest)
    retries = [e for e in buffer.entries if e.event == "retry"]
    assert len(retries) == 1
    assert (retries[0].extra["attempt"], retries[0].extra["delay_s"], retries[0].ts) == (26, 2.0, 5e9)
    assert buffer.revision > revision  # the view redraws the row
    assert retries[0] is not latest  # the recording's event is never changed by the fold

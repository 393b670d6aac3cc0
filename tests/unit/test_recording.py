"""Recordings read back: bad lines reported with their numbers, sizes never trusted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.log.events import Event
from app.log.recorder import Recorder
from app.log.recording import read_recording
from app.session import Session, SessionConfig
from tests.helpers.common import LOCAL


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"ts": 1, "client": "a", "event": "recv", "type": "text", "data": "x", "size": "big"}', "'size'"),
        ('{"ts": 1, "client": "a", "event": "recv", "type": "text", "data": "x", "size": null}', "'size'"),
        ('{"ts": 1e400, "client": "a", "event": "recv"}', "'ts' is not a time"),
        ('{"ts": -5, "client": "a", "event": "recv"}', "'ts' is not a time"),
        ('{"ts": 1, "client": "a", "event": "send", "type": "text", "data": 5, "size": 1}', "needs 'type'"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["size-text", "size-null", "ts-huge", "ts-negative", "data-not-text", "deep-nesting"],
)
def test_bad_recording_lines_are_reported_not_raised(tmp_path: Path, line: str, problem: str):
    path = tmp_path / "r.jsonl"
    good = json.dumps({"ts": 2.0, "client": "a", "event": "connected", "url": "ws://x"})
    path.write_text(line + "\n" + good + "\n")
    loaded = read_recording(path)
    assert len(loaded.events) == 1
    assert problem in loaded.problems[0]


def test_a_recordings_size_fields_cannot_empty_the_log_or_lift_its_byte_cap(paths, tmp_path: Path):
    """The ring measures what each entry holds; a `size` field in a file could say anything."""
    from app.log.buffer import DEFAULT_MAX_BYTES
    from app.session import Session, SessionConfig

    client = "Root/A/WebsocketClient"
    lines = [
        {"ts": 1.0 + i, "client": client, "event": "recv", "type": "text", "data": f"m{i}", "size": 2} for i in range(5)
    ]
    lines.append(
        {"ts": 10.0, "client": client, "event": "recv", "type": "text", "data": "x", "size": DEFAULT_MAX_BYTES + 1}
    )
    lines.append({"ts": 11.0, "client": client, "event": "connected", "url": "ws://h/", "size": -(10**12)})
    recording = tmp_path / "r.jsonl"
    recording.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    session = Session(SessionConfig(paths=paths, local_user=LOCAL, open_recording=recording))
    assert len(session.log) == 7
    assert session.log.bytes == sum(len(f"m{i}") for i in range(5)) + 1


def test_a_recording_over_the_log_limit_keeps_the_last_entries_and_counts_the_rest(tmp_path: Path, paths):
    lines = [
        json.dumps({"ts": 1.0 + n, "client": "Root/A/WebsocketClient", "event": "error", "reason": f"r{n}"})
        for n in range(250)
    ]
    path = tmp_path / "rec.jsonl"
    path.write_text("\n".join([*lines[:100], "not json", *lines[100:]]) + "\n")
    loaded = read_recording(path, limit=100)
    assert [e.extra["reason"] for e in loaded.events] == [f"r{n}" for n in range(150, 250)]
    assert loaded.left_out == 150
    assert loaded.problems == ["line 101: not JSON (Expecting value at column 1)"]
    paths.settings_file.parent.mkdir(parents=True)
    paths.settings_file.write_text("log_limit = 100\n")
    session = Session(SessionConfig(paths=paths, local_user=LOCAL, open_recording=path))
    assert len(session.log) == 100
    assert any("the 150 before them were left out (the log keeps 100)" in n for n in session.notices)


def test_a_line_too_long_to_hold_is_skipped(tmp_path: Path, monkeypatch):
    import app.log.recording as recording

    monkeypatch.setattr(recording, "MAX_LINE_BYTES", 1000)
    good = json.dumps({"ts": 1.0, "client": "app", "event": "error", "reason": "kept"})
    path = tmp_path / "rec.jsonl"
    path.write_text(f'{good}\n{{"reason": "{"x" * 5000}"}}\n{good}\n')
    loaded = read_recording(path)
    assert len(loaded.events) == 2
    assert len(loaded.problems) == 1 and loaded.problems[0].startswith("line 2: longer than")


def test_a_batch_is_recorded_line_for_line_as_its_events_one_by_one(tmp_path):
    """The recorder's batch path (a flood's reads) writes exactly what `write` would, whatever the
    messages hold (a `by`, binary data, an empty text)."""
    ts = 1764350000.123456
    events = [
        Event("Root/Chat/WebsocketClient", "recv", {"type": "text", "data": "plain", "size": 5}, ts, 3),
        Event(
            "Root/Chat/WebsocketClient", "recv", {"type": "text", "data": 'é "q" \x1b[2J \u202e ✓', "size": 19}, ts, 3
        ),
        Event("Root/Chat/WebsocketClient", "recv", {"type": "binary", "data": b"\x00\xff", "size": 2}, ts, 3),
        Event("Root/Chat/WebsocketClient", "recv", {"type": "text", "data": "", "size": 0}, ts, 3),
        Event("Root/Chat/WebsocketClient", "send", {"type": "text", "data": "x", "size": 1, "by": "Root/A"}, ts, 3),
        Event("Root/Other", "recv", {"type": "text", "data": "elsewhere", "size": 9}, ts + 1, 4),
    ]
    one_by_one, batched = Recorder(tmp_path / "a.jsonl"), Recorder(tmp_path / "b.jsonl")
    for event in events:
        one_by_one.write(event)
    batched.write_batch(events[:-1])  # one read of one client: one time
    batched.write_batch(events[-1:])  # another client's read
    one_by_one.close()
    batched.close()
    assert (tmp_path / "b.jsonl").read_bytes() == (tmp_path / "a.jsonl").read_bytes()
    assert len((tmp_path / "b.jsonl").read_text().splitlines()) == len(events)

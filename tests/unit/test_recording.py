"""Recordings read back: bad lines reported with their numbers, sizes never trusted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.log.recording import read_recording
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

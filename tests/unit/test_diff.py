"""Diff of two recordings: alignment per client, JSON by structure, ignored keys, text and bytes."""

from __future__ import annotations

import pytest

from app.log.diff import diff_recordings
from tests.helpers.recordings import CHAT, echo_session, message


def test_a_recording_matches_a_copy_with_other_times():
    a = echo_session(100.0)
    b = echo_session(5000.0)
    result = diff_recordings(a, b)
    assert result.matches
    assert result.same == 7
    assert result.drift() == (pytest.approx(0.0), pytest.approx(0.0))


def test_changed_json_value_missing_and_extra_messages():
    a = [
        message("recv", '{"user": {"name": "Ann", "seq": 1}, "n": 1}', 1.0),
        message("send", "first", 2.0),
        message("recv", "only in A", 3.0),
        message("send", "last", 4.0),
    ]
    b = [
        message("recv", '{"n": 1, "user": {"seq": 2, "name": "Bob"}}', 1.5),
        message("send", "first", 2.5),
        message("send", "last", 4.5),
        message("recv", "only in B", 5.0),
    ]
    result = diff_recordings(a, b)
    kinds = [(d.kind, d.index) for d in result.differences]
    assert kinds == [("changed", 1), ("missing", 3), ("extra", 4)]
    changed = result.differences[0]
    assert changed.detail == '$.user.name: "Ann" → "Bob"; $.user.seq: 1 → 2'
    assert result.same == 2
    assert not result.matches


def test_ignored_keys_at_any_depth_do_not_count():
    a = [message("recv", '{"ts": 1, "items": [{"seq": 1, "v": "x"}], "time": 3}', 1.0)]
    b = [message("recv", '{"ts": 9, "items": [{"seq": 7, "v": "x"}], "time": 4}', 1.0)]
    assert not diff_recordings(a, b).matches
    assert diff_recordings(a, b, ignore=["ts", "seq", "time"]).matches
    c = [message("recv", '{"ts": 9, "items": [{"seq": 7, "v": "y"}]}', 1.0)]
    different = diff_recordings(a, c, ignore=["ts", "seq", "time"])
    assert [d.detail for d in different.differences] == ['$.items[0].v: "x" → "y"']


def test_json_compares_structure_and_types_not_spelling():
    a = [message("recv", '{"a": 1, "b": [1, 2]}', 1.0)]
    assert diff_recordings(a, [message("recv", '{ "b":[1,2],\n "a":1 }', 1.0)]).matches
    floats = diff_recordings(a, [message("recv", '{"a": 1.0, "b": [1, 2]}', 1.0)])
    assert [d.detail for d in floats.differences] == ["$.a: 1 → 1.0"]


def test_text_as_text_and_binary_as_bytes():
    a = [message("recv", "hello world", 1.0), message("recv", b"\x00\x01\x02", 2.0)]
    b = [message("recv", "hello World", 1.0), message("recv", b"\x00\x01\x03\x04", 2.0)]
    details = [d.detail for d in diff_recordings(a, b).differences]
    assert details == ["text differs at character 6", "bytes differ at offset 2 (3 B, 4 B)"]
    mixed = diff_recordings([message("recv", "AB", 1.0)], [message("recv", b"AB", 1.0)])
    assert [d.detail for d in mixed.differences] == ["text in one, binary in the other"]


def test_a_sent_message_is_never_paired_with_a_received_one():
    a = [message("send", "x", 1.0)]
    b = [message("recv", "x", 1.0)]
    assert [d.kind for d in diff_recordings(a, b).differences] == ["missing", "extra"]


def test_clients_are_compared_separately_and_a_missing_client_is_all_missing():
    other = "Root/Other/WebsocketClient"
    a = [message("recv", "1", 1.0), message("recv", "z", 1.5, client=other)]
    b = [message("recv", "z", 1.0, client=other), message("recv", "1", 2.0)]
    assert diff_recordings(a, b).matches
    only_a = diff_recordings(a, [message("recv", "1", 2.0)])
    assert [(d.client, d.kind) for d in only_a.differences] == [(other, "missing")]
    assert [c.client for c in only_a.clients] == [CHAT, other]


def test_timing_drift_is_reported_but_is_not_a_difference():
    a = [message("recv", "1", 10.0), message("recv", "2", 11.0)]
    b = [message("recv", "1", 50.0), message("recv", "2", 53.5)]
    result = diff_recordings(a, b)
    assert result.matches
    assert result.drift() == (2.5, 1.25)

"""The ProtoFlux components: refusals when typed, the scene file's names, and the guards' arithmetic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.log.events import Event
from app.log.filter import ANY_BEHAVIOUR, LogFilter, senders
from app.model import COMPONENT_TYPES, FieldError, ReplyOnMatch, SavedMessages, SendOnConnect, SendPeriodically
from app.net.protoflux.limiter import RateLimiter
from app.net.protoflux.loop_guard import RUNAWAY_REPLIES, LoopGuard
from app.store.scene_file import SceneFile, read_scene, scene_to_toml

SPEC_EXAMPLE = """\
[[slot]]
path = "Root/Feed"

[[component]]
slot = "Root/Feed"
type = "WebsocketClient"
URL = "ws://127.0.0.1:9000/feed"

[[component]]
slot = "Root/Feed"
type = "SendOnConnect"
Data = '{"op": "subscribe", "channel": "ticker", "id": {{n}}}'
Binary = false                   # true: Data is hex
Delay = 0.0

[[component]]
slot = "Root/Feed"
type = "SendPeriodically"
Data = '{"op": "ping", "at": "{{now}}"}'
Interval = 5.0

[[component]]
slot = "Root/Feed"
type = "ReplyOnMatch"
Reply = '{"op": "pong", "id": {{id}}}'
Pattern = '^\\{"op": ?"ping", ?"id": ?(?P<id>\\d+)'

[[component]]
slot = "Root/Feed"
type = "SavedMessages"
Messages = [["subscribe", '{"op": "subscribe"}'], ["bye", '{"op": "unsubscribe"}']]
"""


def test_the_four_types_are_listed_under_protoflux_and_go_beyond_resonite():
    for name in ("SendOnConnect", "SendPeriodically", "ReplyOnMatch", "SavedMessages"):
        cls = COMPONENT_TYPES[name]
        assert cls.CATEGORY == "ProtoFlux" and cls.BEYOND_RESONITE
        assert {"persistent", "UpdateOrder", "Enabled", "Client"} <= set(cls.field_names())


def test_the_scene_file_example_loads_in_any_field_order_and_round_trips(tmp_path: Path):
    path = tmp_path / "scene.toml"
    path.write_text(SPEC_EXAMPLE)  # Reply before the Pattern whose group it uses
    scene = read_scene(path, "me")
    reply = scene.find_component("Root/Feed/ReplyOnMatch")
    assert reply["Reply"] == '{"op": "pong", "id": {{id}}}'
    saved = scene.find_component("Root/Feed/SavedMessages")
    assert saved["Messages"] == (("subscribe", '{"op": "subscribe"}'), ("bye", '{"op": "unsubscribe"}'))
    assert scene.find_component("Root/Feed/SendPeriodically")["Interval"] == 5.0
    file = SceneFile(tmp_path / "again.toml")
    file.save(scene)
    assert scene_to_toml(read_scene(file.path, "me")) == file.path.read_text()
    assert read_scene(file.path, "me").find_component("Root/Feed/SavedMessages")["Messages"] == saved["Messages"]


@pytest.mark.parametrize(
    ("component", "field", "text", "reason"),
    [
        (SendOnConnect, "Data", '{"id": {{nope}}}', "not a placeholder"),
        (SendOnConnect, "Data", "{{n", "never closed"),
        (SendOnConnect, "Delay", "-1", "at least 0 seconds"),
        (SendPeriodically, "Interval", "0.05", "at least 0.1 seconds"),
        (ReplyOnMatch, "Pattern", "(unclosed", "not a valid regular expression: missing )"),
        (ReplyOnMatch, "Reply", "pong {{id}}", "the Pattern has no such group"),
        (SavedMessages, "Messages", "hello: {{wat?}}", "hello: {{wat?}} is not a placeholder"),
        (SavedMessages, "Messages", "no colon here", "write a pair as 'name: value'"),
        (SendOnConnect, "Data", "\x1b[2J", "cannot contain control characters"),
        (ReplyOnMatch, "Pattern", "\u202e", "cannot contain control characters"),
        (SavedMessages, "Messages", "x: \x1b]52;c;ZXZpbA==\x07", "cannot contain control characters"),
    ],
)
def test_bad_values_are_refused_when_typed_with_the_reason(component, field, text, reason):
    with pytest.raises(FieldError, match=re.escape(reason)):
        component().set_text(field, text)


def test_json_braces_are_plain_text_in_a_template():
    hello = SendOnConnect()
    hello.set_text("Data", '{"op": {"nested": [1, {}]}, "id": {{n}}}')
    assert hello["Data"].startswith('{"op": {"nested"')


def test_binary_data_must_be_hex_while_binary_is_on():
    hello = SendOnConnect()
    hello.set("Data", "not hex")
    with pytest.raises(FieldError, match="Binary is on, so Data must be hex"):
        hello.set("Binary", True)
    hello.set("Data", "de ad be ef")
    hello.set("Binary", True)
    with pytest.raises(FieldError, match="is not a hex digit"):
        hello.set_text("Data", "{{n}}")


def test_a_pattern_that_would_break_the_reply_is_refused():
    rule = ReplyOnMatch()
    rule.set("Pattern", r"ping (?P<id>\d+) (\w+)")
    rule.set("Reply", "pong {{id}} {{2}}")
    with pytest.raises(FieldError, match="change the Reply first"):
        rule.set("Pattern", r"ping (\d+)")
    rule.set("Pattern", r"PING (?P<id>\d+) (\w+)")  # the same groups: fine


def test_the_rate_limiter_allows_100_in_any_second_and_counts_the_rest():
    now = [0.0]
    limiter = RateLimiter(clock=lambda: now[0])
    assert all(limiter.allow() for _ in range(100))
    assert not limiter.allow() and not limiter.allow()
    assert limiter.end_burst() == 2
    now[0] = 1.0
    assert limiter.allow()


def test_the_loop_guard_knows_its_own_echo_and_a_runaway():
    now = [0.0]
    guard = LoopGuard(clock=lambda: now[0])
    guard.replied("pong 1")
    assert guard.loop_in("ping 2") is None
    assert "own reply" in guard.loop_in("pong 1")
    now[0] = 10.0  # long forgotten
    assert guard.loop_in("pong 1") is None
    for n in range(RUNAWAY_REPLIES):
        guard.replied(f"pong {n}")
    assert "replied more than" in guard.loop_in("ping x")


def test_the_filter_selects_what_a_behaviour_sent():
    by_rule = Event(
        "Root/A/WebsocketClient", "send", {"type": "text", "data": "x", "size": 1, "by": "Root/A/ReplyOnMatch"}
    )
    by_hand = Event("Root/A/WebsocketClient", "send", {"type": "text", "data": "x", "size": 1})
    closed = Event("Root/A/WebsocketClient", "disconnected", {"by": "server"})
    events = [by_rule, by_hand, closed]
    assert LogFilter(by="Root/A/ReplyOnMatch").matching(events) == [0]
    assert LogFilter(by=ANY_BEHAVIOUR).matching(events) == [0]
    assert LogFilter(by="server").matching(events) == []  # a disconnect's `by` is not a sender
    assert senders(events) == {"Root/A/ReplyOnMatch"}

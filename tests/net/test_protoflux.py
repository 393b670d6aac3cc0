"""The ProtoFlux behaviours against real loopback servers: send on (every) connect, periodic
sends that follow the connection, replies with groups, templates at send time, the rate cap and
the reply-loop guard."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime

from websockets.asyncio.server import ServerConnection, serve

import app.net.protoflux  # noqa: F401 - registers the behaviours
from app.log.events import EventSink
from app.log.filter import LogFilter
from app.log.recorder import Recorder
from app.log.recording import read_recording
from app.model import Component, ReplyOnMatch, SendOnConnect, SendPeriodically
from app.net.connections import SceneConnections
from app.net.protoflux.limiter import MAX_PER_SECOND
from tests.helpers.access import granted
from tests.helpers.common import echo, make_client, wait_until


class Inbox:
    """A server handler that keeps what each connection received, one list per connection."""

    def __init__(self, then=None) -> None:
        self.per_connection: list[list[str | bytes]] = []
        self.then = then

    async def __call__(self, ws: ServerConnection) -> None:
        received: list[str | bytes] = []
        self.per_connection.append(received)
        async for message in ws:
            received.append(message)
            if self.then is not None:
                await self.then(ws, message)

    def all(self) -> list[str | bytes]:
        return [m for messages in self.per_connection for m in messages]


def running(url: str, *components: Component, events) -> tuple[SceneConnections, Component]:
    scene, client = make_client(url)
    for component in components:
        client.slot.attach_component(component)
    connections = SceneConnections(scene, events, granted(url))
    connections.start()
    return connections, client


def send_on_connect(data: str, delay: float = 0.0, binary: bool = False) -> SendOnConnect:
    component = SendOnConnect()
    component.set("Data", data)
    component.set("Delay", delay)
    component.set("Binary", binary)
    return component


def reply_on_match(pattern: str, reply: str) -> ReplyOnMatch:
    component = ReplyOnMatch()
    component.set("Pattern", pattern)
    component.set("Reply", reply)
    return component


def send_periodically(data: str, interval: float) -> SendPeriodically:
    component = SendPeriodically()
    component.set("Data", data)
    component.set("Interval", interval)
    return component


async def test_send_on_connect_runs_once_on_every_connection_even_after_a_server_restart(ws_server, events):
    inbox = Inbox()
    server = await ws_server(inbox)
    hello = send_on_connect('{"op": "subscribe", "id": {{n}}}', delay=0.05)
    connections, _client = running(server.url(), hello, events=events)
    try:
        await wait_until(lambda: len(inbox.all()) == 1)
        await server.connections[0].close()  # the server ends the connection: the client retries
        await wait_until(lambda: len(inbox.per_connection) == 2 and len(inbox.all()) == 2)
        port = server.port
        server.server.close()  # the server goes away entirely, then comes back on the same port
        await server.server.wait_closed()
        await events.wait_for("disconnected", count=2)
        async with serve(inbox, "127.0.0.1", port, compression=None, ping_interval=None):
            await wait_until(lambda: len(inbox.all()) == 3)
            await asyncio.sleep(0.3)  # a second send per connection would have arrived by now
        assert [[json.loads(m) for m in messages] for messages in inbox.per_connection] == [
            [{"op": "subscribe", "id": 1}],
            [{"op": "subscribe", "id": 2}],
            [{"op": "subscribe", "id": 3}],
        ]
        sends = events.of("send")
        assert len(sends) == 3 and {e.extra["by"] for e in sends} == {hello.path}
    finally:
        await connections.stop()


async def test_send_on_connect_sends_binary_hex(ws_server, events):
    inbox = Inbox()
    server = await ws_server(inbox)
    connections, _ = running(server.url(), send_on_connect("de ad be ef", binary=True), events=events)
    try:
        await wait_until(lambda: inbox.all() == [b"\xde\xad\xbe\xef"])
    finally:
        await connections.stop()


async def test_periodic_sends_stop_on_disconnect_and_resume_on_connect(ws_server, events):
    inbox = Inbox()
    server = await ws_server(inbox)
    ticker = send_periodically("tick {{n}}", 0.1)
    connections, client = running(server.url(), ticker, events=events)
    try:
        await wait_until(lambda: len(inbox.all()) >= 3)
        connections.worker_for(client).disconnect()
        await events.wait_for("disconnected")
        sent_before = len(events.of("send"))
        await asyncio.sleep(0.5)  # five intervals without a connection
        assert len(events.of("send")) == sent_before
        assert not [e for e in events.of("send_error") if e.extra.get("by") == ticker.path]
        connections.worker_for(client).connect()
        await events.wait_for("connected", count=2)
        await wait_until(lambda: len(inbox.per_connection) == 2 and len(inbox.per_connection[1]) >= 2)
        numbers = [int(str(m).split()[1]) for m in inbox.all()]
        assert numbers == list(range(1, len(numbers) + 1))  # one counter across connections
    finally:
        await connections.stop()


async def test_a_new_interval_takes_effect_at_once(ws_server, events):
    inbox = Inbox()
    server = await ws_server(inbox)
    ticker = send_periodically("tick", 3600.0)
    connections, _ = running(server.url(), ticker, events=events)
    try:
        await events.wait_for("connected")
        ticker.set("Interval", 0.1)
        await wait_until(lambda: len(inbox.all()) >= 2)
    finally:
        await connections.stop()


async def test_a_reply_uses_the_groups_of_the_match(ws_server, events):
    async def pinger(ws: ServerConnection) -> None:
        await ws.send("ping 42 from alice")
        await ws.send("something else")
        await Inbox.__call__(inbox, ws)

    inbox = Inbox()
    server = await ws_server(pinger)
    rule = reply_on_match(r"^ping (\d+) from (?P<who>\w+)", '{"pong": {{1}}, "to": "{{who}}", "n": {{n}}}')
    connections, _ = running(server.url(), rule, events=events)
    try:
        await wait_until(lambda: len(inbox.all()) == 1)
        assert json.loads(inbox.all()[0]) == {"pong": 42, "to": "alice", "n": 1}
        assert (await events.wait_for("send")).extra["by"] == rule.path
        assert connections.behaviour_for(rule).status.sent == 1
    finally:
        await connections.stop()


async def test_every_placeholder_is_filled_at_send_time(ws_server, events, monkeypatch):
    monkeypatch.setenv("WSI_TEST_TOKEN", "token-1234")
    inbox = Inbox()
    server = await ws_server(inbox)
    data = '{"n": {{n}}, "now": "{{now}}", "unix": {{unix}}, "token": "{{env:WSI_TEST_TOKEN}}", "raw": {"a": 1}}'
    connections, _ = running(server.url(), send_on_connect(data), events=events)
    try:
        await wait_until(lambda: len(inbox.all()) == 1)
        sent = json.loads(inbox.all()[0])
        assert sent["n"] == 1 and sent["token"] == "token-1234" and sent["raw"] == {"a": 1}
        assert abs(datetime.fromisoformat(sent["now"]).timestamp() - sent["unix"]) < 2
        logged = (await events.wait_for("send")).extra["data"]  # the server got the token; the log did not
        assert "token-1234" not in logged and '"token": "••••"' in logged
    finally:
        await connections.stop()


async def test_a_missing_environment_variable_is_a_logged_failure_not_an_empty_message(ws_server, events):
    inbox = Inbox()
    server = await ws_server(inbox)
    hello = send_on_connect("login {{env:WSI_SURELY_NOT_SET_ANYWHERE}}")
    connections, _ = running(server.url(), hello, events=events)
    try:
        failure = await events.wait_for("error", by=hello.path)
        assert "WSI_SURELY_NOT_SET_ANYWHERE is not set" in failure.extra["reason"]
        await asyncio.sleep(0.2)
        assert inbox.all() == [] and events.of("send") == []
        assert "not set" in connections.behaviour_for(hello).status.last_error
    finally:
        await connections.stop()


async def test_behaviours_send_at_most_100_a_second_per_client(ws_server, events):
    inbox = Inbox()
    server = await ws_server(inbox)
    many = [send_on_connect(f"m{i}") for i in range(MAX_PER_SECOND + 50)]  # all at the same OnConnected
    connections, _ = running(server.url(), *many, events=events)
    try:
        await wait_until(lambda: len(inbox.all()) == MAX_PER_SECOND)
        await asyncio.sleep(0.2)
        assert len(inbox.all()) == MAX_PER_SECOND
        capped = [e for e in events.of("error") if "dropping" in e.extra["reason"]]
        assert len(capped) == 1  # logged once for the burst
    finally:
        await connections.stop()


async def test_a_rule_that_matches_its_own_echoed_reply_is_disabled_once(ws_server, events):
    server = await ws_server(echo)
    rule = reply_on_match("hello", "hello back {{n}}")
    connections, client = running(server.url(), rule, events=events)
    try:
        await events.wait_for("connected")
        await connections.worker_for(client).send("hello")
        stopped = await events.wait_for("error", by=rule.path)
        assert "reply loop" in stopped.extra["reason"]
        assert rule["Enabled"] is False
        assert "reply loop" in connections.behaviour_for(rule).status.last_error
        await asyncio.sleep(0.2)
        assert [e.extra["data"] for e in events.of("send") if e.extra.get("by")] == ["hello back 1"]
        assert len([e for e in events.of("error") if "reply loop" in e.extra["reason"]]) == 1
    finally:
        await connections.stop()


async def test_a_rule_answered_by_another_rule_for_ever_is_disabled(ws_server, events):
    async def other_side(ws: ServerConnection) -> None:  # another inspector: answers every reply
        n = 0
        async for _message in ws:
            n += 1
            await ws.send(f"ping {n}")

    server = await ws_server(other_side)
    rule = reply_on_match(r"^ping (\d+)", "pong {{1}}")
    connections, _ = running(server.url(), send_on_connect("start"), rule, events=events)
    try:
        stopped = await events.wait_for("error", by=rule.path)
        assert "replied more than" in stopped.extra["reason"]
        assert rule["Enabled"] is False
    finally:
        await connections.stop()


async def test_behaviour_sends_are_recorded_with_by_and_found_by_the_filter(ws_server, events, tmp_path):
    recorder = Recorder(tmp_path / "run.jsonl")
    sink = EventSink()
    sink.subscribe(events)
    sink.subscribe(recorder.write)
    server = await ws_server(echo)
    hello = send_on_connect("hello {{n}}")
    scene, client = make_client(server.url())
    client.slot.attach_component(hello)
    connections = SceneConnections(scene, sink.emit, granted(server.url()))
    connections.start()
    try:
        await events.wait_for("recv", data="hello 1")
        await connections.worker_for(client).send("by hand")
        await events.wait_for("recv", data="by hand")
    finally:
        await connections.stop()
        recorder.close()
    recorded = read_recording(tmp_path / "run.jsonl").events
    sends = [e for e in recorded if e.event == "send"]
    assert [(e.extra["data"], e.extra.get("by")) for e in sends] == [("hello 1", hello.path), ("by hand", None)]
    picked = [recorded[i] for i in LogFilter(by=hello.path).matching(recorded)]
    assert [e.extra["data"] for e in picked] == ["hello 1"]


async def test_a_behaviour_on_an_inactive_slot_does_nothing(ws_server, events):
    inbox = Inbox()
    server = await ws_server(inbox)
    scene, client = make_client(server.url())
    off = scene.root.add_child("Automation")
    off.set_active(False)
    hello = send_on_connect("hello")
    hello.set("Client", "Root/Chat")
    off.attach_component(hello)
    connections = SceneConnections(scene, events, granted(server.url()))
    connections.start()
    try:
        await events.wait_for("connected")
        await asyncio.sleep(0.2)
        assert inbox.all() == []
        off.set_active(True)
        connections.worker_for(client).reconnect()
        await wait_until(lambda: inbox.all() == ["hello"])
    finally:
        await connections.stop()


async def test_periodic_sends_stop_with_their_slot_and_resume_when_it_is_active_again(ws_server, events):
    """On a slot of its own, apart from its client's: the client stays connected throughout."""
    inbox = Inbox()
    server = await ws_server(inbox)
    scene, _client = make_client(server.url())
    automation = scene.root.add_child("Automation")
    ticker = send_periodically("tick", 0.1)
    ticker.set("Client", "Root/Chat")
    automation.attach_component(ticker)
    connections = SceneConnections(scene, events, granted(server.url()))
    connections.start()
    try:
        await wait_until(lambda: len(inbox.all()) >= 2)
        automation.set_active(False)
        await asyncio.sleep(0.15)
        stopped_at = len(inbox.all())
        await asyncio.sleep(0.5)  # five intervals while off
        assert len(inbox.all()) == stopped_at
        automation.set_active(True)
        await wait_until(lambda: len(inbox.all()) >= stopped_at + 2)
        assert len(events.of("connected")) == 1  # no reconnect was needed
    finally:
        await connections.stop()


async def test_a_rule_on_a_slot_switched_off_hears_nothing_until_it_is_on_again(ws_server, events):
    """The socket stops handing it messages (it costs the flood nothing) and starts again."""
    inbox = Inbox()
    server = await ws_server(inbox)
    scene, client = make_client(server.url())
    automation = scene.root.add_child("Automation")
    rule = reply_on_match("^ping", "pong")
    rule.set("Client", "Root/Chat")
    automation.attach_component(rule)
    connections = SceneConnections(scene, events, granted(server.url()))
    connections.start()
    try:
        await events.wait_for("connected")
        worker = connections.worker_for(client)
        assert worker.receivers == (connections.behaviour_for(rule),)
        automation.set_active(False)
        assert worker.receivers == ()
        automation.set_active(True)
        assert worker.receivers == (connections.behaviour_for(rule),)
    finally:
        await connections.stop()


async def test_a_pattern_too_slow_for_a_message_is_given_up_and_the_rule_disabled(ws_server, events):
    async def hostile(ws: ServerConnection) -> None:
        await ws.send("x" * 5000)  # (x+x+)+y backtracks for ever on this
        await ws.send("still reading")
        await ws.wait_closed()

    server = await ws_server(hostile)
    rule = reply_on_match(r"(x+x+)+y", "never")
    connections, _ = running(server.url(), rule, events=events)
    try:
        stopped = await events.wait_for("error", by=rule.path)
        assert "took over 20 ms" in stopped.extra["reason"]
        assert rule["Enabled"] is False
        await events.wait_for("recv", data="still reading")  # the socket kept being read
        assert events.of("send") == []
    finally:
        await connections.stop()


async def test_a_rule_switched_off_is_not_handed_the_messages(ws_server, events):
    server = await ws_server(echo)
    rule = reply_on_match("^ping", "pong")
    connections, client = running(server.url(), rule, events=events)
    try:
        worker = connections.worker_for(client)
        assert worker.receivers == (connections.behaviour_for(rule),)
        rule.set("Enabled", False)  # the socket path skips it: no call per message while it is off
        assert worker.receivers == ()
        rule.set("Enabled", True)
        assert worker.receivers == (connections.behaviour_for(rule),)
    finally:
        await connections.stop()

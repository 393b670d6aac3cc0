"""Ping, pong and close frames: /ping's round trip, /close with a code, and the toggle that logs
control frames from both sides."""

from __future__ import annotations

import asyncio

from websockets.asyncio.server import ServerConnection

from tests.helpers.common import closes_into, echo
from tests.helpers.workers import start_worker


async def test_ping_logs_the_round_trip(ws_server, events):
    server = await ws_server(echo)
    worker = start_worker(server.url(), events)
    await events.wait_for("connected")
    assert await worker.ping("are you there")
    pong = events.of("pong")[0].extra
    assert pong["data"] == "are you there" and pong["size"] == 13 and pong["direction"] == "recv"
    assert 0 <= pong["rtt_ms"] < 5000
    assert not events.of("ping")  # the frames themselves only with the toggle on
    await worker.stop()


async def test_a_ping_nobody_answers_is_reported(ws_server, events):
    server = await ws_server(echo)
    worker = start_worker(server.url(), events, ping_timeout=0.2)
    await events.wait_for("connected")
    server.connections[0].transport.pause_reading()
    assert not await worker.ping("x")
    assert events.of("error")[-1].extra["reason"] == "no pong within 0.2 s"
    server.connections[0].transport.abort()
    await worker.stop()


async def test_close_with_a_code_and_reason_reaches_the_server_and_holds(ws_server, events):
    seen: list[tuple[int | None, str | None]] = []
    server = await ws_server(closes_into(seen))
    worker = start_worker(server.url(), events)
    await events.wait_for("connected")
    worker.disconnect(4001, "done testing")
    closed = await events.wait_for("disconnected")
    assert closed.extra == {"by": "client", "code": 4001, "reason": "done testing"}
    await asyncio.sleep(0.5)  # over twice the retry interval (0.2 s)
    assert seen == [(4001, "done testing")]
    assert len(events.of("connecting")) == 1  # held, like Disconnect, until Connect
    worker.connect()
    await events.wait_for("connected", count=2)
    worker.disconnect()
    assert (await events.wait_for("disconnected", count=2)).extra["code"] == 1000  # back to the default
    await worker.stop()


async def test_control_frames_are_logged_only_while_shown(ws_server, events):
    async def pinger(ws: ServerConnection) -> None:
        await ws.ping(b"from server")
        await echo(ws)

    server = await ws_server(pinger)
    worker = start_worker(server.url(), events)
    await events.wait_for("connected")
    assert await worker.ping("hidden")
    await asyncio.sleep(0.05)
    assert not events.of("ping") and [e.extra["data"] for e in events.of("pong")] == ["hidden"]

    worker.show_control_frames(True)
    assert await worker.ping("shown")
    await server.connections[0].ping(b"again")
    await events.wait_for("ping", count=2)
    await events.wait_for("pong", count=3)
    pings = [(e.extra["direction"], e.extra["data"]) for e in events.of("ping")]
    pongs = [(e.extra["direction"], e.extra["data"]) for e in events.of("pong")]
    assert pings == [("send", "shown"), ("recv", "again")]
    assert ("send", "again") in pongs and ("recv", "shown") in pongs  # our answer; the pong with its round trip
    assert sum(1 for e in events.of("pong") if e.extra["data"] == "shown") == 1

    worker.disconnect(4002, "bye")
    await events.wait_for("close", count=2)
    closes = [(e.extra["direction"], e.extra["code"], e.extra.get("reason")) for e in events.of("close")]
    assert closes == [("send", 4002, "bye"), ("recv", 4002, "bye")]
    assert events.of("close")[0].extra["size"] == 5

    worker.show_control_frames(False)
    worker.connect()
    await events.wait_for("connected", count=2)
    before = len(events.events)
    assert await worker.ping("off again")
    assert [e.event for e in events.events[before:]] == ["pong"]
    await worker.stop()


async def test_the_toggle_applies_to_connections_opened_later(ws_server, events):
    server = await ws_server(echo)
    worker = start_worker(server.url(), events, control_frames=True)
    await events.wait_for("connected")
    await server.connections[0].ping(b"hi")
    ping = await events.wait_for("ping")
    assert ping.extra == {"direction": "recv", "size": 2, "type": "text", "data": "hi"}
    await worker.stop()


async def test_with_the_toggle_off_the_connection_runs_the_library_code_untouched(ws_server, events):
    server = await ws_server(echo)
    worker = start_worker(server.url(), events)
    await events.wait_for("connected")
    ws = worker._ws

    def hooked() -> bool:
        return "process_event" in vars(ws) or "send_frame" in vars(ws.protocol)

    assert not hooked()
    worker.show_control_frames(True)
    assert hooked()
    worker.show_control_frames(False)
    assert not hooked()
    await worker.stop()

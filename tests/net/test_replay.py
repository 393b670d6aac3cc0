"""Replay against the demo echo server, with timing and in step, compared with the original by diff."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from app.log.diff import diff_recordings
from app.log.script import connections_by_client
from app.net.replay import ReplayFailed, ReplayOptions, replay
from app.net.servers.demo_server import DemoServer
from app.net.servers.ws_server import unused_port
from tests.helpers.common import EventLog
from tests.helpers.recordings import CHAT, echo_session, message


@pytest.mark.parametrize("options", [ReplayOptions(speed=4.0), ReplayOptions(in_step=True)], ids=["timed", "in-step"])
async def test_a_replay_against_the_echo_server_matches_the_recording(demo: DemoServer, options: ReplayOptions):
    original = echo_session()
    replayed = EventLog()
    sent = await replay(connections_by_client(original), demo.url("/echo"), options, replayed)
    assert sent == 3
    assert {e.client for e in replayed.events} == {CHAT}
    assert replayed.kinds()[:2] == ["connecting", "connected"]
    assert replayed.kinds()[-1] == "disconnected"
    result = diff_recordings(original, replayed.events)
    assert result.matches, [d.detail or d.kind for d in result.differences]
    assert result.same == 7


async def test_timed_replay_keeps_the_recorded_gaps_scaled_by_speed(demo: DemoServer):
    replayed = EventLog()
    await replay(connections_by_client(echo_session()), demo.url("/echo"), ReplayOptions(speed=0.5), replayed)
    sends = [e.ts for e in replayed.of("send")]
    gaps = [later - earlier for earlier, later in itertools.pairwise(sends)]
    assert all(gap >= 0.35 for gap in gaps), gaps  # recorded 0.2 s apart, at half the speed


async def test_in_step_waits_for_the_replies_and_fails_when_they_do_not_come(demo: DemoServer):
    replayed = EventLog()
    options = ReplayOptions(in_step=True, timeout=0.3)
    with pytest.raises(ReplayFailed, match=r"0 of 1 replies before sent message 1 arrived in 0\.3 s"):
        await replay(connections_by_client(echo_session()), demo.url("/silent"), options, replayed)
    assert replayed.of("send") == []
    assert replayed.kinds()[-1] == "disconnected"


async def test_a_server_that_refuses_is_a_failure_to_connect():
    replayed = EventLog()
    url = f"ws://127.0.0.1:{unused_port()}/"
    with pytest.raises(ReplayFailed, match="cannot connect"):
        await asyncio.wait_for(replay(connections_by_client(echo_session()), url, ReplayOptions(), replayed), 5)
    assert replayed.kinds() == ["connecting", "error"]


async def test_each_recorded_client_and_connection_gets_its_own_connection(demo: DemoServer):
    other = "Root/Other/WebsocketClient"
    original = echo_session(100.0) + echo_session(200.0) + echo_session(100.0, client=other)
    replayed = EventLog()
    sent = await replay(connections_by_client(original), demo.url("/echo"), ReplayOptions(in_step=True), replayed)
    assert sent == 9
    assert [e.client for e in replayed.of("connected")].count(CHAT) == 2
    assert diff_recordings(original, replayed.events).matches


async def test_a_close_by_the_server_is_recorded_as_the_servers(ws_server):
    async def greet_and_close(ws) -> None:
        await ws.send("hi")
        await ws.close(4001, "that is all")

    server = await ws_server(greet_and_close)
    original = [message("recv", "hi", 1.0), message("send", "more?", 1.1)]
    replayed = EventLog()
    sent = await replay(connections_by_client(original), server.url(), ReplayOptions(speed=20), replayed)
    assert sent == 0  # the server had gone before the send
    closed = replayed.of("disconnected")[-1].extra
    assert (closed["by"], closed["code"], closed["reason"]) == ("server", 4001, "that is all")


async def test_a_redirect_to_another_host_is_not_followed(ws_server):
    from websockets.datastructures import Headers
    from websockets.http11 import Response

    def redirect(connection, request):
        return Response(302, "Found", Headers({"Location": "ws://localhost:9/elsewhere"}))

    target = await ws_server(lambda ws: ws.wait_closed(), process_request=redirect)
    replayed = EventLog()
    with pytest.raises(ReplayFailed, match="redirected to ws://localhost:9/elsewhere, another host: not followed"):
        await replay(connections_by_client(echo_session()), target.url(), ReplayOptions(), replayed)

"""`serve`: a recording played to a real WebsocketClient in step with what it sends."""

from __future__ import annotations

import pytest
from websockets.asyncio.client import connect

from app.log.events import Event
from app.log.script import connections_by_client
from app.net.connection.worker import WorkerOptions
from app.net.connections import SceneConnections
from app.net.host_access import HostAccess
from app.net.servers.recording_server import Note, RecordingServer
from tests.helpers.common import EventLog, make_client, wait_until
from tests.helpers.recordings import GREETING, echo_session, message


@pytest.fixture
async def serve_recording():
    servers: list[RecordingServer] = []

    async def start(events: list[Event], timed: bool = False) -> tuple[RecordingServer, list[Note]]:
        notes: list[Note] = []
        server = RecordingServer(connections_by_client(events), notes.append, timed=timed)
        await server.start()
        servers.append(server)
        return server, notes

    yield start
    for server in servers:
        await server.stop()


async def connect_client(url: str, log: EventLog) -> SceneConnections:
    scene, _ = make_client(url)
    access = HostAccess(["127.0.0.1:" + url.split(":")[2].split("/")[0]])
    connections = SceneConnections(scene, log, access, WorkerOptions(idle_timeout=10))
    connections.start()
    return connections


async def test_the_client_receives_the_recorded_messages_in_step_with_its_sends(serve_recording):
    server, notes = await serve_recording(echo_session())
    [(_, url)] = server.urls()
    assert url.endswith("/echo")
    log = EventLog()
    connections = await connect_client(url, log)
    try:
        [worker] = connections.workers.values()
        await log.wait_for("recv", data=GREETING)
        await wait_until(lambda: worker.connected)
        assert [e.extra["data"] for e in log.of("recv")] == [GREETING]  # nothing more until it sends
        for sent in ["hello", '{"a": 1, "ts": 5}', b"\x00\xff\x1b[2J"]:
            assert await worker.send(sent)
            await log.wait_for("recv", data=sent)
        received = [e.extra["data"] for e in log.of("recv")]
        assert received == [GREETING, "hello", '{"a": 1, "ts": 5}', b"\x00\xff\x1b[2J"]
        assert [n.kind for n in notes] == ["connected", "sent", "sent", "sent"]
    finally:
        await connections.stop()


async def test_where_the_client_departs_from_the_recording_is_reported(serve_recording):
    server, notes = await serve_recording(echo_session())
    log = EventLog()
    connections = await connect_client(server.urls()[0][1], log)
    try:
        [worker] = connections.workers.values()
        await log.wait_for("recv", data=GREETING)
        for sent in ["goodbye", "2", "3", "one too many"]:
            assert await worker.send(sent)
        await wait_until(lambda: len([n for n in notes if n.kind == "sent"]) == 4)
        departed = [n for n in notes if n.kind == "departed"]
        assert [(n.message.data, n.expected.data, n.detail) for n in departed if n.message and n.expected] == [
            ("goodbye", "hello", "sent message 1"),
            ("2", '{"a": 1, "ts": 5}', "sent message 2"),
            ("3", b"\x00\xff\x1b[2J", "sent message 3"),
        ]
        assert [n.detail for n in notes if n.kind == "beyond"] == ["the recording has 3 sent message(s)"]
        # the recorded replies still come in step, whatever was sent
        await log.wait_for("recv", count=4)
    finally:
        await connections.stop()


async def test_a_recorded_close_by_the_server_is_played_too(serve_recording):
    closed = {"by": "server", "code": 4000, "reason": "done"}
    events = [message("recv", "bye", 1.0), Event("Root/Chat/WebsocketClient", "disconnected", closed, 1.1)]
    server, notes = await serve_recording(events)
    log = EventLog()
    connections = await connect_client(server.urls()[0][1], log)
    try:
        closed = await log.wait_for("disconnected")
        assert (closed.extra["by"], closed.extra["code"], closed.extra["reason"]) == ("server", 4000, "done")
        await wait_until(lambda: notes[-1].kind == "closed")
        assert notes[-1].detail == "as the recording did (4000: done)"
    finally:
        await connections.stop()


async def test_timed_plays_at_the_recorded_times_without_waiting_for_sends(serve_recording):
    events = [message("recv", "now", 1.0), message("send", "x", 1.05), message("recv", "later", 1.3)]
    server, _ = await serve_recording(events, timed=True)
    log = EventLog()
    connections = await connect_client(server.urls()[0][1], log)
    try:
        first = await log.wait_for("recv", data="now")
        later = await log.wait_for("recv", data="later")  # the client never sent "x"
        assert later.ts - first.ts >= 0.25
    finally:
        await connections.stop()


async def test_each_new_connection_plays_the_next_recorded_connection(serve_recording):
    client = "Root/Chat/WebsocketClient"
    events = []
    for n, greeting in enumerate(["first", "second"]):
        events += [
            Event(client, "connected", {"url": "ws://x/chat"}, 10.0 * n),
            message("recv", greeting, 10.0 * n + 1),
        ]
    server, notes = await serve_recording(events)
    [(_, url)] = server.urls()
    assert url.endswith("/chat")
    greetings = []
    for _ in range(3):
        async with connect(url) as ws:
            greetings.append(await ws.recv())
    assert greetings == ["first", "second", "second"]  # then the last one again
    assert [n.detail.split(" from ")[0] for n in notes if n.kind == "connected"] == ["/chat"] * 3

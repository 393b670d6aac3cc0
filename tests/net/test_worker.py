"""The connection worker against real loopback servers."""

from __future__ import annotations

import asyncio
import time

from websockets.asyncio.server import ServerConnection

from app.model import WebsocketClient
from app.net.connection.options import WorkerOptions
from app.net.connection.worker import ConnectionWorker
from app.net.connections import SceneConnections
from app.net.host_access import Decision, HostAccess, host_key
from app.ui.inspector.status_words import state_words
from tests.helpers.access import AutoAsker, granted
from tests.helpers.common import echo, make_client, wait_until


async def test_connects_and_is_connected_exactly_while_open(ws_server, events):
    server = await ws_server(echo)
    _scene, client = make_client(server.url("/echo"))
    worker = ConnectionWorker(client, events, granted(server.url()), WorkerOptions())
    worker.start()
    await events.wait_for("connected")
    assert client["IsConnected"] is True
    assert await worker.send("hello")
    received = await events.wait_for("recv")
    assert received.extra == {"type": "text", "data": "hello", "size": 5}
    assert events.of("send")[0].extra["data"] == "hello"
    await server.connections[0].close(1001, "going away")
    closed = await events.wait_for("disconnected")
    assert closed.extra == {"by": "server", "code": 1001, "reason": "going away"}
    assert client["IsConnected"] is False
    await worker.stop()


async def test_reconnects_after_the_retry_interval(ws_server, events):
    async def close_at_once(ws: ServerConnection) -> None:
        await ws.close(4000, "bye")

    server = await ws_server(close_at_once)
    _scene, client = make_client(server.url(), interval=0.3)
    worker = ConnectionWorker(client, events, granted(server.url()))
    worker.start()
    first = await events.wait_for("connected", 1)
    second = await events.wait_for("connected", 2)
    gap = second.ts - first.ts
    assert 0.28 <= gap < 1.5, gap
    retry = events.of("retry")[0]
    assert retry.extra["delay_s"] == 0.3
    assert "closed by the server (4000: bye)" in retry.extra["reason"]
    await worker.stop()


async def test_refused_connection_is_reported_and_retried(unused_tcp_port, events):
    url = f"ws://127.0.0.1:{unused_tcp_port}/"
    _scene, client = make_client(url, interval=0.2)
    worker = ConnectionWorker(client, events, granted(url))
    worker.start()
    await events.wait_for("connecting", 3)
    assert events.of("error")[0].extra["reason"] == "connection refused"
    assert [e.extra["attempt"] for e in events.of("retry")][:2] == [2, 3]
    assert client["IsConnected"] is False
    await worker.stop()


async def test_http_status_in_the_handshake_is_reported(ws_server, events):
    from websockets.http11 import Response

    def forbid(connection, request):
        return connection.respond(403, "no entry\n")

    server = await ws_server(echo, process_request=forbid)
    _scene, client = make_client(server.url(), interval=0.2)
    worker = ConnectionWorker(client, events, granted(server.url()))
    worker.start()
    error = await events.wait_for("error")
    assert "HTTP 403" in error.extra["reason"]
    await events.wait_for("connecting", 2)
    await worker.stop()
    assert Response  # the hook's return type


async def test_retry_interval_edit_during_the_wait_takes_effect(unused_tcp_port, events):
    url = f"ws://127.0.0.1:{unused_tcp_port}/"
    _scene, client = make_client(url, interval=30.0)
    worker = ConnectionWorker(client, events, granted(url))
    worker.start()
    await events.wait_for("retry")
    started = time.monotonic()
    client.set("ConnectRetryInterval", 0.2)
    await events.wait_for("connecting", 2, timeout=3)
    assert time.monotonic() - started < 2
    await worker.stop()


async def test_url_change_switches_servers(ws_server, events):
    first = await ws_server(echo)
    second = await ws_server(echo)
    _scene, client = make_client(first.url("/a"))
    access = granted(first.url())
    access.grant_for_run(host_key(second.url()))
    worker = ConnectionWorker(client, events, access)
    worker.start()
    await events.wait_for("connected")
    client.set("URL", second.url("/b"))
    await events.wait_for("connected", 2)
    kinds = events.kinds()
    assert kinds.index("disconnected") < len(kinds) - 1 - kinds[::-1].index("connected")
    assert events.of("disconnected")[0].extra["by"] == "client"
    assert events.of("connected")[1].extra["url"] == second.url("/b")
    assert len(second.connections) == 1
    await wait_until(lambda: first.connections[0].state.name == "CLOSED")
    await worker.stop()


async def test_enabled_off_closes_and_stops_retrying(ws_server, events):
    server = await ws_server(echo)
    _scene, client = make_client(server.url(), interval=0.1)
    worker = ConnectionWorker(client, events, granted(server.url()))
    worker.start()
    await events.wait_for("connected")
    client.set("Enabled", False)
    await events.wait_for("disconnected")
    assert client["IsConnected"] is False
    count = len(events.events)
    await asyncio.sleep(0.4)
    assert len(events.events) == count
    assert state_words(worker.state) == "disabled"
    await worker.stop()


async def test_inactive_slot_closes_and_active_again_reconnects(ws_server, events):
    server = await ws_server(echo)
    scene, client = make_client(server.url())
    worker = ConnectionWorker(client, events, granted(server.url()))
    worker.start()
    await events.wait_for("connected")
    scene.root.set_active(False)
    worker.hierarchy_changed()
    await events.wait_for("disconnected")
    scene.root.set_active(True)
    worker.hierarchy_changed()
    await events.wait_for("connected", 2)
    await worker.stop()


async def test_send_while_disconnected_is_a_send_error(events):
    _scene, client = make_client("")
    worker = ConnectionWorker(client, events, HostAccess())
    worker.start()
    assert await worker.send("lost?") is False
    assert events.of("send_error")[0].extra["reason"] == "not connected"
    await worker.stop()


async def test_binary_round_trip(ws_server, events):
    server = await ws_server(echo)
    _scene, client = make_client(server.url())
    worker = ConnectionWorker(client, events, granted(server.url()))
    worker.start()
    await events.wait_for("connected")
    payload = bytes(range(256))
    assert await worker.send(payload)
    got = await events.wait_for("recv")
    assert got.extra == {"type": "binary", "data": payload, "size": 256}
    await worker.stop()


async def test_idle_timeout_drops_a_silent_server_but_pings_keep_it(ws_server, events):
    async def silent(ws: ServerConnection) -> None:
        await ws.wait_closed()

    async def pinger(ws: ServerConnection) -> None:
        try:
            while True:
                await asyncio.sleep(0.2)
                await ws.ping()
        except Exception:  # noqa: BLE001 - the client went away
            pass

    quiet = await ws_server(silent)
    chatty = await ws_server(pinger)
    options = WorkerOptions(idle_timeout=0.6)
    _, quiet_client = make_client(quiet.url(), interval=0.2)
    _, chatty_client = make_client(chatty.url(), interval=0.2, slot_name="Pinged")
    access = granted(quiet.url())
    access.grant_for_run(host_key(chatty.url()))
    quiet_worker = ConnectionWorker(quiet_client, events, access, options)
    chatty_worker = ConnectionWorker(chatty_client, events, access, options)
    quiet_worker.start()
    chatty_worker.start()
    timeout = await events.wait_for("timeout")
    assert timeout.client == quiet_client.path
    assert 0.55 <= timeout.extra["idle_s"] < 1.0
    closed = await events.wait_for("disconnected")
    assert closed.extra["by"] == "timeout"
    await events.wait_for("connected", 3)  # the quiet one reconnected
    await asyncio.sleep(0.8)
    assert all(e.client == quiet_client.path for e in events.of("timeout"))
    assert chatty_client["IsConnected"] is True
    await quiet_worker.stop()
    await chatty_worker.stop()


async def test_hung_handshake_times_out_and_retries(events):
    async def accept_and_stall(reader, writer):
        await asyncio.sleep(30)

    server = await asyncio.start_server(accept_and_stall, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    url = f"ws://127.0.0.1:{port}/"
    _scene, client = make_client(url, interval=0.1)
    worker = ConnectionWorker(client, events, granted(url), WorkerOptions(handshake_timeout=0.3))
    worker.start()
    error = await events.wait_for("error")
    assert error.extra["reason"] == "handshake not finished in 0.3 s"
    await events.wait_for("connecting", 2)
    await worker.stop()
    server.close()


async def test_message_over_the_size_limit(ws_server, events):
    async def big(ws: ServerConnection) -> None:
        await ws.send("x" * 5000)
        await ws.wait_closed()

    server = await ws_server(big)
    _scene, client = make_client(server.url(), interval=5)
    worker = ConnectionWorker(client, events, granted(server.url()), WorkerOptions(max_message_bytes=1024))
    worker.start()
    closed = await events.wait_for("disconnected")
    assert closed.extra["by"] == "error"
    assert closed.extra["code"] == 1009
    assert "size limit" in closed.extra["reason"]
    assert not events.of("recv")
    await worker.stop()


async def test_other_handling_user_does_not_connect(ws_server, events):
    server = await ws_server(echo)
    _scene, client = make_client(server.url())
    client.set("HandlingUser", "Guest")
    worker = ConnectionWorker(client, events, granted(server.url()))
    worker.start()
    await events.wait_for("error")
    assert "handled by another user (Guest)" in events.of("error")[0].extra["reason"]
    await asyncio.sleep(0.2)
    assert not server.connections
    assert state_words(worker.state) == "handled by another user (Guest)"
    await worker.stop()


async def test_stop_closes_the_socket(ws_server, events):
    server = await ws_server(echo)
    _scene, client = make_client(server.url())
    worker = ConnectionWorker(client, events, granted(server.url()))
    worker.start()
    await events.wait_for("connected")
    await worker.stop()
    await wait_until(lambda: server.connections[0].state.name == "CLOSED")
    assert client["IsConnected"] is False
    assert events.of("disconnected")[0].extra["by"] == "client"


async def test_cross_host_redirect_asks_for_the_new_host_first(ws_server, events):
    target = await ws_server(echo)
    new_url = f"ws://localhost:{target.port}/landed"

    def redirect(connection, request):
        response = connection.respond(302, "moved\n")
        response.headers["Location"] = new_url
        return response

    origin = await ws_server(echo, process_request=redirect)
    _scene, client = make_client(origin.url("/start"), interval=5)
    access = granted(origin.url())
    asker = AutoAsker(access, None)
    access.set_asker(asker)
    worker = ConnectionWorker(client, events, access)
    worker.start()
    asked = await events.wait_for("host_access", decision="asked")
    assert asked.extra["host"] == f"localhost:{target.port}"
    assert "redirected to " + new_url in events.of("error")[0].extra["reason"]
    assert not target.connections  # nothing reached the new host before the answer
    access.decide(f"localhost:{target.port}", Decision.ALLOWED_ONCE)
    connected = await events.wait_for("connected")
    assert connected.extra["url"] == new_url
    assert target.connections[0].request.path == "/landed"
    assert client["URL"] == origin.url("/start")
    await worker.stop()


async def test_cross_host_redirect_denied_goes_nowhere(ws_server, events):
    target = await ws_server(echo)

    def redirect(connection, request):
        response = connection.respond(301, "moved\n")
        response.headers["Location"] = f"ws://localhost:{target.port}/"
        return response

    origin = await ws_server(echo, process_request=redirect)
    _scene, client = make_client(origin.url(), interval=0.1)
    access = granted(origin.url())
    access.set_asker(AutoAsker(access, Decision.DENIED))
    worker = ConnectionWorker(client, events, access)
    worker.start()
    await events.wait_for("host_access", decision="denied")
    await asyncio.sleep(0.3)
    assert not target.connections
    assert state_words(worker.state) == "denied"
    await worker.stop()


async def test_removing_the_first_of_two_clients_renames_the_second_workers_path(events):
    scene, first = make_client("")
    second = WebsocketClient()
    first.slot.attach_component(second)
    connections = SceneConnections(scene, events, HostAccess())
    connections.start()
    assert connections.worker_for(second).path.endswith("WebsocketClient#2")
    first.slot.remove_component(first)
    await asyncio.sleep(0.05)
    assert connections.worker_for(second).path == "Root/Chat/WebsocketClient"
    await connections.stop()

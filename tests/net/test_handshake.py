"""The WebsocketHandshake component against real loopback servers: what the server receives, what
the log keeps (masked), and failures that are logged and retried."""

from __future__ import annotations

import base64

from websockets.asyncio.server import serve

from tests.helpers.common import wait_until
from tests.helpers.handshake import headers_of, mirror, with_handshake


def logged_text(events) -> str:
    """Everything the log holds except what the mirror server sent back (which holds the secrets)."""
    return repr([e for e in events.events if e.event != "recv"])


def values(headers: list[list[str]], name: str) -> list[str]:
    return [v for n, v in headers if n.lower() == name.lower()]


async def test_every_header_a_repeated_one_origin_and_bearer_reach_the_server(ws_server, events):
    server = await ws_server(mirror)
    connections, _client, _hs = with_handshake(
        server.url("/chat?room=1"),
        events,
        Headers=[["X-Api-Key", "k1"], ["Accept-Language", "en"], ["X-Api-Key", "k2"]],
        Origin="https://example.test",
        Authorization="bearer abcdefghijkl1a2b",
    )
    try:
        sent = headers_of(await events.wait_for("recv"))
        assert values(sent, "X-Api-Key") == ["k1", "k2"]
        assert values(sent, "Accept-Language") == ["en"]
        assert values(sent, "Origin") == ["https://example.test"]
        assert values(sent, "Authorization") == ["Bearer abcdefghijkl1a2b"]
        connected = events.of("connected")[0].extra
        logged = connected["request"]["headers"]
        assert connected["request"]["line"] == "GET /chat?room=1 HTTP/1.1"
        assert values(logged, "Authorization") == ["Bearer ••••1a2b"]
        assert values(logged, "X-Api-Key") == ["k1", "k2"]
        assert connected["response"]["status"] == 101
        assert values(connected["response"]["headers"], "Upgrade") == ["websocket"]
        assert "abcdefghijkl1a2b" not in logged_text(events)
    finally:
        await connections.stop()


async def test_basic_auth_is_built_and_masked(ws_server, events):
    server = await ws_server(mirror)
    connections, _c, _h = with_handshake(server.url(), events, Authorization="basic ada:lovelace-secret")
    try:
        sent = headers_of(await events.wait_for("recv"))
        assert values(sent, "Authorization") == ["Basic " + base64.b64encode(b"ada:lovelace-secret").decode()]
        logged = events.of("connected")[0].extra["request"]["headers"]
        assert values(logged, "Authorization")[0].startswith("Basic ••••")
        assert "lovelace" not in logged_text(events)
        assert base64.b64encode(b"ada:lovelace-secret").decode() not in logged_text(events)
    finally:
        await connections.stop()


async def test_the_subprotocol_the_server_picks_is_logged_and_on_the_worker(ws_server, events):
    server = await ws_server(mirror, subprotocols=["chat.v1", "chat.v2"])
    connections, client, _h = with_handshake(server.url(), events, Subprotocols=["chat.v3", "chat.v1", "chat.v2"])
    try:
        connected = await events.wait_for("connected")
        assert connected.extra["subprotocol"] == "chat.v1"
        sent = headers_of(await events.wait_for("recv"))
        assert values(sent, "Sec-WebSocket-Protocol") == ["chat.v3, chat.v1, chat.v2"]
        worker = connections.worker_for(client)
        assert worker.subprotocol == "chat.v1" and worker.state.detail == "chat.v1"
    finally:
        await connections.stop()


async def test_a_server_that_accepts_none_of_the_subprotocols_refuses_and_it_is_logged(ws_server, events):
    server = await ws_server(mirror, subprotocols=["other"])
    connections, _c, _h = with_handshake(server.url(), events, Subprotocols=["chat.v2"])
    try:
        error = await events.wait_for("error")
        assert "HTTP 400" in error.extra["reason"]
        assert error.extra["response"]["status"] == 400
        assert values(error.extra["request"]["headers"], "Sec-WebSocket-Protocol") == ["chat.v2"]
        await events.wait_for("retry")
        assert not events.of("connected")
    finally:
        await connections.stop()


async def test_env_values_are_read_when_connecting_and_masked(ws_server, events, monkeypatch):
    monkeypatch.setenv("WSI_TEST_KEY", "s3cret-value-9f8e")
    server = await ws_server(mirror)
    connections, _c, hs = with_handshake(server.url(), events, Headers=[["X-Api-Key", "pre-{{env:WSI_TEST_KEY}}"]])
    try:
        sent = headers_of(await events.wait_for("recv"))
        assert values(sent, "X-Api-Key") == ["pre-s3cret-value-9f8e"]
        logged = events.of("connected")[0].extra["request"]["headers"]
        assert values(logged, "X-Api-Key") == ["pre-••••9f8e"]
        assert "s3cret-value" not in logged_text(events)
        assert hs["Headers"] == (("X-Api-Key", "pre-{{env:WSI_TEST_KEY}}"),)  # the scene keeps the reference
    finally:
        await connections.stop()


async def test_a_missing_env_variable_is_a_logged_failure_and_a_retry_never_an_empty_header(
    ws_server, events, monkeypatch
):
    monkeypatch.delenv("WSI_TEST_MISSING", raising=False)
    server = await ws_server(mirror)
    connections, _c, _h = with_handshake(server.url(), events, Headers=[["X-Api-Key", "{{env:WSI_TEST_MISSING}}"]])
    try:
        retry = await events.wait_for("retry")
        assert "WSI_TEST_MISSING is not set" in retry.extra["reason"]
        assert server.connections == []
        monkeypatch.setenv("WSI_TEST_MISSING", "now-it-is-set")
        sent = headers_of(await events.wait_for("recv"))
        assert values(sent, "X-Api-Key") == ["now-it-is-set"]
    finally:
        await connections.stop()


async def test_a_change_of_a_field_reconnects(ws_server, events):
    server = await ws_server(mirror)
    connections, _c, hs = with_handshake(server.url(), events)
    try:
        await events.wait_for("recv")
        hs.set("Headers", [["X-New", "1"]])
        second = await events.wait_for("recv", count=2)
        assert values(headers_of(second), "X-New") == ["1"]
        assert events.of("disconnected")[0].extra["by"] == "client"
    finally:
        await connections.stop()


async def test_compression_is_agreed_when_asked(events):
    async with serve(mirror, "127.0.0.1", 0, compression="deflate") as server:
        url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        connections, _c, _h = with_handshake(url, events, Compression=True)
        try:
            connected = await events.wait_for("connected")
            assert connected.extra["extensions"] and connected.extra["extensions"][0].startswith("permessage-deflate")
        finally:
            await connections.stop()
        events.events.clear()
        connections, _c, _h = with_handshake(url, events)  # off by default
        try:
            assert (await events.wait_for("connected")).extra["extensions"] == []
        finally:
            await connections.stop()


async def test_handshake_timeout_applies(events):
    import asyncio

    async def silent(reader, writer) -> None:
        await asyncio.sleep(30)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    connections, _c, _h = with_handshake(url, events, HandshakeTimeout=0.2)
    try:
        error = await events.wait_for("error", timeout=3)
        assert error.extra["reason"] == "handshake not finished in 0.2 s"
    finally:
        await connections.stop()
        server.close()


async def test_keepalive_pings_drop_a_server_that_never_answers(events):
    async with serve(mirror, "127.0.0.1", 0) as server:
        url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        connections, client, _h = with_handshake(url, events, KeepaliveInterval=0.2, KeepaliveTimeout=0.2)
        try:
            await events.wait_for("connected")
            ws = next(iter(server.connections))
            ws.transport.pause_reading()  # the server stops reading: no pong comes back
            closed = await events.wait_for("disconnected", timeout=5)
            assert closed.extra["code"] == 1011
            ws.transport.abort()
        finally:
            await connections.stop()
    await wait_until(lambda: not client["IsConnected"])


async def test_attaching_or_destroying_the_component_reconnects(ws_server, events):
    from app.model import WebsocketHandshake

    server = await ws_server(mirror)
    connections, client, hs = with_handshake(server.url(), events, Headers=[["X-First", "1"]])
    try:
        assert values(headers_of(await events.wait_for("recv")), "X-First") == ["1"]
        client.slot.remove_component(hs)
        assert values(headers_of(await events.wait_for("recv", count=2)), "X-First") == []
        second = WebsocketHandshake()
        second.set("Headers", [["X-Second", "2"]])
        client.slot.attach_component(second)
        assert values(headers_of(await events.wait_for("recv", count=3)), "X-Second") == ["2"]
    finally:
        await connections.stop()

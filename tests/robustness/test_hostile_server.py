"""Servers that misbehave: each case ends in a clear log entry, a retry, and nothing stuck."""

from __future__ import annotations

import asyncio
import socket
import ssl
import struct

import pytest
import trustme
from websockets.asyncio.server import ServerConnection, serve

from app.net.connection.options import WorkerOptions
from app.net.connection.worker import ConnectionWorker
from app.net.host_access import HostAccess, host_key
from tests.helpers import rawserver
from tests.helpers.access import granted
from tests.helpers.common import echo, make_client
from tests.helpers.workers import start_worker


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (200, "HTTP 200 OK in the handshake"),
        (404, "HTTP 404 Not Found in the handshake"),
        (500, "HTTP 500 Internal Server Error in the handshake"),
    ],
)
async def test_http_answers_instead_of_an_upgrade(events, status, expected):
    async def answer(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        body = b"<html>not a websocket</html>"
        phrase = {200: "OK", 404: "Not Found", 500: "Internal Server Error"}[status]
        writer.write(f"HTTP/1.1 {status} {phrase}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        await writer.drain()

    server, url = await rawserver.start(answer)
    worker = start_worker(url, events)
    error = await events.wait_for("error")
    assert error.extra["reason"].startswith(expected)
    await events.wait_for("connecting", 2)  # and it retries
    await worker.stop()
    server.close()


async def test_garbage_instead_of_http(events):
    async def garbage(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"\x00\xff\x1b[2J not http at all\r\n\r\n")
        await writer.drain()

    server, url = await rawserver.start(garbage)
    worker = start_worker(url, events)
    error = await events.wait_for("error")
    assert "did not answer with a valid WebSocket handshake" in error.extra["reason"]
    await worker.stop()
    server.close()


async def test_connection_reset_without_a_close_frame(events):
    async def reset(reader, writer):
        await rawserver.accept_upgrade(reader, writer)
        writer.write(rawserver.frame(0x1, b"last words"))
        await writer.drain()
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST on close
        writer.transport.abort()

    server, url = await rawserver.start(reset)
    worker = start_worker(url, events, interval=5)
    closed = await events.wait_for("disconnected")
    assert closed.extra == {"by": "error", "code": 1006, "reason": "connection lost without a close frame"}
    assert events.of("recv")[0].extra["data"] == "last words"
    assert worker.client["IsConnected"] is False
    await worker.stop()
    server.close()


async def test_fragmented_messages_are_reassembled(events):
    async def fragments(reader, writer):
        await rawserver.accept_upgrade(reader, writer)
        writer.write(rawserver.frame(0x1, b"hel", fin=False))
        writer.write(rawserver.frame(0x9, b"ping in the middle"))  # control frames may interleave
        writer.write(rawserver.frame(0x0, b"lo ", fin=False))
        writer.write(rawserver.frame(0x0, "wörld".encode(), fin=True))
        writer.write(rawserver.frame(0x2, b"\x00\x01", fin=False) + rawserver.frame(0x0, b"\x02", fin=True))
        await writer.drain()
        await asyncio.sleep(5)

    server, url = await rawserver.start(fragments)
    worker = start_worker(url, events, interval=5)
    await events.wait_for("recv", 2)
    assert [e.extra["data"] for e in events.of("recv")] == ["hello wörld", b"\x00\x01\x02"]
    await worker.stop()
    server.close()


async def test_a_stall_in_the_middle_of_a_frame_ends_in_the_idle_timeout(events):
    async def stall(reader, writer):
        await rawserver.accept_upgrade(reader, writer)
        whole = rawserver.frame(0x1, b"x" * 100)
        writer.write(whole[:40])  # half a frame, then nothing
        await writer.drain()
        await asyncio.sleep(30)

    server, url = await rawserver.start(stall)
    worker = start_worker(url, events, interval=0.2, idle_timeout=0.5)
    timeout = await events.wait_for("timeout")
    assert 0.45 <= timeout.extra["idle_s"] < 1.5
    assert (await events.wait_for("disconnected")).extra["by"] == "timeout"
    assert not events.of("recv")
    await events.wait_for("connecting", 2)
    await worker.stop()
    server.close()


async def test_a_flood_of_pings_keeps_the_connection_and_logs_nothing(ws_server, events):
    async def pings(ws: ServerConnection) -> None:
        for n in range(2000):
            await ws.ping(str(n).encode())
        await ws.send("after the pings")
        await ws.wait_closed()

    server = await ws_server(pings)
    worker = start_worker(server.url(), events, interval=5)
    recv = await events.wait_for("recv")
    assert recv.extra["data"] == "after the pings"
    assert worker.client["IsConnected"] is True
    assert events.kinds() == ["host_access", "connecting", "connected", "recv"]
    await worker.stop()


@pytest.mark.parametrize(
    ("code", "reason"),
    [(1000, "bye"), (1001, "going away"), (1008, "policy"), (1011, "internal error"), (4000, "app"), (4999, "")],
)
async def test_every_close_code_is_reported(ws_server, events, code, reason):
    async def close(ws: ServerConnection) -> None:
        await ws.close(code, reason)

    server = await ws_server(close)
    worker = start_worker(server.url(), events, interval=5)
    closed = await events.wait_for("disconnected")
    expected = {"by": "server", "code": code}
    if reason:
        expected["reason"] = reason
    assert closed.extra == expected
    retry = await events.wait_for("retry")
    assert f"closed by the server ({code}" in retry.extra["reason"]
    await worker.stop()


async def test_invalid_utf8_in_a_text_frame_is_a_protocol_error(events):
    async def bad_text(reader, writer):
        await rawserver.accept_upgrade(reader, writer)
        writer.write(rawserver.frame(0x1, b"caf\xe9 \xff"))
        await writer.drain()
        await asyncio.sleep(2)

    server, url = await rawserver.start(bad_text)
    worker = start_worker(url, events, interval=5)
    closed = await events.wait_for("disconnected")
    assert closed.extra["by"] == "error"
    assert closed.extra["code"] == 1007
    await worker.stop()
    server.close()


async def test_untrusted_certificate_is_named(events):
    authority = trustme.CA()
    cert = authority.issue_cert("127.0.0.1")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)

    async def echo(ws: ServerConnection) -> None:
        async for message in ws:
            await ws.send(message)

    server = await serve(echo, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    worker = start_worker(f"wss://127.0.0.1:{port}/", events, interval=5)
    error = await events.wait_for("error")
    assert error.extra["reason"].startswith("TLS certificate error: ")
    assert "local issuer certificate" in error.extra["reason"] or "self-signed" in error.extra["reason"]
    assert not events.of("connected")
    await worker.stop()
    server.close()
    await server.wait_closed()


async def test_cancelled_twice_while_closing_still_reports_the_disconnect(events):
    async def deaf(reader, writer):
        await rawserver.accept_upgrade(reader, writer)
        await asyncio.sleep(30)  # never answers the close frame

    server, url = await rawserver.start(deaf)
    _scene, client = make_client(url, interval=5)
    access = granted(url)
    access.grant_for_run(host_key("ws://127.0.0.1:9/"))
    worker = ConnectionWorker(client, events, access, WorkerOptions(close_timeout=2))
    worker.start()
    await events.wait_for("connected")
    client.set("Enabled", False)
    await asyncio.sleep(0.1)  # now waiting for the close handshake
    client.set("URL", "ws://127.0.0.1:9/")  # a second cancellation
    await events.wait_for("disconnected", timeout=3)
    assert client["IsConnected"] is False
    await worker.stop()
    server.close()


async def test_redirects_between_two_hosts_do_not_spin(ws_server, events):
    state: dict[str, str] = {}
    counts = {"a": 0, "b": 0}

    def to(target: str, name: str):
        def redirect(connection, request):
            counts[name] += 1
            response = connection.respond(302, "moved\n")
            response.headers["Location"] = state[target]
            return response

        return redirect

    a = await ws_server(echo, process_request=to("b", "a"))
    b = await ws_server(echo, process_request=to("a", "b"))
    state["a"], state["b"] = a.url("/"), f"ws://localhost:{b.port}/"
    _scene, client = make_client(a.url("/"), interval=10)
    access = HostAccess()
    access.grant_for_run(host_key(state["a"]))
    access.grant_for_run(host_key(state["b"]))
    worker = ConnectionWorker(client, events, access)
    worker.start()
    retry = await events.wait_for("retry")
    assert "redirects to other hosts" in retry.extra["reason"]
    await asyncio.sleep(0.5)
    assert counts["a"] + counts["b"] < 20
    await worker.stop()


async def test_a_send_the_server_never_takes_is_a_send_error(events):
    async def not_reading(reader, writer):
        await rawserver.accept_upgrade(reader, writer)
        while True:
            writer.write(rawserver.frame(0x9, b"alive"))  # keeps the idle timeout away
            await writer.drain()
            await asyncio.sleep(0.1)

    server, url = await rawserver.start(not_reading)
    _scene, client = make_client(url, interval=5)
    worker = ConnectionWorker(client, events, granted(url), WorkerOptions(send_timeout=0.5))
    worker.start()
    await events.wait_for("connected")
    assert await worker.send("x" * (16 * 1024 * 1024)) is False
    assert "did not take the message" in events.of("send_error")[0].extra["reason"]
    assert not events.of("send")
    await worker.stop()
    server.close()

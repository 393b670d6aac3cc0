"""Fixtures: real WebSocket servers on 127.0.0.1 (port 0), isolated user directories."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from websockets.asyncio.server import ServerConnection, serve

from app.net.servers.demo_server import DemoServer
from app.store.paths import Paths
from tests.helpers.common import EventLog, Handler, LoopbackServer


@pytest.fixture
async def ws_server() -> AsyncIterator[Callable[..., Awaitable[LoopbackServer]]]:
    """Start servers with a given handler; all are closed after the test."""
    started: list[LoopbackServer] = []

    async def start(handler: Handler, **kwargs: object) -> LoopbackServer:
        holder: list[LoopbackServer] = []

        async def wrapped(ws: ServerConnection) -> None:
            holder[0].connections.append(ws)
            await handler(ws)

        server = await serve(wrapped, "127.0.0.1", 0, compression=None, ping_interval=None, **kwargs)
        loopback = LoopbackServer(server)
        holder.append(loopback)
        started.append(loopback)
        return loopback

    yield start
    for loopback in started:
        loopback.server.close()
        await loopback.server.wait_closed()


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """User directories inside the test's temporary folder (the XDG variables point there too)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return Paths.default()


@pytest.fixture
def events() -> EventLog:
    return EventLog()


@pytest.fixture
def unused_tcp_port() -> int:
    from app.net.servers.ws_server import unused_port

    return unused_port()


@pytest.fixture
async def demo() -> AsyncIterator[DemoServer]:
    """The embedded demo server (echo, a ticker every 50 ms, silent) on a free loopback port."""
    server = DemoServer(tick_interval=0.05)
    await server.start()
    yield server
    await server.stop()

"""Running a WebSocket server, shared by the demo server and `ws-inspector serve`."""

from __future__ import annotations

import errno
import socket
from collections.abc import Awaitable, Callable

from websockets.asyncio.server import Server, ServerConnection, serve

Handler = Callable[[ServerConnection], Awaitable[None]]


class ServerStartError(Exception):
    """The server could not listen (the port is in use, the address is not this machine's...)."""


class WebSocketServer:
    """A websockets server on one address; port 0 picks a free one. `url()` says where it listens."""

    def __init__(self, handler: Handler, host: str = "127.0.0.1", port: int = 0) -> None:
        self.handler = handler
        self.host = host
        self.port = port
        self._server: Server | None = None

    async def start(self) -> None:
        try:
            self._server = await serve(self.handler, self.host, self.port, compression=None, ping_interval=None)
        except OSError as exc:
            raise ServerStartError(_why(exc, self.host, self.port)) from None
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def url(self, path: str = "/") -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ws://{host}:{self.port}{path}"


def _why(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"cannot listen on {host}:{port}: the port is in use"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}:{port}: that address is not one of this machine's"
    if isinstance(exc, socket.gaierror):
        return f"cannot listen on {host}:{port}: unknown host"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def unused_port() -> int:
    """A loopback port where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

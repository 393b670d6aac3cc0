"""The embedded demo server on 127.0.0.1: an echo, a ticker, and a silent endpoint."""

from __future__ import annotations

import asyncio
import json
import socket
import time

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed


class DemoServer:
    def __init__(self, tick_interval: float = 1.0) -> None:
        self.tick_interval = tick_interval
        self._server: Server | None = None
        self.port = 0

    async def start(self) -> None:
        self._server = await serve(self._handle, "127.0.0.1", 0, compression=None, ping_interval=None)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def url(self, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}"

    async def _handle(self, ws: ServerConnection) -> None:
        path = ws.request.path if ws.request else "/"
        try:
            if path.startswith("/echo"):
                await ws.send("echo server: send me anything and I will send it back")
                async for message in ws:
                    await ws.send(message)
            elif path.startswith("/ticker"):
                n = 0
                while True:
                    n += 1
                    await ws.send(json.dumps({"tick": n, "time": round(time.time(), 3)}))
                    await asyncio.sleep(self.tick_interval)
            elif path.startswith("/silent"):
                await ws.wait_closed()
            else:
                await ws.close(4004, f"no demo endpoint at {path}")
        except ConnectionClosed:
            pass


def unused_port() -> int:
    """A loopback port where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

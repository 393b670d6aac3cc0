"""The embedded demo server on 127.0.0.1: an echo, a ticker, and a silent endpoint.

The echo pings while it waits for something to echo, so that only the silent endpoint shows the
idle timeout: a new user's sends to the echo should not fail because it dropped a moment ago."""

from __future__ import annotations

import asyncio
import json
import time

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from app.net.ws_server import WebSocketServer, unused_port

__all__ = ["DemoServer", "unused_port"]


class DemoServer:
    def __init__(self, tick_interval: float = 1.0, keepalive: float = 5.0) -> None:
        self.tick_interval = tick_interval
        self.keepalive = keepalive  # seconds between the echo's pings (under the client's idle timeout)
        self._server = WebSocketServer(self._handle)

    @property
    def port(self) -> int:
        return self._server.port

    async def start(self) -> None:
        await self._server.start()

    async def stop(self) -> None:
        await self._server.stop()

    def url(self, path: str) -> str:
        return self._server.url(path)

    async def _handle(self, ws: ServerConnection) -> None:
        path = ws.request.path if ws.request else "/"
        try:
            if path.startswith("/echo"):
                await ws.send("echo server: send me anything and I will send it back")
                pinger = asyncio.create_task(self._ping(ws))
                try:
                    async for message in ws:
                        await ws.send(message)
                finally:
                    pinger.cancel()
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

    async def _ping(self, ws: ServerConnection) -> None:
        while True:
            await asyncio.sleep(self.keepalive)
            try:
                await ws.ping()
            except ConnectionClosed:
                return

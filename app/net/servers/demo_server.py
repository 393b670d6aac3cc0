"""The embedded demo server on 127.0.0.1: an echo, a ticker, a silent endpoint, and a feed that
wants a subscribe message and pings its subscribers (what the demo's behaviours answer).

The echo pings while it waits for something to echo, so that only the silent endpoint shows the
idle timeout: a new user's sends to the echo should not fail because it dropped a moment ago."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from app.net.servers.ws_server import WebSocketServer

__all__ = ["DemoServer"]


class DemoServer:
    def __init__(self, tick_interval: float = 1.0, ping_interval: float = 5.0, keepalive: float = 5.0) -> None:
        self.tick_interval = tick_interval
        self.ping_interval = ping_interval  # seconds between the feed's JSON pings
        self.keepalive = keepalive  # seconds between the echo's WebSocket pings (under the idle timeout)
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
            elif path.startswith("/feed"):
                await self._feed(ws)
            elif path.startswith("/silent"):
                await ws.wait_closed()
            else:
                await ws.close(4004, f"no demo endpoint at {path}")
        except ConnectionClosed:
            pass

    async def _feed(self, ws: ServerConnection) -> None:
        """Nothing until `{"op": "subscribe"}`; then a price each tick and a ping every few seconds,
        each ping expecting `{"op": "pong", "id": N}` back."""
        await ws.send(json.dumps({"op": "hello", "say": "subscribe to a channel to get prices"}))
        sender: asyncio.Task[None] | None = None
        try:
            async for message in ws:
                request = _json_object(message)
                op = request.get("op")
                if op == "subscribe" and sender is None:
                    channel = str(request.get("channel", "ticker"))[:40]
                    await ws.send(json.dumps({"op": "subscribed", "channel": channel}))
                    sender = asyncio.get_running_loop().create_task(self._prices(ws, channel))
                elif op == "unsubscribe" and sender is not None:
                    sender.cancel()
                    sender = None
                    await ws.send(json.dumps({"op": "unsubscribed"}))
                elif op == "pong":
                    await ws.send(json.dumps({"op": "pong-received", "id": request.get("id")}))
        finally:
            if sender is not None:
                sender.cancel()

    async def _prices(self, ws: ServerConnection, channel: str) -> None:
        n = 0
        next_ping = time.monotonic() + self.ping_interval
        with contextlib.suppress(ConnectionClosed):
            while True:
                n += 1
                price = round(100 + 5 * math.sin(n / 7), 2)
                await ws.send(json.dumps({"channel": channel, "price": price, "seq": n}))
                if time.monotonic() >= next_ping:
                    next_ping += self.ping_interval
                    await ws.send(json.dumps({"op": "ping", "id": n}))
                await asyncio.sleep(self.tick_interval)

    async def _ping(self, ws: ServerConnection) -> None:
        while True:
            await asyncio.sleep(self.keepalive)
            try:
                await ws.ping()
            except ConnectionClosed:
                return


def _json_object(message: str | bytes) -> dict[str, object]:
    try:
        value = json.loads(message)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}

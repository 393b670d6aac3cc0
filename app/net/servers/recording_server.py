"""`ws-inspector serve`: a recording played back as a mock of the server it was recorded against.

Each connection plays one recorded connection's received messages: those before the client's
first message at once, then after each message the client sends, the next run of them (or,
timed, at their recorded offsets). What the client sends is compared with what the recorded
client sent, and every departure is reported.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from app.log.script import Connection, Message
from app.net.servers.ws_server import WebSocketServer


@dataclass(frozen=True)
class Note:
    """Something to tell the person running the mock."""

    connection: int  # numbered from 1 in the order clients connected
    kind: str  # connected, sent, departed, beyond, closed
    message: Message | None = None  # what the client sent
    expected: Message | None = None  # what the recorded client sent at that point
    detail: str = ""


Reporter = Callable[[Note], None]


class RecordingServer:
    def __init__(
        self,
        scripts: dict[str, list[Connection]],
        report: Reporter,
        host: str = "127.0.0.1",
        port: int = 0,
        timed: bool = False,
    ) -> None:
        self.scripts = scripts
        self.report = report
        self.timed = timed
        self.server = WebSocketServer(self._handle, host, port)
        self._connections = 0
        self._served: dict[str, int] = {}  # connections so far per recorded client

    async def start(self) -> None:
        await self.server.start()

    async def stop(self) -> None:
        await self.server.stop()

    def urls(self) -> list[tuple[str, str]]:
        """(recorded client, URL to connect to) for each client in the recording."""
        return [(client, self.server.url(_path_of(conns[0].url))) for client, conns in self.scripts.items()]

    def _script_for(self, path: str) -> Connection:
        """The recorded client whose URL had this path (else the first), and its next connection
        (the last one again once all were played)."""
        client = next((c for c, conns in self.scripts.items() if _path_of(conns[0].url) == path), None)
        client = client or next(iter(self.scripts))
        count = self._served.get(client, 0)
        self._served[client] = count + 1
        connections = self.scripts[client]
        return connections[min(count, len(connections) - 1)]

    async def _handle(self, ws: ServerConnection) -> None:
        self._connections += 1
        number = self._connections
        path = ws.request.path if ws.request else "/"
        script = self._script_for(path)
        peer = ws.remote_address
        self.report(Note(number, "connected", detail=f"{path} from {peer[0]}:{peer[1]}" if peer else path))
        player = _Player(script, ws, number, self.report)
        playing = asyncio.get_running_loop().create_task(player.play_timed() if self.timed else player.play_run())
        try:
            async for incoming in ws:
                if not self.timed:  # the run before this message goes out first, as it did
                    await playing
                player.client_sent(Message("send", incoming, 0.0))
                if not self.timed:
                    playing = asyncio.get_running_loop().create_task(player.play_run())
        except ConnectionClosed:  # a close code other than 1000 and 1001, or none
            pass
        finally:
            playing.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                await playing
        self.report(Note(number, "closed", detail=_how_closed(ws, player.closed)))


class _Player:
    """Walks one recorded connection: sends its `recv` messages, checks the client's against its `send`."""

    def __init__(self, script: Connection, ws: ServerConnection, number: int, report: Reporter) -> None:
        self.messages = script.messages
        self.closing = script.closed_by_server
        self.start = script.start if script.start is not None else script.messages[0].ts
        self.ws = ws
        self.number = number
        self.report = report
        self.position = 0  # next message of the script to play or expect
        self.expected_sends = script.sends()
        self.sends_seen = 0
        self.closed = False  # by this side, playing the recorded close

    def client_sent(self, message: Message) -> None:
        index = self.sends_seen
        self.sends_seen += 1
        expected = self.expected_sends[index] if index < len(self.expected_sends) else None
        self.report(Note(self.number, "sent", message))
        if expected is None:
            self.report(Note(self.number, "beyond", message, detail=f"the recording has {index} sent message(s)"))
        elif expected.data != message.data:
            self.report(Note(self.number, "departed", message, expected, f"sent message {index + 1}"))
        if self.position < len(self.messages) and self.messages[self.position].direction == "send":
            self.position += 1

    async def play_run(self) -> None:
        """The recorded server's messages up to the recorded client's next one."""
        while self.position < len(self.messages) and self.messages[self.position].direction == "recv":
            await self.ws.send(self.messages[self.position].data)
            self.position += 1
        await self._close_when_done()

    async def play_timed(self) -> None:
        """Every recorded `recv` at its recorded time after the connection opened."""
        loop = asyncio.get_running_loop()
        opened = loop.time()
        for message in self.messages:
            if message.direction == "recv":
                await asyncio.sleep(max(0.0, opened + (message.ts - self.start) - loop.time()))
                await self.ws.send(message.data)
        self.position = len(self.messages)
        await self._close_when_done()

    async def _close_when_done(self) -> None:
        if self.position >= len(self.messages) and self.closing is not None:
            code, reason = self.closing
            self.closed = True
            await self.ws.close(code if 1000 <= code < 5000 and code not in (1005, 1006, 1015) else 1000, reason)


def _how_closed(ws: ServerConnection, by_us: bool) -> str:
    code, reason = ws.close_code, ws.close_reason
    if code is None or code == 1006:
        return "connection lost"
    return f"{'as the recording did' if by_us else 'by the client'} ({code}{': ' + reason if reason else ''})"


def _path_of(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return "/"
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

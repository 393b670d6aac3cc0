"""`ws-inspector replay`: a recording's sent messages sent again, to another server.

Every recorded client gets its own connection to the URL (one after another for a client that
connected several times), and the replay reports events under the recorded client's name, so a
recording of the replay lines up with the original in `ws-inspector diff`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

import app
from app.log.events import Event
from app.log.script import Connection, Message
from app.net.connection.attempt import message_payload
from app.net.connection.failures import describe_failure
from app.net.connection.guarded_connect import CrossHostRedirect, GuardedConnect

MAX_MESSAGE_BYTES = 64 * 1024 * 1024


class ReplayFailed(Exception):
    """The replay could not go on: no connection, or (in step) a reply that never came."""


@dataclass
class ReplayOptions:
    speed: float = 1.0  # recorded gaps are divided by this
    in_step: bool = False
    timeout: float = 10.0  # in step: the longest wait for the replies before a send
    handshake_timeout: float = 10.0


async def replay(
    scripts: dict[str, list[Connection]], url: str, options: ReplayOptions, emit: Callable[[Event], None]
) -> int:
    """Replay every client at once; returns how many messages were sent, raises ReplayFailed."""
    tasks = [_replay_client(client, conns, url, options, emit) for client, conns in scripts.items()]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return sum(r for r in results if isinstance(r, int))


async def _replay_client(
    client: str, connections: list[Connection], url: str, options: ReplayOptions, emit: Callable[[Event], None]
) -> int:
    sent = 0
    for attempt, script in enumerate(connections, start=1):
        emit(Event(client, "connecting", {"url": url, "attempt": attempt}))
        try:
            ws = await GuardedConnect(  # the URL was typed; a redirect to another host was not
                url,
                open_timeout=options.handshake_timeout,
                ping_interval=None,
                max_size=MAX_MESSAGE_BYTES,
                compression=None,
                user_agent_header=f"ws-inspector/{app.__version__}",
            )
        except Exception as exc:  # noqa: BLE001 - every failure is reported the same way
            reason = describe_failure(exc, options.handshake_timeout)
            if isinstance(exc, CrossHostRedirect):
                reason = f"{exc}, another host: not followed (replay to that URL if you mean it)"
            emit(Event(client, "error", {"reason": reason}))
            raise ReplayFailed(f"{client}: cannot connect to {url}: {reason}") from None
        emit(Event(client, "connected", {"url": url}))
        replayer = _ClientReplay(client, script, ws, options, emit)
        try:
            sent += await replayer.run()
        finally:
            by = "server" if replayer.closed else "client"
            await ws.close(1000, "replay finished")
            code, reason = ws.close_code, ws.close_reason
            emit(Event(client, "disconnected", {"by": by, "code": code or 1000, "reason": reason}))
    return sent


class _ClientReplay:
    def __init__(
        self,
        client: str,
        script: Connection,
        ws: ClientConnection,
        options: ReplayOptions,
        emit: Callable[[Event], None],
    ) -> None:
        self.client = client
        self.messages = script.messages
        self.start = script.start if script.start is not None else script.messages[0].ts
        self.ws = ws
        self.options = options
        self.emit = emit
        self.received = 0
        self._arrived = asyncio.Event()
        self.closed = False  # the connection ended before the replay was over

    async def run(self) -> int:
        reader = asyncio.get_running_loop().create_task(self._read())
        try:
            return await self._send_all()
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader

    async def _send_all(self) -> int:
        loop = asyncio.get_running_loop()
        opened = loop.time()
        expected = sent = 0  # replies the recording had before the next send, counted from the start
        for message in self.messages:
            if message.direction == "recv":
                expected += 1
                continue
            if self.options.in_step:
                await self._wait_replies(expected, required=True, before=f"sent message {sent + 1}")
            else:
                await asyncio.sleep(max(0.0, opened + (message.ts - self.start) / self.options.speed - loop.time()))
            if not await self._send(message):
                return sent
            sent += 1
        if not self.options.in_step:
            last = self.messages[-1].ts
            await asyncio.sleep(max(0.0, opened + (last - self.start) / self.options.speed - loop.time()))
        await self._wait_replies(expected, required=self.options.in_step, before="the end")
        return sent

    async def _send(self, message: Message) -> bool:
        try:
            await asyncio.wait_for(self.ws.send(message.data), self.options.timeout)
        except (ConnectionClosed, TimeoutError):
            self.emit(Event(self.client, "send_error", {"reason": "the connection closed before the message went out"}))
            if self.options.in_step:
                raise ReplayFailed(f"{self.client}: the connection closed before every message was sent") from None
            return False
        self.emit(Event(self.client, "send", message_payload(message.data)))
        return True

    async def _wait_replies(self, count: int, required: bool, before: str) -> None:
        try:
            await asyncio.wait_for(self._replies(count), self.options.timeout)
        except TimeoutError:
            if required:
                raise ReplayFailed(
                    f"{self.client}: {self.received} of {count} replies before {before} "
                    f"arrived in {self.options.timeout:g} s"
                ) from None

    async def _replies(self, count: int) -> None:
        while self.received < count and not self.closed:
            self._arrived.clear()
            await self._arrived.wait()
        if self.received < count:
            raise TimeoutError  # the server closed: they will never come

    async def _read(self) -> None:
        try:
            async for incoming in self.ws:
                self.emit(Event(self.client, "recv", message_payload(incoming)))
                self.received += 1
                self._arrived.set()
        except ConnectionClosed:
            pass
        self.closed = True  # not when cancelled: then the replay is over and closes itself
        self._arrived.set()

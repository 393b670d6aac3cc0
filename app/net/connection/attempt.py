"""One connection attempt: the handshake, then every message until the connection ends."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Response

import app
from app.log.events import Event
from app.net.connection.failures import describe_failure
from app.net.connection.guarded_connect import CrossHostRedirect, GuardedConnect
from app.net.connection.options import Handshake
from app.net.connection.tracked_connection import TrackedConnection
from app.net.handshake.record import Masker, exchange
from app.net.handshake.tls import tls_context

if TYPE_CHECKING:
    from app.net.connection.worker import ConnectionWorker

ABSENT_AFTER = 1.0  # seconds the idle watchdog may wake late before the app counts as having been away
YIELD_EVERY = 64  # messages taken from a full queue before the loop gets a turn (keys, drawing)


@dataclass(frozen=True)
class AttemptResult:
    reason: str  # why it ended, for the retry entry
    had_connection: bool  # the handshake succeeded: the next retry counts from attempt 1
    redirect: str | None = None  # where a redirect to another host points (not followed yet)


@dataclass(frozen=True)
class Ending:
    """How an open connection ended, as the `disconnected` event tells it."""

    by: str  # server, client, timeout, error
    code: int | None
    reason: str

    def extra(self) -> dict[str, Any]:
        extra: dict[str, Any] = {"by": self.by}
        if self.code is not None:
            extra["code"] = self.code
        if self.reason:
            extra["reason"] = self.reason
        return extra

    def retry_reason(self) -> str:
        if self.by == "server":
            return f"closed by the server ({self.code}{': ' + self.reason if self.reason else ''})"
        if self.by == "timeout":
            return f"idle timeout: {self.reason}"
        if self.by == "client":
            return "closed by the inspector"
        return self.reason


class ConnectionAttempt:
    """Connects once with `handshake` for `worker`, keeps its IsConnected true while open, and
    hands every message to the log (and to the behaviours that want messages)."""

    def __init__(self, worker: ConnectionWorker, handshake: Handshake) -> None:
        self.worker = worker
        self.handshake = handshake
        self.connection: TrackedConnection | None = None  # the last one opened: a failure's request

    def _new_connection(self, *args: Any, **kwargs: Any) -> TrackedConnection:
        self.connection = TrackedConnection(*args, **kwargs)
        return self.connection

    async def run(self) -> AttemptResult:
        worker, hs = self.worker, self.handshake
        opts = worker.options
        extra: dict[str, Any] = {}  # no `ssl` for plain TCP (None would mean that too, but not for wss)
        if hs.ssl is not None:
            extra["ssl"] = hs.ssl
        elif hs.url[:4].lower() == "wss:":
            # the library would build a new one every attempt; the first is built off the loop (50 ms)
            extra["ssl"] = await asyncio.to_thread(tls_context)
        try:
            ws = await GuardedConnect(
                hs.url,
                open_timeout=hs.open_timeout,
                close_timeout=opts.close_timeout,
                ping_interval=hs.keepalive_interval,
                ping_timeout=hs.keepalive_timeout,
                max_size=opts.max_message_bytes,
                compression="deflate" if hs.compression else None,
                proxy=hs.proxy,
                origin=hs.origin,
                subprotocols=hs.subprotocols or None,
                additional_headers=hs.headers or None,
                user_agent_header=f"ws-inspector/{app.__version__}",
                create_connection=self._new_connection,  # type: ignore[arg-type]
                **extra,
            )
        except asyncio.CancelledError:
            raise
        except CrossHostRedirect as exc:
            worker.event("error", reason=f"the server redirected to {exc.location} (another host)")
            return AttemptResult(str(exc), False, exc.location)
        except Exception as exc:  # noqa: BLE001 - every failure is reported, then retried
            reason = describe_failure(exc, hs.open_timeout)
            worker.event("error", reason=reason, **self._failed_exchange(exc))
            return AttemptResult(reason, False)
        worker.opened(ws, hs.url, exchange(Masker(hs), ws.request, ws.response, ws.subprotocol))
        ending: Ending | None = None
        try:
            ending = await self._pump(ws)
        finally:
            if ending is None:  # cancelled: the client closes
                await self._close_bounded(ws)
                code, reason = self.worker.close_request
                ending = Ending("client", ws.close_code or code, reason)
            worker.closed(ending.extra())
        return AttemptResult(ending.retry_reason(), True)

    def _failed_exchange(self, exc: Exception) -> dict[str, Any]:
        """What was sent, and the status and headers of a refusal, when the handshake got that far."""
        request = self.connection.request if self.connection is not None else None
        response = getattr(exc, "response", None)
        return exchange(Masker(self.handshake), request, response if isinstance(response, Response) else None)

    async def _close_bounded(self, ws: TrackedConnection) -> None:
        """A server that stops reading can hold a close for ever: bound it."""
        code, reason = self.worker.close_request
        try:
            closing = asyncio.shield(ws.close(code, reason))
            await asyncio.wait_for(closing, self.worker.options.close_timeout)
        except (asyncio.CancelledError, TimeoutError):  # cancelled again, or too slow
            if ws.transport is not None:
                ws.transport.abort()
        except Exception:  # noqa: BLE001 - the socket is going either way
            pass

    def _take(self, messages: list[str | bytes]) -> None:
        """The messages of one read off the socket: one batch to the log, one time for all."""
        worker, ts, payload = self.worker, time.time(), message_payload
        path, source = worker.path, worker.client.id  # a rename shows at once
        worker.emit_batch([Event(path, "recv", payload(message), ts, source) for message in messages])
        if worker.receivers:
            for message in messages:
                worker.deliver(message)

    async def _pump(self, ws: TrackedConnection) -> Ending:
        """Most messages come through `_take`, a read at a time; `recv()` gets those the library
        keeps for itself (see TrackedConnection.process_event) and the end of the connection."""
        worker = self.worker
        timed_out = asyncio.Event()
        watchdog = asyncio.get_running_loop().create_task(self._watch_idle(ws, timed_out))
        take, taken = self._take, 0
        ws.take = take
        try:
            while True:
                take([await ws.recv()])  # returns without a pause while messages are queued
                taken += 1
                if taken == YIELD_EVERY:
                    taken = 0
                    await asyncio.sleep(0)
        except ConnectionClosed as exc:
            if timed_out.is_set():
                return Ending("timeout", None, f"no traffic for {worker.options.idle_timeout:g} s")
            if exc.rcvd is not None and (exc.sent is None or exc.rcvd_then_sent):
                return Ending("server", exc.rcvd.code, exc.rcvd.reason)
            if exc.sent is not None:
                if exc.sent.code == 1009:
                    limit = worker.options.max_message_bytes
                    return Ending("error", 1009, f"message over the size limit ({limit} bytes)")
                return Ending("error", exc.sent.code, exc.sent.reason or "protocol error")
            return Ending("error", 1006, "connection lost without a close frame")
        finally:
            ws.take = None
            watchdog.cancel()

    async def _watch_idle(self, ws: TrackedConnection, timed_out: asyncio.Event) -> None:
        """Idle is the server's silence, not the app's absence: after a suspend (SIGSTOP, Ctrl+Z)
        this wakes up late, before the bytes that arrived meanwhile are read; then the count
        starts again from the return (README, Reliability: faults)."""
        limit = self.worker.options.idle_timeout
        wake_at = back_at = time.monotonic()
        while True:
            now = time.monotonic()
            if now - wake_at > ABSENT_AFTER:
                back_at = now
            idle = now - max(ws.last_received, back_at)
            if idle >= limit:
                break
            wake_at = now + limit - idle
            await asyncio.sleep(limit - idle)
        timed_out.set()
        self.worker.event("timeout", idle_s=round(idle, 3))
        try:
            await asyncio.wait_for(ws.close(1000, "idle timeout"), 1.0)
        except (TimeoutError, ConnectionClosed):
            pass
        finally:
            if ws.transport is not None:
                ws.transport.abort()


def message_payload(message: str | bytes) -> dict[str, Any]:
    """A message as the `recv`/`send` events carry it: type, data, size in bytes."""
    if message.__class__ is str:
        size = len(message) if message.isascii() else len(message.encode("utf-8", "surrogatepass"))
        return {"type": "text", "data": message, "size": size}
    return {"type": "binary", "data": bytes(message), "size": len(message)}

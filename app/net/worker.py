"""The connection worker: makes one WebsocketClient behave as Resonite's would (SPEC section 2)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.protocol import State

import app
from app.log.events import Event
from app.model import Component, WebsocketClient
from app.net.failures import describe_failure
from app.net.guarded_connect import CrossHostRedirect, GuardedConnect
from app.net.host_access import AccessRequest, HostAccess, host_key
from app.net.tracked_connection import TrackedConnection

RESTART_FIELDS = ("URL", "Enabled", "HandlingUser")
MAX_CROSS_HOST_REDIRECTS = 5  # in one attempt, before it counts as a failure (and waits)
YIELD_EVERY = 64  # messages taken from a full queue before the loop gets a turn (keys, drawing)


@dataclass
class WorkerOptions:
    idle_timeout: float = 60.0
    handshake_timeout: float = 10.0
    close_timeout: float = 2.0
    max_message_bytes: int = 4 * 1024 * 1024
    proxy: str | None = None
    compression: bool = False
    send_timeout: float = 10.0  # a server that stops reading cannot hold a send for ever


@dataclass(frozen=True)
class WorkerState:
    """What the worker is doing, for the card's status line."""

    kind: str  # disabled, inactive, no_url, no_user, other_user, denied, held, asking, connecting, connected, waiting
    attempt: int = 0
    since: float = 0.0  # monotonic time the connection opened
    until: float = 0.0  # monotonic time the next retry starts
    detail: str = ""

    def words(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        if self.kind == "connected":
            secs = int(max(0.0, now - self.since))
            return f"connected for {secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"
        if self.kind == "waiting":
            return f"retrying in {max(0.0, self.until - now):.1f} s"
        if self.kind == "connecting":
            return f"connecting (attempt {self.attempt})"
        return {
            "disabled": "disabled",
            "inactive": "disabled (slot inactive)",
            "no_url": "disconnected (no URL)",
            "no_user": "disconnected (no handling user)",
            "other_user": f"handled by another user ({_printable(self.detail)})",
            "denied": "denied",
            "held": "disconnected",
            "asking": "waiting for host access",
        }.get(self.kind, self.kind)


class ConnectionWorker:
    def __init__(
        self,
        client: WebsocketClient,
        emit: Callable[[Event], None],
        access: HostAccess,
        options: WorkerOptions | None = None,
    ) -> None:
        self.client = client
        self._emit = emit
        self.access = access
        self.options = options or WorkerOptions()
        self.state = WorkerState("held")
        self.state_observers: list[Callable[[ConnectionWorker], None]] = []
        self._ws: TrackedConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._denied = False
        self._held = False
        self._was_active = self._active()
        self.path = client.path  # kept while the component is in the scene, for events after it leaves
        self._interval_changed = asyncio.Event()
        self._unsubscribe = client.observe(self._on_field)

    # --- control from outside --------------------------------------------------------
    def start(self) -> None:
        self._restart()

    async def stop(self) -> None:
        """The component is gone: close the socket and end for good."""
        self._unsubscribe()
        tasks, self._tasks, self._task = self._tasks, [], None
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def hierarchy_changed(self) -> None:
        """A slot above changed: the path may have, and Active may have."""
        if self.client.slot is not None:
            self.path = self.client.path
        active = self._active()
        if active != self._was_active:
            self._was_active = active
            self._restart()

    def connect(self, url: str | None = None, user: str | None = None) -> None:
        """WebsocketConnect: set URL (kept if omitted) and the handling user (local if omitted)."""
        if url is not None:
            self.client.set_text("URL", url)
        local = self._local_user()
        self.client.set("HandlingUser", user if user is not None else local)
        self._held = False
        self._denied = False
        self._restart()

    def disconnect(self) -> None:
        """Close and stay closed until Connect or a change of URL, Enabled or HandlingUser."""
        self._held = True
        self._restart()

    def idle_remaining(self) -> float | None:
        """Seconds until the idle timeout, counting from the server's last byte; None when closed."""
        ws = self._ws
        if ws is None:
            return None
        return self.options.idle_timeout - (time.monotonic() - ws.last_received)

    @property
    def connected(self) -> bool:
        return self._ws is not None and self.client["IsConnected"]

    async def send(self, data: str | bytes) -> bool:
        """WebsocketTextMessageSender (and its binary twin): sent, or a send_error."""
        ws = self._ws
        if ws is None or not self.connected:
            self._event("send_error", reason="not connected")
            return False
        try:
            await asyncio.wait_for(ws.send(data), self.options.send_timeout)
        except ConnectionClosed:
            self._event("send_error", reason="the connection closed before the message went out")
            return False
        except TimeoutError:
            limit = self.options.send_timeout
            self._event("send_error", reason=f"the server did not take the message in {limit:g} s")
            return False
        if self._ws is not ws or ws.state is not State.OPEN:
            self._event("send_error", reason="the connection closed while the message was going out")
            return False
        self._event("send", **_payload(data))
        return True

    # --- reactions --------------------------------------------------------------------
    def _on_field(self, component: Component, name: str, old: Any, new: Any) -> None:
        if name in RESTART_FIELDS:
            self._denied = False
            self._held = False
            self._restart()
        elif name == "ConnectRetryInterval":
            self._interval_changed.set()

    def _restart(self) -> None:
        """Cancel whatever runs now; the new run starts once the old ones have closed."""
        previous = [task for task in self._tasks if not task.done()]
        for task in previous:
            task.cancel()
        self._task = asyncio.get_running_loop().create_task(self._run(previous))
        self._tasks = [*previous, self._task]

    # --- the loop ---------------------------------------------------------------------
    def _active(self) -> bool:
        slot = self.client.slot
        return slot is not None and slot.active_in_hierarchy

    def _local_user(self) -> str | None:
        slot = self.client.slot
        return slot.scene.users.local if slot is not None and slot.scene is not None else None

    def _blocker(self) -> WorkerState | None:
        client = self.client
        if not client["Enabled"]:
            return WorkerState("disabled")
        if not self._active():
            return WorkerState("inactive")
        if not client["URL"]:
            return WorkerState("no_url")
        user = client["HandlingUser"]
        if user is None:
            return WorkerState("no_user")
        if user != self._local_user():
            return WorkerState("other_user", detail=user)
        if self._held:
            return WorkerState("held")
        if self._denied:
            return WorkerState("denied")
        return None

    async def _run(self, previous: list[asyncio.Task[None]]) -> None:
        if previous:
            await asyncio.gather(*previous, return_exceptions=True)
        blocker = self._blocker()
        if blocker is not None:
            if blocker.kind in ("other_user", "no_user"):
                self._event("error", reason=f"not connecting: {blocker.words()}; only the handling user connects")
            self._set_state(blocker)
            return
        url = self.client["URL"]
        if not await self._ask_access(url):
            return
        attempt = redirects = 0
        while True:
            attempt += 1
            self._set_state(WorkerState("connecting", attempt=attempt))
            self._event("connecting", url=url, attempt=attempt)
            failure, had_connection, redirect = await self._attempt(url)
            if redirect is not None and redirects < MAX_CROSS_HOST_REDIRECTS:
                # another host: ask for it first, then follow (this run only; URL stays as typed)
                if not await self._ask_access(redirect):
                    return
                attempt -= 1
                redirects += 1
                url = redirect
                continue
            if redirect is not None:
                failure = f"more than {MAX_CROSS_HOST_REDIRECTS} redirects to other hosts"
            url, redirects = self.client["URL"], 0
            if had_connection:
                attempt = 0
            delay = self.client["ConnectRetryInterval"]
            self._event("retry", attempt=attempt + 1, delay_s=delay, reason=failure)
            await self._wait_retry()

    async def _ask_access(self, url: str) -> bool:
        self._set_state(WorkerState("asking"))
        reason = self.client["AccessReason"] or "No reason provided"
        if await self.access.request(AccessRequest(host_key(url), reason, self.path), self._emit):
            return True
        self._denied = True
        self._set_state(WorkerState("denied"))
        return False

    async def _attempt(self, url: str) -> tuple[str, bool, str | None]:
        """Connect once and pump messages.

        Returns why it ended, whether it had connected, and where a cross-host redirect points.
        """
        opts = self.options
        try:
            ws = await GuardedConnect(
                url,
                open_timeout=opts.handshake_timeout,
                close_timeout=opts.close_timeout,
                ping_interval=None,
                ping_timeout=None,
                max_size=opts.max_message_bytes,
                compression="deflate" if opts.compression else None,
                proxy=opts.proxy,
                user_agent_header=f"ws-inspector/{app.__version__}",
                create_connection=TrackedConnection,
            )
        except asyncio.CancelledError:
            raise
        except CrossHostRedirect as exc:
            self._event("error", reason=f"the server redirected to {exc.location} (another host)")
            return str(exc), False, exc.location
        except Exception as exc:  # noqa: BLE001 - every failure is reported, then retried
            reason = describe_failure(exc, opts.handshake_timeout)
            self._event("error", reason=reason)
            return reason, False, None
        self._ws = ws
        self.client.set_connected(True)
        self._set_state(WorkerState("connected", since=time.monotonic()))
        self._event("connected", url=url)
        ended = False
        try:
            by, code, reason = await self._pump(ws)
            ended = True
        finally:
            self._ws = None
            if not ended:  # cancelled: the client closes
                try:  # a server that stops reading can hold a close for ever: bound it
                    closing = asyncio.shield(ws.close(1000, "closed by the inspector"))
                    await asyncio.wait_for(closing, self.options.close_timeout)
                except (asyncio.CancelledError, TimeoutError):  # cancelled again, or too slow
                    if ws.transport is not None:
                        ws.transport.abort()
                except Exception:  # noqa: BLE001 - the socket is going either way
                    pass
                by, code, reason = "client", ws.close_code or 1000, "closed by the inspector"
            extra: dict[str, Any] = {"by": by}
            if code is not None:
                extra["code"] = code
            if reason:
                extra["reason"] = reason
            try:
                self.client.set_connected(False)
            finally:
                self._event("disconnected", **extra)
        return _retry_reason(by, code, reason), True, None

    async def _pump(self, ws: TrackedConnection) -> tuple[str, int | None, str]:
        timed_out = asyncio.Event()
        watchdog = asyncio.get_running_loop().create_task(self._watch_idle(ws, timed_out))
        emit, taken, now, payload = self._emit, 0, time.time, _payload
        try:
            while True:
                message = await ws.recv()  # returns without a pause while messages are queued
                emit(Event(self.path, "recv", payload(message), now()))
                taken += 1
                if taken == YIELD_EVERY:
                    taken = 0
                    await asyncio.sleep(0)
        except ConnectionClosed as exc:
            if timed_out.is_set():
                return "timeout", None, f"no traffic for {self.options.idle_timeout:g} s"
            if exc.rcvd is not None and (exc.sent is None or exc.rcvd_then_sent):
                return "server", exc.rcvd.code, exc.rcvd.reason
            if exc.sent is not None:
                if exc.sent.code == 1009:
                    limit = self.options.max_message_bytes
                    return "error", 1009, f"message over the size limit ({limit} bytes)"
                return "error", exc.sent.code, exc.sent.reason or "protocol error"
            return "error", 1006, "connection lost without a close frame"
        finally:
            watchdog.cancel()

    async def _watch_idle(self, ws: TrackedConnection, timed_out: asyncio.Event) -> None:
        limit = self.options.idle_timeout
        while True:
            idle = time.monotonic() - ws.last_received
            if idle >= limit:
                break
            await asyncio.sleep(limit - idle)
        timed_out.set()
        self._event("timeout", idle_s=round(idle, 3))
        try:
            await asyncio.wait_for(ws.close(1000, "idle timeout"), 1.0)
        except (TimeoutError, ConnectionClosed):
            pass
        finally:
            if ws.transport is not None:
                ws.transport.abort()

    async def _wait_retry(self) -> None:
        """Wait ConnectRetryInterval as it is now; an edit during the wait takes effect."""
        start = time.monotonic()
        while True:
            until = start + self.client["ConnectRetryInterval"]
            remaining = until - time.monotonic()
            if remaining <= 0:
                return
            self._set_state(WorkerState("waiting", until=until))
            self._interval_changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._interval_changed.wait(), remaining)

    # --- output -----------------------------------------------------------------------
    def _event(self, kind: str, **extra: Any) -> None:
        self._emit(Event(self.path, kind, extra))

    def _set_state(self, state: WorkerState) -> None:
        self.state = state
        for observer in list(self.state_observers):
            observer(self)


def _printable(text: str) -> str:
    """A user name from a file, for a status line: control characters dropped."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:64]


def _payload(message: str | bytes) -> dict[str, Any]:
    if message.__class__ is str:
        size = len(message) if message.isascii() else len(message.encode("utf-8", "surrogatepass"))
        return {"type": "text", "data": message, "size": size}
    return {"type": "binary", "data": bytes(message), "size": len(message)}


def _retry_reason(by: str, code: int | None, reason: str) -> str:
    if by == "server":
        return f"closed by the server ({code}{': ' + reason if reason else ''})"
    if by == "timeout":
        return f"idle timeout: {reason}"
    if by == "client":
        return "closed by the inspector"
    return reason

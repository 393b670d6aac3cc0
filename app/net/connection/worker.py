"""The connection worker: makes one WebsocketClient behave as Resonite's would (README, "How a client
behaves"): it connects when everything allows it, retries after ConnectRetryInterval, and stops for
good on a denial until something changes. One attempt's work is app/net/connection/attempt.py."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.protocol import State

from app.log.events import Event
from app.model import Component, Observers, WebsocketClient
from app.model.fields.templates import mask_secrets
from app.net.connection.attempt import ConnectionAttempt, message_payload
from app.net.connection.behaviour_hooks import BehaviourHooks
from app.net.connection.control_frames import FrameWatch, ping_round_trip
from app.net.connection.options import WorkerOptions
from app.net.connection.tracked_connection import TrackedConnection
from app.net.connection.worker_state import StateKind, WorkerState
from app.net.host_access import AccessRequest, HostAccess, host_key

RESTART_FIELDS = ("URL", "Enabled", "HandlingUser")
CLOSED_BY_US = (1000, "closed by the inspector")
MAX_CROSS_HOST_REDIRECTS = 5  # in one attempt, before it counts as a failure (and waits)

StateObserver = Callable[["ConnectionWorker"], None]


class ConnectionWorker(BehaviourHooks):
    def __init__(
        self,
        client: WebsocketClient,
        emit: Callable[[Event], None],
        access: HostAccess,
        options: WorkerOptions | None = None,
        emit_batch: Callable[[list[Event]], None] | None = None,
    ) -> None:
        self.client = client
        self.emit = emit
        self.emit_batch = emit_batch or self._emit_each  # a flood's batches (EventSink.emit_batch)
        self.access = access
        self.options = options or WorkerOptions()
        self.state = WorkerState(StateKind.HELD)
        self._state_observers: Observers[StateObserver] = Observers()
        self._ws: TrackedConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._denied = False
        self._held = False
        self._was_active = self._active()
        self.path = client.path  # kept while the component is in the scene, for events after it leaves
        self._interval_changed = asyncio.Event()
        self._unsubscribe = client.observe(self._on_field)
        self.close_request: tuple[int, str] = CLOSED_BY_US  # the code and reason our next close sends
        self.subprotocol: str | None = None  # agreed with the server, while connected
        self._frames: FrameWatch | None = None
        self._pinging: set[bytes] = set()  # payloads of /ping still waiting for their pong

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

    def observe_state(self, observer: StateObserver) -> Callable[[], None]:
        """Hear every change of `state`; returns the unsubscribe."""
        return self._state_observers.add(observer)

    def hierarchy_changed(self) -> None:
        """A slot above changed: the path may have, and Active may have."""
        if self.client.slot is not None:
            self.path = self.client.path
        active = self._active()
        if active != self._was_active:
            self._was_active = active
            self._restart()

    def reconnect(self) -> None:
        """Something that shapes the handshake changed: start again, like a new URL."""
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

    def disconnect(self, code: int = CLOSED_BY_US[0], reason: str = CLOSED_BY_US[1]) -> None:
        """Close (with this code and reason: `/close`) and stay closed until Connect or a change of
        URL, Enabled or HandlingUser."""
        self.close_request = (code, reason)
        self._held = True
        self._restart()

    async def ping(self, text: str = "") -> bool:
        """`/ping`: send a ping and log the pong with its round trip (or why there was none)."""
        ws = self._ws
        if ws is None or not self.connected:
            self.event("send_error", reason="not connected: no ping sent")
            return False
        return await ping_round_trip(ws, text, self._pinging, self.event, self.options.ping_timeout)

    def show_control_frames(self, shown: bool) -> None:
        """Log ping, pong and close frames (or stop): takes effect on the open connection at once."""
        if self._frames is not None:
            self._frames.remove()
            self._frames = None
        if shown and self._ws is not None:
            self._frames = FrameWatch(self._ws, self.event, self._pinging.__contains__)
            self._frames.install()

    def idle_remaining(self) -> float | None:
        """Seconds until the idle timeout, counting from the server's last byte; None when closed."""
        ws = self._ws
        if ws is None:
            return None
        return self.options.idle_timeout - (time.monotonic() - ws.last_received)

    @property
    def connected(self) -> bool:
        return self._ws is not None and self.client["IsConnected"]

    async def send(self, data: str | bytes, by: str | None = None, secrets: tuple[str, ...] = ()) -> bool:
        """WebsocketTextMessageSender (and its binary twin): sent, or a send_error. `by` names the
        behaviour that sent it (absent when a person did); `secrets` (values read through
        `{{env:...}}`) go out as they are but are masked in the log and the recording."""
        tag = {"by": by} if by else {}
        ws = self._ws
        if ws is None or not self.connected:
            self.event("send_error", reason="not connected", **tag)
            return False
        try:
            await asyncio.wait_for(ws.send(data), self.options.send_timeout)
        except ConnectionClosed:
            self.event("send_error", reason="the connection closed before the message went out", **tag)
            return False
        except TimeoutError:
            limit = self.options.send_timeout
            self.event("send_error", reason=f"the server did not take the message in {limit:g} s", **tag)
            return False
        if self._ws is not ws or ws.state is not State.OPEN:
            self.event("send_error", reason="the connection closed while the message was going out", **tag)
            return False
        payload = message_payload(data)
        if secrets and isinstance(data, str):
            payload["data"] = mask_secrets(data, secrets)
        self.event("send", **payload, **tag)
        return True

    # --- what the attempt reports ---------------------------------------------------------
    def opened(self, ws: TrackedConnection, url: str, handshake: dict[str, Any]) -> None:
        self._ws = ws
        self.close_request = CLOSED_BY_US
        self.subprotocol = ws.subprotocol
        self.show_control_frames(self.options.control_frames)
        self.client.set_connected(True)
        self._set_state(WorkerState(StateKind.CONNECTED, since=time.monotonic(), detail=ws.subprotocol or ""))
        self.event("connected", url=url, **handshake)
        self.tell_behaviours("connected")

    def closed(self, extra: dict[str, Any]) -> None:
        self._ws = None
        self.subprotocol = None
        self.show_control_frames(False)
        try:
            self.client.set_connected(False)
        finally:
            self.event("disconnected", **extra)
            self.tell_behaviours("disconnected")

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
            return WorkerState(StateKind.DISABLED)
        if not self._active():
            return WorkerState(StateKind.INACTIVE)
        if not client["URL"]:
            return WorkerState(StateKind.NO_URL)
        user = client["HandlingUser"]
        if user is None:
            return WorkerState(StateKind.NO_USER)
        if user != self._local_user():
            return WorkerState(StateKind.OTHER_USER, detail=user)
        if self._held:
            return WorkerState(StateKind.HELD)
        if self._denied:
            return WorkerState(StateKind.DENIED)
        return None

    async def _run(self, previous: list[asyncio.Task[None]]) -> None:
        if previous:
            await asyncio.gather(*previous, return_exceptions=True)
        blocker = self._blocker()
        if blocker is not None:
            why = blocker.why_not_connecting()
            if why:
                self.event("error", reason=f"not connecting: {why}; only the handling user connects")
            self._set_state(blocker)
            return
        url = self.client["URL"]
        if not await self._ask_access(url):
            return
        attempt = redirects = 0
        while True:
            attempt += 1
            self._set_state(WorkerState(StateKind.CONNECTING, attempt=attempt))
            self.event("connecting", url=url, attempt=attempt)
            handshake = self.build_handshake(url)
            if isinstance(handshake, str):
                self.event("error", reason=handshake)
                failure, had_connection, redirect = handshake, False, None
            else:
                result = await ConnectionAttempt(self, handshake).run()
                failure, had_connection, redirect = result.reason, result.had_connection, result.redirect
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
            self.event("retry", attempt=attempt + 1, delay_s=delay, reason=failure)
            await self._wait_retry()

    async def _ask_access(self, url: str) -> bool:
        self._set_state(WorkerState(StateKind.ASKING))
        reason = self.client["AccessReason"] or "No reason provided"
        if await self.access.request(AccessRequest(host_key(url), reason, self.path), self.emit):
            return True
        self._denied = True
        self._set_state(WorkerState(StateKind.DENIED))
        return False

    async def _wait_retry(self) -> None:
        """Wait ConnectRetryInterval as it is now; an edit during the wait takes effect."""
        start = time.monotonic()
        while True:
            until = start + self.client["ConnectRetryInterval"]
            remaining = until - time.monotonic()
            if remaining <= 0:
                return
            self._set_state(WorkerState(StateKind.WAITING, until=until))
            self._interval_changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._interval_changed.wait(), remaining)

    # --- output -----------------------------------------------------------------------
    def event(self, kind: str, **extra: Any) -> None:
        self.emit(Event(self.path, kind, extra, source=self.client.id))

    def _emit_each(self, events: list[Event]) -> None:
        for event in events:
            self.emit(event)

    def _set_state(self, state: WorkerState) -> None:
        self.state = state
        self._state_observers.notify(self)

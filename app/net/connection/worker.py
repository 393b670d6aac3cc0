"""The connection worker: makes one WebsocketClient behave as Resonite's would (README, "How a client
behaves"): it connects when everything allows it, retries after ConnectRetryInterval, and stops for
good on a denial until something changes. One attempt's work is app/net/connection/attempt.py;
what goes through an open connection (send, /ping, the control-frame log) is open_connection.py."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from app.log.events import Event, one_by_one
from app.model import Component, Observers, WebsocketClient
from app.net.connection.attempt import ConnectionAttempt
from app.net.connection.behaviour_hooks import BehaviourHooks
from app.net.connection.open_connection import OpenConnection
from app.net.connection.options import WorkerOptions
from app.net.connection.tracked_connection import TrackedConnection
from app.net.connection.worker_state import StateKind, WorkerState
from app.net.host_access import AccessRequest, HostAccess, host_key

RESTART_FIELDS = ("URL", "Enabled", "HandlingUser")
CLOSED_BY_US = (1000, "closed by the inspector")
MAX_CROSS_HOST_REDIRECTS = 5  # in one attempt, before it counts as a failure (and waits)

StateObserver = Callable[["ConnectionWorker"], None]


class ConnectionWorker(BehaviourHooks, OpenConnection):
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
        self.emit_batch = emit_batch or one_by_one(emit)  # a flood's batches (EventSink.emit_batch)
        self.access = access
        self.options = options or WorkerOptions()
        self.state = WorkerState(StateKind.HELD)
        self._state_observers: Observers[StateObserver] = Observers()
        OpenConnection.__init__(self)
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

    def _set_state(self, state: WorkerState) -> None:
        self.state = state
        self._state_observers.notify(self)

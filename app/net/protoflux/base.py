"""What the four ProtoFlux behaviours share: templates filled at send time, sends as tasks on the
loop (never blocking the socket reads or the interface), the per-client rate cap, and a status
(sent count, last error) that the component's card observes."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from app.log.events import Event
from app.model import Component, Observers
from app.model.fields.hex_bytes import parse_hex
from app.model.fields.templates import MissingVariable, render
from app.net.behaviours import Behaviour, ClientLink
from app.net.protoflux.limiter import MAX_PER_SECOND, limiter_for

StatusObserver = Callable[["BehaviourStatus"], None]


class BehaviourStatus:
    """How many messages a behaviour sent and its last problem, for its card."""

    def __init__(self) -> None:
        self.sent = 0
        self.last_error = ""
        self._observers: Observers[StatusObserver] = Observers()

    def observe(self, observer: StatusObserver) -> Callable[[], None]:
        return self._observers.add(observer)

    def count_sent(self) -> None:
        self.sent += 1
        self._observers.notify(self)

    def fail(self, reason: str) -> None:
        self.last_error = reason
        self._observers.notify(self)


class ProtoFluxBehaviour(Behaviour):
    """Base of the ProtoFlux behaviours; `env` is the environment templates read (tests pass their own)."""

    def __init__(
        self, component: Component, emit: Callable[[Event], None], env: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(component, emit)
        self.env: Mapping[str, str] = os.environ if env is None else env
        self.status = BehaviourStatus()
        self._secrets: dict[str, tuple[str, ...]] = {}  # message text → the env values in it
        self.counter = 0  # {{n}}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._unobserve = component.observe(self._field_changed)

    @property
    def enabled(self) -> bool:
        """Enabled, on a slot that is active with every slot above it (as Resonite runs components)."""
        slot = self.component.slot
        return bool(self.component["Enabled"]) and (slot is None or slot.active_in_hierarchy)

    def stop(self) -> None:
        self._unobserve()
        self.cancel_tasks()

    def cancel_tasks(self) -> None:
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()

    def spawn(self, work: Any) -> asyncio.Task[Any]:
        """Run `work` (a coroutine) on the loop; stop() and disconnects cancel it."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _field_changed(self, component: Component, name: str, old: Any, new: Any) -> None:
        """A field changed while running; subclasses react (a new Interval, Enabled off)."""

    # --- building and sending a message ----------------------------------------------------
    def message(self, body: str, binary: bool = False, groups: Mapping[str, str] | None = None) -> str | bytes | None:
        """The body with its placeholders filled now; None (and a logged error) when it cannot be."""
        if binary:
            return parse_hex(body)
        self.counter += 1
        now = time.time()
        values = {
            "n": str(self.counter),
            "now": datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds"),
            "unix": str(int(now)),
            **(groups or {}),
        }
        try:
            rendered = render(body, values, self.env)
        except MissingVariable as exc:
            self.report(f"not sent: {exc}")
            return None
        if rendered.secrets:  # masked in the log and the recording when it is sent
            if len(self._secrets) > 64:
                self._secrets.clear()
            self._secrets[rendered.text] = tuple(rendered.secrets)
        return rendered.text

    def secrets_in(self, data: str | bytes) -> tuple[str, ...]:
        """The `{{env:...}}` values a message made by `message` holds (taken once)."""
        return self._secrets.pop(data, ()) if isinstance(data, str) else ()

    async def send(self, link: ClientLink, data: str | bytes) -> bool:
        """Through the client's worker (a `send` event with `by`), within the per-client rate cap."""
        limiter = limiter_for(link)
        if not limiter.allow():
            if limiter.dropped == 1:
                self.report(f"more than {MAX_PER_SECOND} behaviour messages a second on this client: dropping")
            return False
        dropped = limiter.end_burst()
        if dropped:
            self.report(f"{dropped} behaviour messages dropped by the cap of {MAX_PER_SECOND} a second", quiet=True)
        if await link.send(data, by=self.component.path, secrets=self.secrets_in(data)):
            self.status.count_sent()
            return True
        self.status.fail("the last send failed (the log says why)")
        return False

    def report(self, reason: str, quiet: bool = False) -> None:
        """A logged `error` on the client's line, with `by`; also the card's last error unless quiet."""
        client = self.link.path if self.link is not None else self.component.path
        self.emit(Event(client, "error", {"reason": reason, "by": self.component.path}))
        if not quiet:
            self.status.fail(reason)

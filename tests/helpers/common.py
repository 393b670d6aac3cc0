"""Real WebSocket servers on 127.0.0.1 (port 0), a client in a scene, an event log a test can wait on."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

from websockets.asyncio.server import Server, ServerConnection

from app.log.events import Event
from app.model import Scene, Users, WebsocketClient

LOCAL = "tester"


Handler = Callable[[ServerConnection], Awaitable[None]]


@dataclass
class LoopbackServer:
    """A real websockets server; `connections` counts handshakes that completed."""

    server: Server
    connections: list[ServerConnection] = field(default_factory=list)

    @property
    def port(self) -> int:
        return self.server.sockets[0].getsockname()[1]

    def url(self, path: str = "/") -> str:
        return f"ws://127.0.0.1:{self.port}{path}"


async def echo(ws: ServerConnection) -> None:
    async for message in ws:
        await ws.send(message)


def closes_into(closed: list[tuple[int | None, str | None]]) -> Handler:
    """A server handler that waits for the close and notes its code and reason in `closed`."""

    async def handler(ws: ServerConnection) -> None:
        await ws.wait_closed()
        closed.append((ws.close_code, ws.close_reason))

    return handler


class EventLog:
    """Collects events and lets a test wait for one."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._changed = asyncio.Event()

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        self._changed.set()

    def kinds(self) -> list[str]:
        return [e.event for e in self.events]

    def of(self, kind: str) -> list[Event]:
        return [e for e in self.events if e.event == kind]

    async def wait_for(self, kind: str, count: int = 1, timeout: float = 5.0, **match: object) -> Event:
        async def waiter() -> Event:
            while True:
                found = [e for e in self.of(kind) if all(e.extra.get(k) == v for k, v in match.items())]
                if len(found) >= count:
                    return found[count - 1]
                self._changed.clear()
                await self._changed.wait()

        return await asyncio.wait_for(waiter(), timeout)


def make_client(url: str = "", interval: float = 0.2, slot_name: str = "Chat") -> tuple[Scene, WebsocketClient]:
    scene = Scene(Users(LOCAL, ["Guest"]))
    slot = scene.root.add_child(slot_name)
    client = WebsocketClient()
    client.set("HandlingUser", LOCAL)
    client.set("URL", url)
    client.set("ConnectRetryInterval", interval)
    slot.attach_component(client)
    return scene, client


async def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


class Hung(Exception):
    """The code under test did not give the loop back (see `hang_guard`)."""


@contextlib.contextmanager
def hang_guard(seconds: float) -> Iterator[None]:
    """Turn a hang into a failure: raise Hung in the main thread after `seconds` (SIGALRM, which
    also interrupts a regular-expression search of the `re` module)."""

    def expired(signum: int, frame: object) -> None:
        raise Hung(f"still busy after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

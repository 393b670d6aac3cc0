"""The behaviour registry: where a component type says what it does around a client's connection.

A WebsocketClient owns a connection (a ConnectionWorker). Any other component type can register a
`Behaviour` factory; SceneConnections creates one behaviour per such component and hands it to the
worker of the client it refers to (its `Client` field: a slot path, or empty for the
WebsocketClient on its own slot). The worker calls the hooks:

- `shape(handshake)` before every attempt: change the headers, subprotocols, TLS... or raise
  `HandshakeRefused` (logged as the attempt's failure, then retried);
- `connected(link)`, `received(link, message)` (only when `wants_messages`), `disconnected(link)`:
  Resonite's OnConnected, OnReceived and OnDisconnected;
- `stop()` when the component leaves the scene.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Protocol

from app.log.events import Event
from app.model import Component, Scene

if TYPE_CHECKING:
    from app.net.connection.options import Handshake

CLIENT_FIELD = "Client"  # the reference to the driven client: a slot path; empty = this slot


class ClientLink(Protocol):
    """What a behaviour may do with its client's worker."""

    path: str

    @property
    def connected(self) -> bool: ...

    async def send(self, data: str | bytes, by: str | None = None, secrets: tuple[str, ...] = ()) -> bool: ...

    def reconnect(self) -> None: ...

    def refresh_receivers(self) -> None: ...


class Behaviour:
    """Base of every behaviour: each hook does nothing unless overridden."""

    wants_messages: ClassVar[bool] = False  # True: `received` is called for every message

    def __init__(self, component: Component, emit: Callable[[Event], None]) -> None:
        self.component = component
        self.emit = emit
        self.link: ClientLink | None = None  # the worker of the client it drives, kept up to date

    @property
    def listening(self) -> bool:
        """Whether `received` is wanted now (a rule switched off costs the socket nothing): when it
        changes, the behaviour calls `self.link.refresh_receivers()`."""
        return self.wants_messages

    def shape(self, handshake: Handshake) -> None:
        """Before each connection attempt."""

    def connected(self, link: ClientLink) -> None:
        """The socket opened (every time: after each reconnect too)."""

    def received(self, link: ClientLink, message: str | bytes) -> None:
        """A message arrived. Runs on the socket's path: must be quick and never block."""

    def disconnected(self, link: ClientLink) -> None:
        """The socket closed, whoever closed it."""

    def hierarchy_changed(self) -> None:
        """Its slot, or one above, changed: renamed, moved, switched off or on."""

    def stop(self) -> None:
        """The component left the scene (or the run ends)."""


BehaviourFactory = Callable[[Component, Callable[[Event], None]], Behaviour]


class BehaviourRegistry:
    """Which component types own a connection, and which react to one."""

    def __init__(self) -> None:
        self._clients: set[str] = set()
        self._factories: dict[str, BehaviourFactory] = {}

    def register_client(self, type_name: str) -> None:
        self._clients.add(type_name)

    def register(self, type_name: str, factory: BehaviourFactory) -> None:
        self._factories[type_name] = factory

    def owns_connection(self, component: Component) -> bool:
        return component.TYPE_NAME in self._clients

    def create(self, component: Component, emit: Callable[[Event], None]) -> Behaviour | None:
        factory = self._factories.get(component.TYPE_NAME)
        return factory(component, emit) if factory is not None else None


REGISTRY = BehaviourRegistry()
REGISTRY.register_client("WebsocketClient")


def client_of(component: Component, registry: BehaviourRegistry = REGISTRY) -> Component | None:
    """The client a behaviour's component drives: its `Client` slot's, or its own slot's, first client."""
    slot = component.slot
    if slot is None:
        return None
    reference = component.get(CLIENT_FIELD) if CLIENT_FIELD in component.field_names() else ""
    if reference:
        scene: Scene | None = slot.scene
        slot = scene.find_slot(reference) if scene is not None else None
        if slot is None:
            return None
    return next((c for c in slot.components if registry.owns_connection(c)), None)

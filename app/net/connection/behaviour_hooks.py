"""The worker's side of the behaviour registry (app/net/behaviours.py): it hands each hook to the
behaviours that drive its client, and a behaviour's fault never ends the connection."""

from __future__ import annotations

from typing import Any

from app.net.behaviours import Behaviour
from app.net.connection.options import Handshake, HandshakeRefused, WorkerOptions
from app.net.connection.worker_state import StateKind, WorkerState

LIVE = (StateKind.CONNECTING, StateKind.CONNECTED, StateKind.WAITING)


class BehaviourHooks:
    """Mixed into ConnectionWorker, which provides `options`, `state`, `event` and `reconnect`."""

    behaviours: tuple[Behaviour, ...] = ()  # set by SceneConnections as the scene changes
    receivers: tuple[Behaviour, ...] = ()  # the behaviours that want every message
    options: WorkerOptions
    state: WorkerState

    def event(self, kind: str, **extra: Any) -> None:
        raise NotImplementedError

    def reconnect(self) -> None:
        raise NotImplementedError

    def set_behaviours(self, behaviours: tuple[Behaviour, ...]) -> None:
        shaping_before = _shaping(self.behaviours)
        self.behaviours = behaviours
        self.refresh_receivers()
        if _shaping(behaviours) != shaping_before and self.state.kind in LIVE:
            self.reconnect()  # a handshake component attached or destroyed: the handshake changed

    def refresh_receivers(self) -> None:
        """The behaviours the socket hands every message to: only those listening now."""
        self.receivers = tuple(b for b in self.behaviours if b.listening)

    def build_handshake(self, url: str) -> Handshake | str:
        """The handshake for this attempt, shaped by the behaviours; a refusal's reason as text."""
        opts = self.options
        handshake = Handshake(url=url, open_timeout=opts.handshake_timeout, proxy=opts.proxy)
        for behaviour in self.behaviours:
            try:
                behaviour.shape(handshake)
            except HandshakeRefused as exc:
                return str(exc)
            except Exception as exc:  # noqa: BLE001 - a broken behaviour fails the attempt, readably
                return f"{behaviour.component.TYPE_NAME} failed: {exc}"
        return handshake

    def deliver(self, message: str | bytes) -> None:
        """A message for the behaviours that want every message (Reply on match, say)."""
        for behaviour in self.receivers:
            try:
                behaviour.received(self, message)
            except Exception as exc:  # noqa: BLE001 - a behaviour's fault never ends the connection
                self.behaviour_failed(behaviour, exc)

    def tell_behaviours(self, hook: str) -> None:
        for behaviour in self.behaviours:
            try:
                getattr(behaviour, hook)(self)
            except Exception as exc:  # noqa: BLE001 - a behaviour's fault never ends the connection
                self.behaviour_failed(behaviour, exc)

    def behaviour_failed(self, behaviour: Behaviour, exc: Exception) -> None:
        self.event("error", reason=f"{behaviour.component.path} failed: {exc}")


def _shaping(behaviours: tuple[Behaviour, ...]) -> set[int]:
    return {id(b) for b in behaviours if type(b).shape is not Behaviour.shape}

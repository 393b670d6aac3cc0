"""Host access: ask the local user once per host:port, share one question among waiting clients."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol
from urllib.parse import urlsplit

from app.log.events import Event
from app.model import Observers


class Decision(Enum):
    ALLOWED = "allowed"
    ALLOWED_ONCE = "allowed_once"
    DENIED = "denied"
    DISMISSED = "dismissed"

    @property
    def grants(self) -> bool:
        return self in (Decision.ALLOWED, Decision.ALLOWED_ONCE)


def host_key(url: str) -> str:
    """`host:port` of a ws:// or wss:// URL, the unit that access is granted for."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme.lower() == "wss" else 80)
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}"


@dataclass(frozen=True)
class AccessRequest:
    host: str
    reason: str
    requester: str


@dataclass
class _Pending:
    future: asyncio.Future[Decision]
    requests: list[AccessRequest] = field(default_factory=list)


class Asker(Protocol):
    """Whoever shows the question (the UI's dialog): told when a host is asked or withdrawn."""

    def ask(self, host: str) -> None: ...

    def withdraw(self, host: str) -> None: ...


class HostAccess:
    def __init__(
        self,
        remembered: list[str] | None = None,
    ) -> None:
        self.remembered: list[str] = list(dict.fromkeys(remembered or []))  # a hand-edited file may repeat one
        self.session: set[str] = set()
        self._asker: Asker | None = None
        self._grant_observers: Observers[Callable[[list[str]], None]] = Observers()
        self._pending: dict[str, _Pending] = {}

    @property
    def asker(self) -> Asker | None:
        return self._asker

    def set_asker(self, asker: Asker) -> Callable[[], None]:
        """Who shows the question from now on (the interface's dialog); returns the function that
        takes it back. With no asker, every question is answered Deny (a headless run)."""
        self._asker = asker

        def remove() -> None:
            if self._asker is asker:
                self._asker = None

        return remove

    def observe_grants(self, observer: Callable[[list[str]], None]) -> Callable[[], None]:
        """Hear the remembered hosts whenever they change (to save them); returns the unsubscribe."""
        return self._grant_observers.add(observer)

    def is_granted(self, host: str) -> bool:
        return host in self.remembered or host in self.session

    def grant_for_run(self, host: str) -> None:
        """A host the person typed (command line, demo) is allowed for this run."""
        self.session.add(host)

    def pending(self, host: str) -> list[AccessRequest]:
        entry = self._pending.get(host)
        return list(entry.requests) if entry else []

    async def request(self, req: AccessRequest, emit: Callable[[Event], None]) -> bool:
        """Wait for a decision on `req.host`; True when the connection may go ahead."""
        if self.is_granted(req.host):
            decision = "remembered" if req.host in self.remembered else "allowed_once"
            emit(Event(req.requester, "host_access", {"host": req.host, "decision": decision}))
            return True
        entry = self._pending.get(req.host)
        first = entry is None
        if entry is None:
            entry = _Pending(asyncio.get_running_loop().create_future())
            self._pending[req.host] = entry
        entry.requests.append(req)
        emit(Event(req.requester, "host_access", {"host": req.host, "decision": "asked"}))
        if first:
            if self._asker is None:
                self.decide(req.host, Decision.DENIED)
            else:
                self._asker.ask(req.host)
        try:
            decision = await asyncio.shield(entry.future)
        except asyncio.CancelledError:
            self._withdraw(req)
            raise
        extra = {"host": req.host, "decision": "denied" if decision is Decision.DISMISSED else decision.value}
        if decision is Decision.DISMISSED:
            extra["reason"] = "dialog dismissed"
        emit(Event(req.requester, "host_access", extra))
        return decision.grants

    def decide(self, host: str, decision: Decision) -> None:
        entry = self._pending.pop(host, None)
        if decision is Decision.ALLOWED and host not in self.remembered:
            self.remembered.append(host)
            self._remembered_changed()
        elif decision is Decision.ALLOWED_ONCE:
            self.session.add(host)
        if entry is not None and not entry.future.done():
            entry.future.set_result(decision)

    def revoke(self, host: str) -> bool:
        """Forget a grant; the next connection to the host asks again."""
        found = host in self.remembered or host in self.session
        self.session.discard(host)
        if host in self.remembered:
            self.remembered.remove(host)
            self._remembered_changed()
        return found

    def _withdraw(self, req: AccessRequest) -> None:
        entry = self._pending.get(req.host)
        if entry is None:
            return
        if req in entry.requests:
            entry.requests.remove(req)
        if not entry.requests:
            del self._pending[req.host]
            entry.future.cancel()
            if self._asker is not None:
                self._asker.withdraw(req.host)

    def _remembered_changed(self) -> None:
        self._grant_observers.notify(list(self.remembered))

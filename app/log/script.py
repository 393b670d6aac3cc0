"""A recording seen as a script: per client, its connections and the messages each one carried.

Replay, serve and diff all read a recording this way, so they agree on what a message is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.log.events import Event

MESSAGE_KINDS = ("send", "recv")


@dataclass(frozen=True)
class Message:
    """One recorded message: `send` (the client sent it) or `recv` (the server did)."""

    direction: str
    data: str | bytes
    ts: float

    def preview(self, limit: int = 80) -> str:
        """`text 'hello'` or `binary 3 B 00 01 02`, short; not yet safe for a terminal."""
        if isinstance(self.data, bytes):
            more = " …" if len(self.data) > 32 else ""
            return f"binary {len(self.data)} B {self.data[:32].hex(' ')}{more}"
        text = repr(self.data)
        return "text " + (text if len(text) <= limit else text[: limit - 1] + "…")

    @classmethod
    def of(cls, event: Event) -> Message:
        data = event.extra.get("data", "")
        return cls(event.event, data if isinstance(data, str | bytes) else str(data), event.ts)


@dataclass
class Connection:
    """What one connection of a client carried, from its `connected` event to its end."""

    url: str = ""
    start: float | None = None  # when it connected (or its first message, when that is missing)
    messages: list[Message] = field(default_factory=list)
    closed_by_server: tuple[int, str] | None = None  # (code, reason) when the server ended it

    def sends(self) -> list[Message]:
        return [m for m in self.messages if m.direction == "send"]


def is_message(event: Event) -> bool:
    return event.event in MESSAGE_KINDS


def messages_by_client(events: Iterable[Event]) -> dict[str, list[Message]]:
    """Every client's messages in order, in the order the clients first appear."""
    clients: dict[str, list[Message]] = {}
    for event in events:
        if is_message(event):
            clients.setdefault(event.client, []).append(Message.of(event))
    return clients


def connections_by_client(events: Iterable[Event]) -> dict[str, list[Connection]]:
    """Every client's connections that carried messages; a message before any `connected`
    (an export of part of a log) opens a connection of its own."""
    clients: dict[str, list[Connection]] = {}
    for event in events:
        connections = clients.get(event.client)
        if event.event == "connected":
            clients.setdefault(event.client, []).append(Connection(str(event.extra.get("url", "")), event.ts))
        elif is_message(event):
            if not connections:
                connections = clients.setdefault(event.client, [])
                connections.append(Connection(start=event.ts))
            connections[-1].messages.append(Message.of(event))
        elif event.event == "disconnected" and connections and event.extra.get("by") == "server":
            code = event.extra.get("code")
            reason = str(event.extra.get("reason", ""))
            connections[-1].closed_by_server = (code if isinstance(code, int) else 1000, reason)
    carried = {client: [c for c in connections if c.messages] for client, connections in clients.items()}
    return {client: connections for client, connections in carried.items() if connections}

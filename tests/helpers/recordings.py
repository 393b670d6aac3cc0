"""Recordings written by hand for tests: events in the recording format, as `--record` writes them."""

from __future__ import annotations

from pathlib import Path

from app.log.events import Event
from app.log.recording import to_jsonl
from app.net.connection.attempt import message_payload

CHAT = "Root/Chat/WebsocketClient"
GREETING = "echo server: send me anything and I will send it back"


def message(kind: str, data: str | bytes, ts: float, client: str = CHAT) -> Event:
    return Event(client, kind, message_payload(data), ts)


def echo_session(start: float = 100.0, client: str = CHAT, url: str = "ws://127.0.0.1:1/echo") -> list[Event]:
    """What a client of the demo echo server records: the greeting, then each message twice."""
    events = [Event(client, "connected", {"url": url}, start), message("recv", GREETING, start + 0.01, client)]
    for n, data in enumerate(["hello", '{"a": 1, "ts": 5}', b"\x00\xff\x1b[2J"], start=1):
        events += [
            message("send", data, start + 0.2 * n, client),
            message("recv", data, start + 0.2 * n + 0.01, client),
        ]
    events.append(Event(client, "disconnected", {"by": "client", "code": 1000}, start + 1.0))
    return events


def write(path: Path, events: list[Event]) -> Path:
    path.write_bytes(to_jsonl(events))
    return path

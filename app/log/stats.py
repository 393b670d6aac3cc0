"""Live statistics per client, from the events alone: rates, totals, reconnects, last traffic."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from app.log.events import Event

WINDOW_S = 60


@dataclass
class Direction:
    messages: int = 0
    bytes: int = 0
    per_second: deque[list[int]] = field(default_factory=lambda: deque(maxlen=WINDOW_S + 1))  # [second, n, bytes]

    def add(self, second: int, size: int) -> None:
        """Once per message in a flood: counts in place."""
        self.messages += 1
        self.bytes += size
        per_second = self.per_second
        if per_second and (last := per_second[-1])[0] == second:
            last[1] += 1
            last[2] += size
        else:
            per_second.append([second, 1, size])

    def add_many(self, second: int, count: int, size: int) -> None:
        """A batch of messages in one second."""
        self.messages += count
        self.bytes += size
        per_second = self.per_second
        if per_second and (last := per_second[-1])[0] == second:
            last[1] += count
            last[2] += size
        else:
            per_second.append([second, count, size])

    def series(self, now_second: int, seconds: int = WINDOW_S) -> list[int]:
        """Messages in each of the last `seconds` whole seconds, oldest first."""
        counts = dict((s, n) for s, n, _ in self.per_second)
        return [counts.get(second, 0) for second in range(now_second - seconds, now_second)]

    def rate(self, now_second: int) -> tuple[float, float]:
        """Messages and bytes per second over the last complete second."""
        for second, count, size in reversed(self.per_second):
            if second == now_second - 1:
                return float(count), float(size)
            if second < now_second - 1:
                break
        return 0.0, 0.0


@dataclass
class ClientStats:
    received: Direction = field(default_factory=Direction)
    sent: Direction = field(default_factory=Direction)
    connects: int = 0
    connected_since: float | None = None  # event time of the current connection
    connected_total: float = 0.0
    last_traffic: float | None = None  # event time of the last message from the server

    @property
    def reconnects(self) -> int:
        return max(0, self.connects - 1)

    def connected_for(self, now: float) -> float:
        current = now - self.connected_since if self.connected_since is not None else 0.0
        return self.connected_total + current


class Statistics:
    """Fed by the event sink; times are the events' own, so a recording gives the same figures."""

    def __init__(self) -> None:
        self.clients: dict[str, ClientStats] = {}  # by the client's latest path
        self._by_source: dict[int, tuple[str, ClientStats]] = {}  # by component id: a rename keeps them
        self.latest_ts = 0.0

    def add(self, event: Event) -> None:
        known = self._by_source.get(event.source)  # once per message: the common case inline
        stats = known[1] if known is not None and known[0] is event.client else self._for(event)
        ts = event.ts
        if ts > self.latest_ts:
            self.latest_ts = ts
        kind = event.event
        if kind == "recv":
            stats.received.add(int(ts), _size(event))
            stats.last_traffic = ts
        elif kind == "send":
            stats.sent.add(int(ts), _size(event))
        elif kind == "connected":
            stats.connects += 1
            stats.connected_since = ts
            stats.last_traffic = ts
        elif kind == "disconnected" and stats.connected_since is not None:
            stats.connected_total += ts - stats.connected_since
            stats.connected_since = None

    def add_received(self, events: list[Event]) -> None:
        """A batch of one client's received messages, all of one time (EventSink.emit_batch)."""
        if not events:
            return
        first = events[0]
        known = self._by_source.get(first.source)
        stats = known[1] if known is not None and known[0] is first.client else self._for(first)
        ts = first.ts
        if ts > self.latest_ts:
            self.latest_ts = ts
        stats.received.add_many(int(ts), len(events), sum(map(_size, events)))
        stats.last_traffic = ts

    def _for(self, event: Event) -> ClientStats:
        client, source = event.client, event.source
        if not source:  # a recording's events, or the app's own: by path alone
            stats = self.clients.get(client)
            if stats is None:
                stats = self.clients[client] = ClientStats()
            return stats
        known = self._by_source.get(source)
        if known is not None and known[0] is client:  # the common case: the same path object
            return known[1]
        if known is None:
            stats = self.clients.get(client) or ClientStats()
        else:
            path, stats = known
            if path != client and self.clients.get(path) is stats:
                del self.clients[path]  # renamed: the figures go on under the new path
        self.clients[client] = stats
        self._by_source[source] = (client, stats)
        return stats


def _size(event: Event) -> int:
    size = event.extra.get("size", 0)
    return size if size.__class__ is int else 0  # not bool, which a recording could hold

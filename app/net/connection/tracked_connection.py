"""A ClientConnection that notes when the server last sent any byte (control frames too),
reads in small bites so that one read never holds the event loop for long, and drops the socket
when a close it started is not finished in time."""

from __future__ import annotations

import asyncio
import time

from websockets.asyncio.client import ClientConnection

from app.internals.websockets_parts import read_in_bites

READ_BYTES = 32 * 1024
"""asyncio reads up to 256 KiB per callback, and websockets parses all of it at once: in a flood
of small messages that is thousands of frames (over 10 ms) between two key presses' turns on the
loop. 32 KiB is a few hundred frames, about a millisecond."""


class TrackedConnection(ClientConnection):
    last_received: float = 0.0
    _drop_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:
        self.last_received = time.monotonic()
        read_in_bites(transport, READ_BYTES)
        super().connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self.protocol.close_sent is None:  # after our close frame, bytes are not traffic
            self.last_received = time.monotonic()
        super().data_received(data)
        self._bound_the_close()

    def _bound_the_close(self) -> None:
        """websockets answers a protocol error (a masked frame, a message over the size limit) with
        a close frame, then waits for the server to close the TCP connection, for ever if it never
        does: `recv` blocks and the client looks connected. After `close_timeout`, drop it
        (README, Reliability: hostile server behaviour)."""
        if self._drop_timer is None and self.close_deadline is not None and self.protocol.close_expected():
            self._drop_timer = self.loop.call_at(self.close_deadline, self._drop)

    def _drop(self) -> None:
        if self.transport is not None:  # closing or not: a close the peer ignores never ends
            self.transport.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._drop_timer is not None:
            self._drop_timer.cancel()
        super().connection_lost(exc)

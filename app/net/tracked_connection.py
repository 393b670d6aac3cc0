"""A ClientConnection that notes when the server last sent any byte (control frames too),
and reads in small bites so that one read never holds the event loop for long."""

from __future__ import annotations

import time

from websockets.asyncio.client import ClientConnection

from app.internals.websockets_parts import read_in_bites

READ_BYTES = 32 * 1024
"""asyncio reads up to 256 KiB per callback, and websockets parses all of it at once: in a flood
of small messages that is thousands of frames (over 10 ms) between two key presses' turns on the
loop. 32 KiB is a few hundred frames, about a millisecond."""


class TrackedConnection(ClientConnection):
    last_received: float = 0.0

    def connection_made(self, transport) -> None:
        self.last_received = time.monotonic()
        read_in_bites(transport, READ_BYTES)
        super().connection_made(transport)

    def data_received(self, data: bytes) -> None:
        self.last_received = time.monotonic()
        super().data_received(data)

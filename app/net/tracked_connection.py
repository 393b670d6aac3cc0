"""A ClientConnection that notes when the server last sent any byte (control frames too)."""

from __future__ import annotations

import time

from websockets.asyncio.client import ClientConnection


class TrackedConnection(ClientConnection):
    last_received: float = 0.0

    def connection_made(self, transport) -> None:
        self.last_received = time.monotonic()
        super().connection_made(transport)

    def data_received(self, data: bytes) -> None:
        self.last_received = time.monotonic()
        super().data_received(data)

"""The worker's side of an open connection: what a person (or a behaviour) sends through it,
`/ping`, the control-frame log, and what the card shows of it. Mixed into ConnectionWorker."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.protocol import State

from app.model import WebsocketClient
from app.model.fields.templates import mask_secrets
from app.net.connection.attempt import message_payload
from app.net.connection.control_frames import FrameWatch, ping_round_trip
from app.net.connection.options import WorkerOptions
from app.net.connection.tracked_connection import TrackedConnection


class OpenConnection:
    """ConnectionWorker provides `client`, `options` and `event`, and sets `_ws` while open."""

    client: WebsocketClient
    options: WorkerOptions
    _ws: TrackedConnection | None = None
    _frames: FrameWatch | None = None  # the control-frame log, while shown

    def __init__(self) -> None:
        self._pinging: set[bytes] = set()  # payloads of /ping still waiting for their pong

    def event(self, kind: str, **extra: Any) -> None:
        raise NotImplementedError

    async def ping(self, text: str = "") -> bool:
        """`/ping`: send a ping and log the pong with its round trip (or why there was none)."""
        ws = self._ws
        if ws is None or not self.connected:
            self.event("send_error", reason="not connected: no ping sent")
            return False
        return await ping_round_trip(ws, text, self._pinging, self.event, self.options.ping_timeout)

    def show_control_frames(self, shown: bool) -> None:
        """Log ping, pong and close frames (or stop): takes effect on the open connection at once."""
        if self._frames is not None:
            self._frames.remove()
            self._frames = None
        if shown and self._ws is not None:
            self._frames = FrameWatch(self._ws, self.event, self._pinging.__contains__)
            self._frames.install()

    def idle_remaining(self) -> float | None:
        """Seconds until the idle timeout, counting from the server's last byte; None when closed."""
        ws = self._ws
        if ws is None:
            return None
        return self.options.idle_timeout - (time.monotonic() - ws.last_received)

    @property
    def connected(self) -> bool:
        return self._ws is not None and self.client["IsConnected"]

    async def send(self, data: str | bytes, by: str | None = None, secrets: tuple[str, ...] = ()) -> bool:
        """WebsocketTextMessageSender (and its binary twin): sent, or a send_error. `by` names the
        behaviour that sent it (absent when a person did); `secrets` (values read through
        `{{env:...}}`) go out as they are but are masked in the log and the recording."""
        tag = {"by": by} if by else {}
        ws = self._ws
        if ws is None or not self.connected:
            self.event("send_error", reason="not connected", **tag)
            return False
        try:
            await asyncio.wait_for(ws.send(data), self.options.send_timeout)
        except ConnectionClosed:
            self.event("send_error", reason="the connection closed before the message went out", **tag)
            return False
        except TimeoutError:
            limit = self.options.send_timeout
            self.event("send_error", reason=f"the server did not take the message in {limit:g} s", **tag)
            return False
        if self._ws is not ws or ws.state is not State.OPEN:
            self.event("send_error", reason="the connection closed while the message was going out", **tag)
            return False
        payload = message_payload(data)
        if secrets and isinstance(data, str):
            payload["data"] = mask_secrets(data, secrets)
        self.event("send", **payload, **tag)
        return True

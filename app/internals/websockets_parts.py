"""Overrides of websockets 17 and asyncio private details (see this package's docstring)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.frames import Frame


def read_in_bites(transport: object, size: int) -> None:
    """`max_size` is how much asyncio reads per callback: a class attribute of the selector socket
    transport, and for TLS of the SSL protocol under the transport websockets sees (CPython 3.11+)."""
    for candidate in (transport, getattr(transport, "_ssl_protocol", None)):
        if candidate is not None and isinstance(getattr(candidate, "max_size", None), int):
            candidate.max_size = size  # type: ignore[attr-defined]


class RedirectCheckedConnect(connect):
    """websockets' `connect`, asking `check_redirect(old, new)` before it follows a redirect: an
    exception returned there ends the attempt instead (`connect.process_redirect`, websockets 17)."""

    def check_redirect(self, old: str, new: str) -> Exception | None:
        return None

    def process_redirect(self, exc: Exception) -> Exception | str:
        old = self.uri
        result = super().process_redirect(exc)
        if isinstance(result, str):
            refused = self.check_redirect(old, result)
            if refused is not None:
                return refused
        return result


def frames_waiting(ws: ClientConnection) -> int:
    """Data frames the library holds for `recv()` (`Connection.recv_messages`, an `Assembler`, and
    its `frames` queue; websockets 17)."""
    return len(ws.recv_messages.frames)


def hook_frames(
    ws: ClientConnection, received: Callable[[Frame], None], sent: Callable[[Frame], None]
) -> Callable[[], None]:
    """Hear every frame of an open connection, both ways (the pongs and closes the library sends by
    itself too): instance attributes shadow `Connection.process_event` (each event after the
    handshake is a frame) and `Protocol.send_frame` (websockets 17). Returns the removal, after
    which the library's own methods run again, untouched."""
    process_event, send_frame = ws.process_event, ws.protocol.send_frame

    def incoming(event: Any) -> None:
        if isinstance(event, Frame):
            received(event)
        process_event(event)

    def outgoing(frame: Frame) -> None:
        send_frame(frame)
        sent(frame)

    ws.process_event = incoming  # type: ignore[method-assign]
    ws.protocol.send_frame = outgoing  # type: ignore[method-assign]

    def remove() -> None:
        vars(ws).pop("process_event", None)
        vars(ws.protocol).pop("send_frame", None)

    return remove

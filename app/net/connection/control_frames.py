"""Ping, pong and close frames from both sides, as `ping`/`pong`/`close` events (README, "The
recording format"). Hooked into one connection only while they are shown (app/internals'
`hook_frames`), so with the toggle off the per-message path runs exactly the library's code, with
not even a check added."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from websockets.exceptions import ConnectionClosed, ProtocolError
from websockets.frames import Close, Frame, Opcode

from app.internals.websockets_parts import hook_frames
from app.net.connection.tracked_connection import TrackedConnection

KINDS = {Opcode.PING: "ping", Opcode.PONG: "pong", Opcode.CLOSE: "close"}

Report = Callable[..., None]  # report(kind, **extra)


def frame_extra(frame: Frame, direction: str) -> dict[str, Any]:
    """A control frame as its event carries it: direction, size, and the payload or close code."""
    data = bytes(frame.data)
    extra: dict[str, Any] = {"direction": direction, "size": len(data)}
    if frame.opcode is Opcode.CLOSE:
        try:
            close = Close.parse(data)
        except (ProtocolError, UnicodeDecodeError, ValueError):
            extra.update(type="binary", data=data)
            return extra
        extra["code"] = close.code
        if close.reason:
            extra["reason"] = close.reason
        return extra
    try:
        extra.update(type="text", data=data.decode("utf-8"))
    except UnicodeDecodeError:
        extra.update(type="binary", data=data)
    return extra


class FrameWatch:
    """Reports a connection's control frames while installed."""

    def __init__(self, ws: TrackedConnection, report: Report, answered: Callable[[bytes], bool]) -> None:
        self.ws = ws
        self.report = report
        self.answered = answered  # a pong that answers the person's /ping: logged with its round trip instead
        self._remove: Callable[[], None] | None = None

    def install(self) -> None:
        self._remove = hook_frames(self.ws, self._received, self._sent)

    def remove(self) -> None:
        if self._remove is not None:
            self._remove()
            self._remove = None

    def _received(self, frame: Frame) -> None:
        if frame.opcode in KINDS and not (frame.opcode is Opcode.PONG and self.answered(bytes(frame.data))):
            self.report(KINDS[frame.opcode], **frame_extra(frame, "recv"))

    def _sent(self, frame: Frame) -> None:
        if frame.opcode in KINDS:
            self.report(KINDS[frame.opcode], **frame_extra(frame, "send"))


async def ping_round_trip(ws: TrackedConnection, text: str, pinging: set[bytes], report: Report, limit: float) -> bool:
    """`/ping`: send a ping and report the pong with its round trip (or why there was none).
    `pinging` holds the payloads awaited, so that the frame watch leaves their pongs to this."""
    data = text.encode("utf-8")
    pinging.add(data)
    try:
        waiter = await ws.ping(data)
        rtt = await asyncio.wait_for(waiter, limit)
    except TimeoutError:
        report("error", reason=f"no pong within {limit:g} s")
        return False
    except ConnectionClosed:
        report("send_error", reason="the connection closed before the pong came")
        return False
    except Exception as exc:  # noqa: BLE001 - a second ping with the same text, say
        report("send_error", reason=f"ping not sent: {exc}")
        return False
    finally:
        pinging.discard(data)
    report("pong", direction="recv", type="text", data=text, size=len(data), rtt_ms=round(rtt * 1000, 3))
    return True

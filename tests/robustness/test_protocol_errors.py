"""A server that breaks the protocol and then keeps the TCP connection open (or keeps sending):
after our close frame the close timeout bounds the wait, the socket is dropped, IsConnected goes
false, and the disconnect names the protocol error (1002, 1009) and its reason."""

from __future__ import annotations

import asyncio
import struct

import pytest

from tests.helpers import rawserver
from tests.helpers.workers import start_worker

CLOSE_TIMEOUT = 0.5


def masked(opcode: int, payload: bytes) -> bytes:
    """A frame with the mask bit set: only clients may mask."""
    key = b"\x01\x02\x03\x04"
    body = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return bytes([0x80 | opcode, 0x80 | len(payload)]) + key + body


BAD_FRAMES = {
    "masked": (masked(0x1, b"hi"), 1002),
    "reserved bits": (bytes([0x80 | 0x40 | 0x1, 2]) + b"hi", 1002),
    "unknown opcode": (rawserver.frame(0x3, b"hi"), 1002),
    "continuation with no start": (rawserver.frame(0x0, b"hi"), 1002),
    "oversized control frame": (bytes([0x89, 126]) + struct.pack("!H", 200) + b"p" * 200, 1002),
    "text inside a fragmented message": (rawserver.frame(0x1, b"a", fin=False) + rawserver.frame(0x1, b"b"), 1002),
    "an endless fragmented message": (rawserver.frame(0x1, b"x" * 1000, fin=False), 1009),
}


@pytest.mark.parametrize("case", list(BAD_FRAMES))
async def test_a_protocol_error_drops_the_connection_within_the_close_timeout(events, case):
    bad, code = BAD_FRAMES[case]

    async def breaks_then_lingers(reader, writer):
        await rawserver.accept_upgrade(reader, writer)
        writer.write(bad)
        for _ in range(600):  # keeps sending for a minute, never closes
            writer.write(rawserver.frame(0x0, b"y" * 1000, fin=False))
            await writer.drain()
            await asyncio.sleep(0.1)

    server, url = await rawserver.start(breaks_then_lingers)
    worker = start_worker(url, events, interval=30, close_timeout=CLOSE_TIMEOUT, max_message_bytes=4096)
    await events.wait_for("connected")
    closed = await events.wait_for("disconnected", timeout=CLOSE_TIMEOUT + 3)
    assert closed.extra["by"] == "error"
    assert closed.extra["code"] == code
    assert closed.extra.get("reason")  # the protocol error's reason, not "closed by the inspector"
    assert not worker.client["IsConnected"]
    assert not [e for e in events.of("timeout")]
    await worker.stop()
    server.close()

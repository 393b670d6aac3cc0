"""The fast path (README, "Performance") against a hand-written server: whole plain messages are
taken without the library, everything else is left to it, and nothing about the protocol changes.
Each case fails if the fast path takes a frame it must not, or loses the order."""

from __future__ import annotations

import asyncio
import struct

import pytest

from app.log.buffer import LogBuffer
from app.log.events import EventSink
from app.log.stats import Statistics
from app.net.connection import tracked_connection
from app.net.connection.frame_split import take_whole_messages
from app.net.connection.options import WorkerOptions
from app.net.connection.worker import ConnectionWorker
from tests.helpers import rawserver
from tests.helpers.access import granted
from tests.helpers.common import EventLog, make_client, wait_until
from tests.helpers.workers import start_worker

frame, close_frame = rawserver.frame, rawserver.close_frame

MESSAGES: list[str | bytes] = [
    "a",
    "wörld ✓",
    b"\x00\x01\x02",
    "x" * 125,
    "y" * 126,  # the first length that needs two more bytes
    "z" * 300,
    b"\xff" * 65535,  # the largest two-byte length
    "w" * 70_000,  # eight-byte length: the library parses it, and it still comes in order
    "",
    b"",
    "last",
]


def frames_of(messages: list[str | bytes]) -> bytes:
    return b"".join(frame(0x1, m.encode()) if isinstance(m, str) else frame(0x2, m) for m in messages)


async def upgraded(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """The handshake, then a pause: what follows comes once the client takes messages in batches
    (frames in the handshake's own read take the library's path: a case of its own, below)."""
    await rawserver.accept_upgrade(reader, writer)
    await asyncio.sleep(0.2)


async def read_client_frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One frame from the client (always masked): (opcode, payload)."""
    first, second = await reader.readexactly(2)
    length = second & 0x7F
    if length == 126:
        length = struct.unpack("!H", await reader.readexactly(2))[0]
    elif length == 127:
        length = struct.unpack("!Q", await reader.readexactly(8))[0]
    key = await reader.readexactly(4)
    payload = await reader.readexactly(length)
    return first & 0x0F, bytes(b ^ key[i % 4] for i, b in enumerate(payload))


async def write_in_pieces(writer: asyncio.StreamWriter, data: bytes, piece: int) -> None:
    """Every `piece` bytes a separate write with a pause, so the client reads frames cut anywhere."""
    for start in range(0, len(data), piece):
        writer.write(data[start : start + piece])
        await writer.drain()
        await asyncio.sleep(0.001)


@pytest.fixture
def split(monkeypatch) -> list[int]:
    """How many messages each call of the fast path's splitter took: proof that it ran."""
    taken: list[int] = []
    real = tracked_connection.take_whole_messages

    def counting(buf, pos, limit, out):
        before = len(out)
        end = real(buf, pos, limit, out)
        taken.append(len(out) - before)
        return end

    monkeypatch.setattr(tracked_connection, "take_whole_messages", counting)
    return taken


def received(events: EventLog) -> list[str | bytes]:
    return [e.extra["data"] for e in events.of("recv")]


@pytest.mark.parametrize("piece", [1, 7, 1000, 1 << 20])
async def test_messages_cut_anywhere_come_whole_and_in_order_then_the_close(events, piece, split):
    expected = MESSAGES if piece >= 1000 else [m for m in MESSAGES if len(m) < 1000]  # a byte at a time: small ones
    stream = frames_of(expected)
    answered: list[tuple[int, bytes]] = []

    async def script(reader, writer):
        await upgraded(reader, writer)
        await write_in_pieces(writer, stream + close_frame(4001, "done"), piece)
        answered.append(await read_client_frame(reader))

    server, url = await rawserver.start(script)
    worker = start_worker(url, events, interval=30)
    closed = await events.wait_for("disconnected", timeout=30)
    assert received(events) == expected
    assert closed.extra == {"by": "server", "code": 4001, "reason": "done"}
    assert answered == [(0x8, struct.pack("!H", 4001) + b"done")]  # the close handshake, answered
    assert piece < 1000 or sum(split) > 0  # whole frames in a read: the fast path took them
    await worker.stop()
    server.close()


async def test_messages_in_the_same_write_as_the_handshake_response(events):
    async def script(reader, writer):
        request = await reader.readuntil(b"\r\n\r\n")
        key = next(line.split(b":", 1)[1].strip() for line in request.split(b"\r\n") if b"Key:" in line)
        accept = rawserver.base64.b64encode(rawserver.hashlib.sha1(key + rawserver.GUID.encode()).digest())
        response = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        writer.write(response + b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n" + frames_of(["one", "two"]))
        await writer.drain()
        await asyncio.sleep(0.2)
        writer.write(frames_of(["three"]))
        await writer.drain()
        await asyncio.sleep(5)

    server, url = await rawserver.start(script)
    worker = start_worker(url, events, interval=30)
    await events.wait_for("recv", 3)
    assert received(events) == ["one", "two", "three"]
    await worker.stop()
    server.close()


async def test_a_fragmented_message_with_a_ping_inside_keeps_its_place_and_the_ping_is_answered(events, split):
    pongs: list[tuple[int, bytes]] = []
    stream = (
        frames_of(["before"])
        + frame(0x1, b"hel", fin=False)
        + frame(0x9, b"p1")
        + frame(0x0, "lo wö".encode()[:-1], fin=False)  # a character cut between two fragments
        + frame(0x0, "lo wö".encode()[-1:] + b"rld", fin=True)
        + frames_of(["after", b"\x07"])
    )

    async def script(reader, writer):
        await upgraded(reader, writer)
        writer.write(stream)
        await writer.drain()
        pongs.append(await read_client_frame(reader))
        await asyncio.sleep(5)

    server, url = await rawserver.start(script)
    worker = start_worker(url, events, interval=30)
    await events.wait_for("recv", 4)
    assert received(events) == ["before", "hello wörld", "after", b"\x07"]
    await wait_until(lambda: pongs == [(0xA, b"p1")])
    assert sum(split) > 0  # "before" at least took the fast path
    # after the fragmented message has gone through the library, plain ones take the fast path again
    assert worker._ws is not None and worker._ws.protocol.current_size is None
    await worker.stop()
    server.close()


@pytest.mark.parametrize(
    "bad",
    [
        frame(0x1, b"caf\xc3", fin=False) + frame(0x0, b"\x28", fin=True),  # invalid across two fragments
        frame(0x1, b"caf\xe9"),  # invalid in one frame
        frame(0x1, b"\xed\xa0\x80"),  # an encoded surrogate
    ],
    ids=["across fragments", "one frame", "surrogate"],
)
async def test_invalid_utf8_closes_with_1007_after_the_messages_before_it(events, bad, split):
    async def script(reader, writer):
        await upgraded(reader, writer)
        writer.write(frames_of(["ok", "fine"]) + bad + frames_of(["never shown"]))
        await writer.drain()
        await asyncio.sleep(5)

    server, url = await rawserver.start(script)
    worker = start_worker(url, events, interval=30)
    closed = await events.wait_for("disconnected")
    assert received(events) == ["ok", "fine"]
    assert sum(split) >= 1  # the fast path took them (one read, or two), and left the bad frame to the library
    assert (closed.extra["by"], closed.extra["code"]) == ("error", 1007)
    await worker.stop()
    server.close()


@pytest.mark.parametrize(
    "big",
    [
        frame(0x1, b"a" * 600, fin=False) + frame(0x0, b"b" * 600, fin=True),  # the assembled message
        frame(0x2, b"c" * 1001),  # one frame
        frame(0x1, b"d" * 70_000),  # one frame with an eight-byte length
    ],
    ids=["assembled", "one frame", "eight-byte length"],
)
async def test_the_size_limit_applies_to_the_message_and_closes_with_1009(events, big, split):
    async def script(reader, writer):
        await upgraded(reader, writer)
        writer.write(frames_of(["ok", "a" * 1000]) + big)
        await writer.drain()
        await asyncio.sleep(5)

    server, url = await rawserver.start(script)
    worker = start_worker(url, events, interval=30, max_message_bytes=1000)
    closed = await events.wait_for("disconnected")
    assert received(events) == ["ok", "a" * 1000]
    assert sum(split) >= 1  # the fast path took what it may; the frame over the limit went to the library
    assert (closed.extra["by"], closed.extra["code"]) == ("error", 1009)
    await worker.stop()
    server.close()


async def test_a_ping_in_a_flood_is_answered_and_the_flood_keeps_its_order(events, split):
    flood = [f"{i:06d}" for i in range(4000)]
    pongs: list[tuple[int, bytes]] = []

    async def script(reader, writer):
        await upgraded(reader, writer)
        writer.write(frames_of(flood[:2000]) + frame(0x9, b"mid-flood") + frames_of(flood[2000:]))
        await writer.drain()
        pongs.append(await read_client_frame(reader))
        await asyncio.sleep(5)

    server, url = await rawserver.start(script)
    worker = start_worker(url, events, interval=30)
    await events.wait_for("recv", len(flood))
    assert received(events) == flood
    await wait_until(lambda: pongs == [(0xA, b"mid-flood")])
    assert sum(split) > 0
    await worker.stop()
    server.close()


async def test_a_flood_reaches_the_log_and_the_statistics_in_batches_in_order():
    """The app's own wiring (Session): the sink's batches go to the log ring and the statistics."""
    flood = [f"{i:06d}" for i in range(20_000)]
    log, stats, sink, events = LogBuffer(limit=5000), Statistics(), EventSink(), EventLog()
    sink.subscribe(log.append, log.extend)
    sink.subscribe(stats.add, stats.add_received)
    sink.subscribe(events)
    batches: list[int] = []
    sink.subscribe(lambda event: None, lambda batch: batches.append(len(batch)))

    async def script(reader, writer):
        await upgraded(reader, writer)
        writer.write(frames_of(flood))
        await writer.drain()
        await asyncio.sleep(5)

    server, url = await rawserver.start(script)
    _scene, client = make_client(url, interval=30)
    worker = ConnectionWorker(client, sink.emit, granted(url), WorkerOptions(), sink.emit_batch)
    worker.start()
    await events.wait_for("recv", len(flood), timeout=20)
    assert received(events) == flood
    assert [e.extra["data"] for e in log.entries] == flood[-5000:]
    assert log.bytes == 6 * 5000 and log.total == len(events.events)  # every event, the flood last
    assert stats.clients[worker.path].received.messages == len(flood)
    assert stats.clients[worker.path].received.bytes == 6 * len(flood)
    assert max(batches) > 1  # it did batch
    await worker.stop()
    server.close()


def test_the_splitter_stops_at_what_is_not_a_whole_plain_message():
    out: list[str | bytes] = []
    masked = bytes([0x81, 0x82, 1, 2, 3, 4, 0x60, 0x6B])
    stream = bytearray(frames_of(["a", b"b"]) + masked + frames_of(["c"]))
    assert take_whole_messages(stream, 0, None, out) == 6 and out == ["a", b"b"]
    assert take_whole_messages(bytearray(frames_of(["é"]))[:-1], 0, None, []) == 0  # not all here
    assert take_whole_messages(bytearray(frames_of(["abc"])), 0, 2, []) == 0  # over the limit
    assert take_whole_messages(bytearray(frame(0x1, b"a", fin=False)), 0, None, []) == 0  # a fragment
    assert take_whole_messages(bytearray(bytes([0xC1, 1]) + b"a"), 0, None, []) == 0  # a reserved bit


async def test_pings_between_every_message_are_all_answered_and_the_messages_keep_their_order(events, split):
    """The fast path stops at each ping, hands the library that frame alone, and goes on."""
    flood = [f"{i:05d}" for i in range(3000)]
    pongs: list[bytes] = []

    async def script(reader, writer):
        await upgraded(reader, writer)
        writer.write(b"".join(frames_of([m]) + frame(0x9, m.encode()) for m in flood))
        await writer.drain()
        while len(pongs) < len(flood):
            opcode, payload = await read_client_frame(reader)
            if opcode == 0xA:
                pongs.append(payload)
        await asyncio.sleep(5)

    server, url = await rawserver.start(script)
    worker = start_worker(url, events, interval=30)
    await events.wait_for("recv", len(flood), timeout=20)
    assert received(events) == flood
    await wait_until(lambda: len(pongs) == len(flood), timeout=20)
    assert pongs == [m.encode() for m in flood]
    assert sum(split) > 0
    await worker.stop()
    server.close()


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (bytes([0x81, 0xFE]) + struct.pack("!H", 3000) + b"\x01\x02\x03\x04", 1002),  # masked
        (bytes([0x83, 0x7E]) + struct.pack("!H", 3000), 1002),  # no such opcode
        (frame(0x1, b"a" * 3000, fin=False) + bytes([0x80, 0x7E]) + struct.pack("!H", 2000), 1009),  # over what is left
    ],
    ids=["masked", "unknown opcode", "continuation over the limit"],
)
async def test_a_frame_refused_on_its_header_is_refused_at_once_not_when_its_payload_has_come(events, header, code):
    """The payload never comes in time (a byte every half second): the refusal must not wait for it."""

    async def script(reader, writer):
        await upgraded(reader, writer)
        writer.write(frames_of(["ok"]) + header)
        for _ in range(40):
            await writer.drain()
            await asyncio.sleep(0.5)
            writer.write(b"x")

    server, url = await rawserver.start(script)
    worker = start_worker(url, events, interval=30, close_timeout=0.5, idle_timeout=30, max_message_bytes=4096)
    closed = await events.wait_for("disconnected", timeout=10)  # the payload would take 20 s
    assert received(events) == ["ok"]
    assert (closed.extra["by"], closed.extra["code"]) == ("error", code)
    await worker.stop()
    server.close()


async def test_a_message_cut_across_reads_streams_into_the_library_and_keeps_its_place(events):
    """A frame whose header has come goes to the library at once, its rest owed: plain messages
    before and after it still take the fast path, in order."""
    big = "b" * 50_000

    async def script(reader, writer):
        await upgraded(reader, writer)
        stream = frames_of(["before", big, "after"])
        cut = len(frames_of(["before"])) + 1000  # inside the big frame
        writer.write(stream[:cut])
        await writer.drain()
        await asyncio.sleep(0.3)
        writer.write(stream[cut:])
        await writer.drain()
        await asyncio.sleep(5)

    server, url = await rawserver.start(script)
    worker = start_worker(url, events, interval=30)
    await events.wait_for("recv", 3)
    assert received(events) == ["before", big, "after"]
    await worker.stop()
    server.close()

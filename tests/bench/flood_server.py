"""The ingest load of bench_log.py: a flood server that is never the bottleneck, and the raw client that measures it.

The server (`blast_forever`, run in its own process) speaks just enough WebSocket by hand: the HTTP/1.1 upgrade (no
extensions, so no permessage-deflate), then PRE-BUILT unmasked frames in 1 MiB writes: /flood?n=N&id=I sends
`message(0..N-1)` (100 B texts), a marker text and a close frame (1000). The frames for N are built once per server
process, before any clock. It reads the client's masked frames only to answer pings and to see the client's close;
then it closes the TCP connection. Clock: from the first write until the client's close came ("drain time taken at
the server"). It listens twice, plain and TLS (a `trustme` CA made at start-up, its PEM written for the clients).
Reports: "open" (marker, t) and "done" (sent, seconds, marker_sent, t_end, aborted).

`ceiling_client` reads and discards the announced byte count (X-Bench-Bytes) in large reads, then closes: the rate
the server can deliver at all, for comparison with the clients under test.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import hashlib
import multiprocessing as mp
import os
import secrets
import socket
import ssl
import threading
import time
from collections import defaultdict
from urllib.parse import parse_qs, urlsplit

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
FRAME = 2 + 100  # b"\x81\x64" + a 100 B message
SLICE = FRAME * 10_280  # about 1 MiB of whole frames: a pong written between two slices falls between frames
CLOSE_1000 = b"\x88\x02\x03\xe8"
READ = 1 << 20


def message(i: int, tag: str = "") -> str:
    """Exactly 100 bytes: an optional client tag, the index, then filler."""
    head = f"{tag} {i:09d} " if tag else f"{i:09d} "
    return head + "x" * (100 - len(head))


def accept_key(key: str) -> str:
    return base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()


# --- the server ---------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=2)
def flood_frames(n: int) -> bytes:
    """The unmasked text frames of message(0) .. message(n - 1), back to back."""
    return b"".join(b"\x81\x64" + message(i).encode() for i in range(n))


def short_frame(opcode: int, payload: bytes) -> bytes:
    """An unmasked, final frame of under 126 bytes (the marker, a pong)."""
    return bytes((0x80 | opcode, len(payload))) + payload


def parse_upgrade(request: bytes) -> tuple[str, str]:
    """(path with query, Sec-WebSocket-Key) of an HTTP/1.1 upgrade request."""
    lines = request.decode("latin-1").split("\r\n")
    path = lines[0].split(" ")[1]
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    return path, headers["sec-websocket-key"]


def upgrade_response(key: str, total: int) -> bytes:
    return (
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Accept: {accept_key(key)}\r\nX-Bench-Bytes: {total}\r\n\r\n"
    ).encode()


async def read_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, state: dict) -> bool:
    """Read the client's (masked) frames: answer pings until our close is out; True once the client's close
    frame came, False on EOF first."""
    while True:
        try:
            head = await reader.readexactly(2)
            length = head[1] & 0x7F
            if length >= 126:
                length = int.from_bytes(await reader.readexactly(2 if length == 126 else 8), "big")
            mask = await reader.readexactly(4) if head[1] & 0x80 else b"\0\0\0\0"
            payload = await reader.readexactly(length)
        except (asyncio.IncompleteReadError, ConnectionError):
            return False
        opcode = head[0] & 0x0F
        if opcode == 0x8:
            return True
        if opcode == 0x9 and not state["closing"]:  # every write is whole frames, so the pong lands between two
            writer.write(short_frame(0xA, bytes(b ^ mask[k % 4] for k, b in enumerate(payload))))


async def blast(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, results: mp.Queue, inbox: defaultdict
) -> None:
    """One /flood?n=N&id=I connection: handshake, N messages, the marker, close; report "open" and "done".
    /paced?... goes to `paced`."""
    try:
        path, key = parse_upgrade(await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30))
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, TimeoutError, KeyError):
        writer.close()
        return
    q = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
    mode = urlsplit(path).path.strip("/")
    if mode in ("paced", "big"):
        await (paced if mode == "paced" else big)(reader, writer, key, q, results, inbox[q.get("id", "?")])
        return
    ident, n = q.get("id", "?"), int(q.get("n", "0"))
    body, marker = flood_frames(n), f"MARKER-{secrets.token_hex(8)}"
    tail = short_frame(0x1, marker.encode()) + CLOSE_1000

    async def flood(client: asyncio.Task, state: dict, stats: dict) -> None:
        t0 = time.perf_counter()
        await send_slices(writer, memoryview(body), client)
        writer.write(tail)
        state["closing"] = True
        stats.update(sent=n + 1, marker_sent=time.time())
        await writer.drain()
        if not await asyncio.wait_for(client, 900):
            raise ConnectionResetError("the client left without a close frame")
        stats["seconds"] = time.perf_counter() - t0

    await session(reader, writer, results, ident, upgrade_response(key, len(body) + len(tail)), marker, flood)


async def paced(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, key: str, q: dict, results: mp.Queue, box: asyncio.Queue
) -> None:
    """/paced?rate=R&secs=S[&tag=T][&wait=1]&id=I: R msg/s of message(i, T) in 10 ms batches (one write each) until
    S s or a command (with wait=1, the first command starts it), then close. Reports "open" and "done" (sent, rate,
    seconds, t_end, aborted). A batch is built in microseconds: the sender costs the machine next to nothing."""
    ident, rate, secs, tag = q.get("id", "?"), float(q["rate"]), float(q["secs"]), q.get("tag", "")
    loop = asyncio.get_running_loop()

    async def pace(client: asyncio.Task, state: dict, stats: dict) -> None:
        if q.get("wait"):
            await asyncio.wait_for(box.get(), 300)
        batch, start, i, ticks = round(rate / 100), loop.time(), 0, 0
        while loop.time() - start < secs and box.empty() and not client.done():
            writer.write(b"".join(b"\x81\x64" + message(k, tag).encode() for k in range(i, i + batch)))
            i, ticks = i + batch, ticks + 1  # a late batch goes out at once: the sender catches up
            await writer.drain()
            await asyncio.sleep(max(0.0, start + ticks * 0.01 - loop.time()))
        if client.done():  # the client left (or closed) while being sent to: not a clean run
            raise ConnectionResetError("the client ended the connection during the paced send")
        stopped = loop.time()
        stats.update(sent=i, rate=i / (stopped - start))
        await close_when_read(writer, client, state)
        # the client answers our close only after reading all before it: how far behind it was
        stats.update(seconds=loop.time() - start, backlog_s=loop.time() - stopped)

    await session(reader, writer, results, ident, upgrade_response(key, 0), "", pace)


async def big(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, key: str, q: dict, results: mp.Queue, box: asyncio.Queue
) -> None:
    """/big?id=I: per command (size, marker), one pre-built text frame of `size` bytes then the marker; reports
    "big_start" and "big_done" (marker_sent); the command None closes."""
    ident = q.get("id", "?")

    async def send_big(client: asyncio.Task, state: dict, stats: dict) -> None:
        t0 = time.perf_counter()
        while (cmd := await asyncio.wait_for(box.get(), 300)) is not None:
            size, marker = cmd
            body = b"BIG " + b"b" * (size - 4)
            t_big = time.time()
            results.put({"kind": "big_start", "id": ident, "t": t_big})
            writer.write(b"\x81\x7f" + len(body).to_bytes(8, "big") + body + short_frame(0x1, marker.encode()))
            await writer.drain()
            results.put({"kind": "big_done", "id": ident, "big_sent": t_big, "marker_sent": time.time()})
        await close_when_read(writer, client, state)
        stats["seconds"] = time.perf_counter() - t0

    await session(reader, writer, results, ident, upgrade_response(key, 0), "", send_big)


async def close_when_read(writer: asyncio.StreamWriter, client: asyncio.Task, state: dict) -> None:
    """Our close frame; then the client's, which comes once it has read everything before it."""
    writer.write(CLOSE_1000)
    state["closing"] = True
    await writer.drain()
    if not await asyncio.wait_for(client, 60):
        raise ConnectionResetError("the client left without a close frame")


async def session(reader, writer, results: mp.Queue, ident: str, response: bytes, marker: str, send) -> None:
    """What both modes share: the 101 response, "open", the client's frames read alongside (pings answered, its
    close seen), `send(client task, state, stats)`, the end; then "done" with the stats."""
    writer.write(response)
    results.put({"kind": "open", "id": ident, "marker": marker, "t": time.time()})
    state = {"closing": False}
    client = asyncio.create_task(read_client(reader, writer, state))
    stats: dict = {"kind": "done", "id": ident, "sent": 0, "aborted": False}
    try:
        await send(client, state, stats)
    except (ConnectionError, TimeoutError):
        stats["aborted"] = True
    finally:
        client.cancel()
        writer.close()
    stats["t_end"] = time.time()
    results.put(stats)
    with contextlib.suppress(ConnectionError, ssl.SSLError):
        await writer.wait_closed()


async def send_slices(writer: asyncio.StreamWriter, body: memoryview, client: asyncio.Task) -> None:
    for start in range(0, len(body), SLICE):
        if client.done():  # a close (or EOF) from the client before the end: it gave up
            raise ConnectionResetError("the client closed during the flood")
        writer.write(body[start : start + SLICE])
        await writer.drain()


def server_tls(ca_path: str) -> ssl.SSLContext:
    """A certificate for 127.0.0.1 from a new trustme CA, whose PEM goes to `ca_path` for the clients."""
    import trustme  # only the benchmark needs it

    ca, ctx = trustme.CA(), ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(ctx)
    ca.cert_pem.write_to_path(ca_path)
    return ctx


def blast_forever(port_q: mp.Queue, results: mp.Queue, commands: mp.Queue, ca_path: str, sizes: tuple) -> None:
    """Serve /flood, /paced and /big on two ports, plain and TLS; put (port, tls port) on `port_q` once the frames
    of `sizes` are built. `commands` carries (connection id, command) to /paced and /big connections."""

    async def run() -> None:
        for n in sizes:
            flood_frames(n)
        loop, inbox = asyncio.get_running_loop(), defaultdict(asyncio.Queue)

        def route() -> None:  # a command from the benchmark goes to the handler of its connection id
            while True:
                ident, payload = commands.get()
                loop.call_soon_threadsafe(lambda i=ident, p=payload: inbox[i].put_nowait(p))

        threading.Thread(target=route, daemon=True).start()
        handler = functools.partial(blast, results=results, inbox=inbox)
        plain = await asyncio.start_server(handler, "127.0.0.1", 0)
        tls = await asyncio.start_server(handler, "127.0.0.1", 0, ssl=server_tls(ca_path))
        port_q.put((plain.sockets[0].getsockname()[1], tls.sockets[0].getsockname()[1]))
        await asyncio.Future()

    asyncio.run(run())


# --- the ceiling client -------------------------------------------------------------------------------------------
def open_socket(url: str, ca_path: str | None) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=900)
    if parts.scheme == "wss":
        sock = ssl.create_default_context(cafile=ca_path).wrap_socket(sock, server_hostname=parts.hostname)
    return sock


def handshake(sock: socket.socket, url: str) -> tuple[int, int]:
    """Send the upgrade request; return (X-Bench-Bytes, frame bytes already read with the response)."""
    parts, key = urlsplit(url), base64.b64encode(os.urandom(16)).decode()
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    sock.sendall(
        f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    response = b""
    while b"\r\n\r\n" not in response:
        if not (chunk := sock.recv(65536)):
            raise ConnectionError("the server closed during the handshake")
        response += chunk
    head, _, rest = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    if " 101 " not in lines[0] or headers.get("sec-websocket-accept") != accept_key(key):
        raise ConnectionError(f"bad handshake response: {lines[0]}")
    return int(headers["x-bench-bytes"]), len(rest)


def ceiling_client(url: str, ca_path: str | None, out: mp.Queue) -> None:
    """Read and discard everything the server announced, send a (masked) close, wait for EOF; put the byte count
    read (or the error) on `out`."""
    try:
        with open_socket(url, ca_path) as sock:
            total, got = handshake(sock, url)
            buf = bytearray(READ)
            while got < total:
                if not (n := sock.recv_into(buf)):
                    raise ConnectionError(f"EOF after {got} of {total} bytes")
                got += n
            mask = os.urandom(4)
            sock.sendall(b"\x88\x82" + mask + bytes(b ^ mask[k] for k, b in enumerate(CLOSE_1000[2:])))
            with contextlib.suppress(OSError):
                while sock.recv_into(buf):
                    pass
        out.put(got)
    except OSError as exc:
        out.put(f"{type(exc).__name__}: {exc}")

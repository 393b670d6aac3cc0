"""Proxies started by a test on 127.0.0.1: HTTP CONNECT and SOCKS5 (no authentication). Each keeps
the targets it was asked for, so that a test sees the connection went through it."""

from __future__ import annotations

import asyncio
import contextlib
import struct
from dataclasses import dataclass, field


@dataclass
class Proxy:
    server: asyncio.Server | None = None
    targets: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.CancelledError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError):
        writer.close()


async def _relay(host: str, port: int, reader, writer, answer: bytes) -> None:
    upstream_reader, upstream_writer = await asyncio.open_connection(host, port)
    writer.write(answer)
    await writer.drain()
    await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))


async def start_connect_proxy() -> Proxy:
    proxy = Proxy()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
        if method != "CONNECT":
            writer.write(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
            writer.close()
            return
        proxy.targets.append(target)
        host, _, port = target.rpartition(":")
        await _relay(host, int(port), reader, writer, b"HTTP/1.1 200 Connection established\r\n\r\n")

    proxy.server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return proxy


async def start_socks5_proxy() -> Proxy:
    proxy = Proxy()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        _version, count = await reader.readexactly(2)
        await reader.readexactly(count)
        writer.write(b"\x05\x00")  # no authentication
        _v, _cmd, _rsv, kind = await reader.readexactly(4)
        if kind == 1:
            host = ".".join(str(b) for b in await reader.readexactly(4))
        elif kind == 3:
            host = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
        else:
            writer.close()
            return
        (port,) = struct.unpack("!H", await reader.readexactly(2))
        proxy.targets.append(f"{host}:{port}")
        await _relay(host, port, reader, writer, b"\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00")

    proxy.server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return proxy

"""TLS (verification, a CA file, a client certificate) and proxies (HTTP CONNECT, SOCKS5), each
started by the test on 127.0.0.1."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import trustme
from websockets.asyncio.server import serve

from tests.helpers.handshake import headers_of, mirror, with_handshake
from tests.helpers.proxies import start_connect_proxy, start_socks5_proxy


@asynccontextmanager
async def tls_server(authority: trustme.CA, client_ca: trustme.CA | None = None) -> AsyncIterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    if client_ca is not None:
        context.verify_mode = ssl.CERT_REQUIRED
        client_ca.configure_trust(context)
    async with serve(mirror, "127.0.0.1", 0, ssl=context) as server:
        yield f"wss://127.0.0.1:{server.sockets[0].getsockname()[1]}/"


async def test_an_untrusted_certificate_is_refused_with_verification(events):
    async with tls_server(trustme.CA()) as url:
        connections, _c, _h = with_handshake(url, events)
        try:
            error = await events.wait_for("error")
            assert error.extra["reason"].startswith("TLS certificate error")
        finally:
            await connections.stop()


async def test_no_check_accepts_it(events):
    async with tls_server(trustme.CA()) as url:
        connections, _c, _h = with_handshake(url, events, TLSVerify=False)
        try:
            await events.wait_for("recv")
        finally:
            await connections.stop()


async def test_a_ca_file_accepts_it(events, tmp_path: Path):
    authority = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    async with tls_server(authority) as url:
        connections, _c, _h = with_handshake(url, events, CAFile=str(ca_file))
        try:
            await events.wait_for("recv")
        finally:
            await connections.stop()


async def test_a_client_certificate_the_server_requires(events, tmp_path: Path):
    authority, client_ca = trustme.CA(), trustme.CA()
    ca_file, cert_file = tmp_path / "ca.pem", tmp_path / "client.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    client_ca.issue_cert("client@example.test").private_key_and_cert_chain_pem.write_to_path(str(cert_file))
    async with tls_server(authority, client_ca) as url:
        connections, _c, hs = with_handshake(url, events, CAFile=str(ca_file))
        try:
            await events.wait_for("error")  # without a certificate the server refuses
            assert not events.of("connected")
            hs.set("ClientCert", str(cert_file))  # a change reconnects
            await events.wait_for("recv")
        finally:
            await connections.stop()


async def test_a_missing_file_is_a_logged_failure_and_a_retry(events, tmp_path: Path):
    async with tls_server(trustme.CA()) as url:
        connections, _c, _h = with_handshake(url, events, CAFile=str(tmp_path / "gone.pem"))
        try:
            retry = await events.wait_for("retry")
            assert "CAFile: no such file" in retry.extra["reason"]
        finally:
            await connections.stop()


@pytest.mark.parametrize(("scheme", "start_proxy"), [("http", start_connect_proxy), ("socks5", start_socks5_proxy)])
async def test_through_a_proxy(ws_server, events, scheme, start_proxy):
    server = await ws_server(mirror)
    proxy = await start_proxy()
    connections, _c, _h = with_handshake(server.url(), events, Proxy=f"{scheme}://127.0.0.1:{proxy.port}")
    try:
        assert headers_of(await events.wait_for("recv"))
        assert proxy.targets == [f"127.0.0.1:{server.port}"]
    finally:
        await connections.stop()
        await proxy.close()

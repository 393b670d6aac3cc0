"""What a WebsocketHandshake component does: before every attempt of its client it shapes the
handshake (headers with `{{env:NAME}}` read now, subprotocols, Origin, Authorization, TLS, proxy,
compression, timeouts, keepalive); a change to any of its fields reconnects the client."""

from __future__ import annotations

import base64
import os
import ssl
from collections.abc import Callable, Mapping
from typing import Any

from app.log.events import Event
from app.model import Component
from app.model.fields.templates import MissingVariable, render
from app.model.handshake.component import HANDSHAKE_FIELDS
from app.net.behaviours import REGISTRY, Behaviour
from app.net.connection.options import Handshake, HandshakeRefused
from app.net.handshake.tls import stamp, tls_context


class HandshakeOptions(Behaviour):
    def __init__(self, component: Component, emit: Callable[[Event], None]) -> None:
        super().__init__(component, emit)
        self.env: Mapping[str, str] = os.environ
        self._unsubscribe = component.observe(self._changed)

    def _changed(self, component: Component, name: str, old: Any, new: Any) -> None:
        if (name in HANDSHAKE_FIELDS or name == "Enabled") and self.link is not None:
            self.link.reconnect()

    def stop(self) -> None:
        self._unsubscribe()

    def shape(self, handshake: Handshake) -> None:
        c = self.component
        if not c["Enabled"]:
            return
        for name, value in c["Headers"]:
            handshake.headers.append((name, self._render(value, handshake, f"header {name}")))
        handshake.subprotocols.extend(c["Subprotocols"])
        if c["Origin"]:
            handshake.origin = self._render(c["Origin"], handshake, "Origin")
        if c["Authorization"]:
            handshake.headers.append(("Authorization", self._authorization(handshake)))
        if handshake.url.lower().startswith("wss:"):
            handshake.ssl = self._tls_context()
        if c["Proxy"] == "env":
            handshake.proxy = True
        elif c["Proxy"]:
            handshake.proxy = self._render(c["Proxy"], handshake, "Proxy")
        handshake.compression = c["Compression"]
        handshake.open_timeout = c["HandshakeTimeout"]
        if c["KeepaliveInterval"] > 0:
            handshake.keepalive_interval = c["KeepaliveInterval"]
            handshake.keepalive_timeout = c["KeepaliveTimeout"]

    def _render(self, text: str, handshake: Handshake, where: str) -> str:
        try:
            rendered = render(text, {}, self.env)
        except MissingVariable as exc:
            raise HandshakeRefused(f"{self.component.path}: {where}: {exc}") from None
        handshake.secret_values.extend(s for s in rendered.secrets if s)
        return rendered.text

    def _authorization(self, handshake: Handshake) -> str:
        scheme, _, credentials = self.component["Authorization"].partition(" ")
        credentials = self._render(credentials, handshake, "Authorization")
        if scheme == "basic":
            encoded = base64.b64encode(credentials.encode("utf-8")).decode("ascii")
            handshake.secret_values.append(encoded)
            return f"Basic {encoded}"
        return f"Bearer {credentials}"

    def _tls_context(self) -> ssl.SSLContext:
        c = self.component
        files = {name: os.path.expanduser(c[name]) for name in ("CAFile", "ClientCert", "ClientKey") if c[name]}
        for name, path in files.items():
            if not os.path.isfile(path):
                raise HandshakeRefused(f"{c.path}: {name}: no such file: {path}")
        if "ClientKey" in files and "ClientCert" not in files:
            raise HandshakeRefused(f"{c.path}: ClientKey is set but ClientCert is empty")
        try:
            stamped = (stamp(files.get(name)) for name in ("CAFile", "ClientCert", "ClientKey"))
            return tls_context(*stamped, c["TLSVerify"])
        except (ssl.SSLError, OSError, ValueError) as exc:
            raise HandshakeRefused(f"{c.path}: cannot use the TLS files: {exc}") from None


REGISTRY.register("WebsocketHandshake", HandshakeOptions)

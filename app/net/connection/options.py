"""Settings of the connection workers, and the handshake one attempt sends (which behaviours shape)."""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field


@dataclass
class WorkerOptions:
    """The same for every client of a run (settings and command line)."""

    idle_timeout: float = 60.0
    handshake_timeout: float = 10.0
    close_timeout: float = 2.0
    max_message_bytes: int = 4 * 1024 * 1024
    proxy: str | None = None
    send_timeout: float = 10.0  # a server that stops reading cannot hold a send for ever
    control_frames: bool = False  # ping, pong and close frames are logged (README, "Control frames")
    ping_timeout: float = 10.0  # /ping gives up waiting for the pong after this long


@dataclass
class Handshake:
    """What one connection attempt sends and how it connects. The worker fills it from its options;
    behaviours of the client (a handshake component, say) change it before the attempt starts."""

    url: str
    open_timeout: float
    proxy: str | bool | None = None  # None: no proxy; True: from the environment; or a URL
    headers: list[tuple[str, str]] = field(default_factory=list)
    subprotocols: list[str] = field(default_factory=list)
    origin: str | None = None
    compression: bool = False
    ssl: ssl.SSLContext | None = None
    keepalive_interval: float | None = None  # seconds between our pings; None: none
    keepalive_timeout: float | None = None
    secret_values: list[str] = field(default_factory=list)  # values read from the environment: masked


class HandshakeRefused(Exception):
    """A behaviour cannot build the handshake (a missing environment variable, a missing file):
    logged as the attempt's failure, and retried like one."""

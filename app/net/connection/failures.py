"""Turn the many ways a connection fails into one readable cause."""

from __future__ import annotations

import socket
import ssl

from websockets.exceptions import (
    InvalidHandshake,
    InvalidMessage,
    InvalidStatus,
    InvalidURI,
    PayloadTooBig,
)


def describe_failure(exc: BaseException, handshake_timeout: float) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return f"DNS lookup failed ({exc.strerror or exc})"
    if isinstance(exc, ssl.SSLCertVerificationError):
        detail = exc.verify_message or exc.reason or str(exc)
        return f"TLS certificate error: {detail}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    if isinstance(exc, InvalidStatus):
        response = exc.response
        text = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
        location = response.headers.get("Location")
        if location and 300 <= response.status_code < 400:
            text += f", redirected to {location}"
        return f"{text} in the handshake (the server refused the WebSocket upgrade)"
    if isinstance(exc, TimeoutError):
        return f"handshake not finished in {handshake_timeout:g} s"
    if isinstance(exc, InvalidMessage):
        cause = exc.__cause__
        detail = f" ({cause})" if cause else ""
        return f"the server did not answer with a valid WebSocket handshake{detail}"
    if isinstance(exc, InvalidHandshake | InvalidURI):
        return f"handshake failed: {exc}"
    if isinstance(exc, PayloadTooBig):
        return f"message over the size limit: {exc}"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"

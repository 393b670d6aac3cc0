"""TLS contexts for wss:// connections, built once per set of files and shared."""

from __future__ import annotations

import functools
import os
import ssl

Stamped = tuple[str, float] | None  # a file and its modification time: a new file is read again


def stamp(path: str | None) -> Stamped:
    return (path, os.stat(path).st_mtime) if path else None


def tls_context(ca: Stamped = None, cert: Stamped = None, key: Stamped = None, verify: bool = True) -> ssl.SSLContext:
    """One context per set of TLS files (and per version of them): building one reads the system's
    certificate authorities, about 50 ms, which every attempt of every wss:// client would
    otherwise pay (README, "Performance"). A context serves any number of connections."""
    return _built(ca, cert, key, verify)  # one cache key however it is called


@functools.lru_cache(maxsize=32)
def _built(ca: Stamped, cert: Stamped, key: Stamped, verify: bool) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=ca[0] if ca else None)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if cert is not None:
        context.load_cert_chain(cert[0], key[0] if key else None, password=_no_password)
    return context


def _no_password() -> bytes:
    """An encrypted key must never make OpenSSL ask for its password on the terminal."""
    return b""

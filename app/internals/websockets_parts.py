"""Overrides of websockets 17 and asyncio private details (see this package's docstring)."""

from __future__ import annotations

from websockets.asyncio.client import connect


def read_in_bites(transport: object, size: int) -> None:
    """`max_size` is how much asyncio reads per callback: a class attribute of the selector socket
    transport, and for TLS of the SSL protocol under the transport websockets sees (CPython 3.11+)."""
    for candidate in (transport, getattr(transport, "_ssl_protocol", None)):
        if candidate is not None and isinstance(getattr(candidate, "max_size", None), int):
            candidate.max_size = size  # type: ignore[attr-defined]


class RedirectCheckedConnect(connect):
    """websockets' `connect`, asking `check_redirect(old, new)` before it follows a redirect: an
    exception returned there ends the attempt instead (`connect.process_redirect`, websockets 17)."""

    def check_redirect(self, old: str, new: str) -> Exception | None:
        return None

    def process_redirect(self, exc: Exception) -> Exception | str:
        old = self.uri
        result = super().process_redirect(exc)
        if isinstance(result, str):
            refused = self.check_redirect(old, result)
            if refused is not None:
                return refused
        return result

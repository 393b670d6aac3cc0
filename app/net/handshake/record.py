"""The handshake as the log and the recording keep it: the request line and headers sent, the
response status and headers, the subprotocol and extensions agreed, with every secret masked
(Authorization, Cookie, Proxy-Authorization, Set-Cookie and whatever came from the environment)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from app.model.fields.templates import mask, mask_secrets
from app.net.connection.options import Handshake

SECRET_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "set-cookie"})  # always masked
SCHEMED = ("authorization", "proxy-authorization")  # "Bearer ••••1a2b": the scheme stays readable


class Masker:
    def __init__(self, handshake: Handshake) -> None:
        self.values = sorted({v for v in handshake.secret_values if v}, key=len, reverse=True)

    def header(self, name: str, value: str) -> str:
        lower = name.lower()
        if lower in SECRET_HEADERS:
            scheme, space, credentials = value.partition(" ")
            if lower in SCHEMED and space:
                return f"{scheme} {mask(credentials)}"
            return mask(value)
        return self.text(value)

    def text(self, value: str) -> str:
        return mask_secrets(value, self.values)

    def headers(self, headers: Headers) -> list[list[str]]:
        return [[name, self.header(name, value)] for name, value in headers.raw_items()]


def exchange(
    masker: Masker,
    request: Request | None,
    response: Response | None,
    subprotocol: str | None = None,
) -> dict[str, Any]:
    """The extra keys of a `connected` (or a failed handshake's `error`) event."""
    extra: dict[str, Any] = {}
    if request is not None:
        extra["request"] = {
            "line": f"GET {masker.text(request.path)} HTTP/1.1",
            "headers": masker.headers(request.headers),
        }
    if response is not None:
        extra["response"] = {
            "status": response.status_code,
            "reason": response.reason_phrase,
            "headers": masker.headers(response.headers),
        }
        if response.status_code == 101:
            extra["subprotocol"] = subprotocol
            extra["extensions"] = _extensions(response.headers.get_all("Sec-WebSocket-Extensions"))
    return extra


def _extensions(values: Iterable[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]

"""Field types of the handshake component: HTTP header pairs, subprotocol tokens, an Authorization
form, a proxy URL and a file path. Each refuses what a server or the HTTP rules would refuse later,
when it is typed, with a message that says why."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from app.model.fields.lists import PairsType, StringListType
from app.model.fields.scalar import FieldError, FloatType, StringType, _has_controls
from app.model.fields.templates import PLACEHOLDER, check_template

TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # RFC 9110's token: a header name, a subprotocol
MANAGED_HEADERS = {
    "host": "",
    "upgrade": "",
    "connection": "",
    "sec-websocket-key": "",
    "sec-websocket-version": "",
    "sec-websocket-accept": "",
    "sec-websocket-extensions": " (use Compression)",
    "sec-websocket-protocol": " (use Subprotocols)",
}
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h", "socks4", "socks4a")


def check_header_value(value: str, what: str = "a header value") -> None:
    """No CR, LF or other control character (a tab is allowed); placeholders must be known ones."""
    if "\r" in value or "\n" in value:
        raise FieldError(f"{what} cannot contain a line break (CR or LF)")
    if any((ch != "\t" and ord(ch) < 0x20) or ord(ch) == 0x7F for ch in value):
        raise FieldError(f"{what} cannot contain control characters")
    check_env_only(value)


def check_env_only(text: str) -> None:
    """A handshake is built once per attempt: of the placeholders only `{{env:NAME}}` means anything."""
    check_template(text, groups=())
    for match in PLACEHOLDER.finditer(text):
        if not match.group(1).startswith("env:"):
            raise FieldError(f"{{{{{match.group(1)}}}}}: only {{{{env:NAME}}}} can be used in a handshake")


def check_token(name: str, what: str) -> None:
    if not TOKEN.fullmatch(name):
        raise FieldError(f"{name!r} is not a valid {what}: letters, digits and !#$%&'*+-.^_`|~ only, no spaces")


class HeaderPairsType(PairsType):
    """Extra request headers: names are HTTP tokens, repeatable; values on one line."""

    name = "Headers"

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> tuple[tuple[str, str], ...]:
        pairs = super().coerce(value, users)
        for name, text in pairs:
            check_token(name, "header name")
            managed = MANAGED_HEADERS.get(name.lower())
            if managed is not None:
                raise FieldError(f"{name} is set by the WebSocket handshake itself{managed}")
            check_header_value(text, f"the value of {name}")
        return pairs

    def parse(self, text: str, users: Sequence[str] | None = None) -> tuple[tuple[str, str], ...]:
        return self.coerce(super().parse(text, users))


class SubprotocolsType(StringListType):
    """Subprotocols offered, in order of preference."""

    name = "Subprotocols"

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> tuple[str, ...]:
        items = super().coerce(value, users)
        for item in items:
            check_token(item, "subprotocol")
        if len({item.lower() for item in items}) != len(items):
            raise FieldError("a subprotocol is offered twice")
        return items

    def parse(self, text: str, users: Sequence[str] | None = None) -> tuple[str, ...]:
        return self.coerce(super().parse(text, users))


class HeaderTextType(StringType):
    """One line of header text (Origin), placeholders allowed."""

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> str:
        text = super().coerce(value, users)
        check_header_value(text)
        return text

    def parse(self, text: str, users: Sequence[str] | None = None) -> str:
        return self.coerce(text.strip())


class AuthorizationType(HeaderTextType):
    """ "", "basic USER:PASSWORD" or "bearer TOKEN": the Authorization header is built from it."""

    name = "Authorization"

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> str:
        text = super().coerce(value, users)
        if text == "":
            return ""
        scheme, _, credentials = text.partition(" ")
        scheme = scheme.lower()
        if scheme not in ("basic", "bearer") or not credentials.strip():
            raise FieldError('write "basic USER:PASSWORD" or "bearer TOKEN" (or leave it empty)')
        if scheme == "basic" and ":" not in credentials:
            raise FieldError('basic needs a user and a password: "basic USER:PASSWORD"')
        if scheme == "bearer" and " " in credentials.strip():
            raise FieldError("a bearer token cannot contain spaces")
        return f"{scheme} {credentials.strip()}"


class ProxyType(StringType):
    """ "" (none), "env" (the environment's proxy settings), or an http:// / socks5:// URL."""

    name = "Proxy"

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> str:
        text = super().coerce(value, users)
        if text in ("", "env"):
            return text
        if any(ch.isspace() for ch in text) or _has_controls(text):
            raise FieldError("a proxy URL cannot contain spaces or control characters")
        check_env_only(text)
        plain = PLACEHOLDER.sub("x", text)  # credentials may come from the environment
        try:
            parts = urlsplit(plain)
            port = parts.port
        except ValueError:
            raise FieldError("the proxy port must be a number from 1 to 65535") from None
        if parts.scheme.lower() not in PROXY_SCHEMES or "://" not in plain:
            raise FieldError('write "", "env", or a proxy URL such as http://host:3128 or socks5://host:1080')
        if not parts.hostname:
            raise FieldError("the proxy URL has no host, e.g. http://proxy.local:3128")
        if port == 0:
            raise FieldError("the proxy port must be a number from 1 to 65535")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise FieldError("a proxy URL is a scheme, a host and a port, with no path")
        return text

    def parse(self, text: str, users: Sequence[str] | None = None) -> str:
        return self.coerce(text.strip())


class FilePathType(StringType):
    """A file's path ("" = none). A typed path must name an existing file; a scene file's may not
    exist yet (it is checked again when connecting, where a missing file is a logged failure)."""

    name = "File"

    def coerce(self, value: Any, users: Sequence[str] | None = None) -> str:
        text = super().coerce(value, users)
        if _has_controls(text):
            raise FieldError("a file path cannot contain control characters")
        return text

    def parse(self, text: str, users: Sequence[str] | None = None) -> str:
        path = self.coerce(text.strip())
        if path and not os.path.isfile(os.path.expanduser(path)):
            raise FieldError(f"no such file: {path}")
        return path


class KeepaliveType(FloatType):
    """Seconds between pings: 0 for none, else at least 0.1."""

    def __init__(self) -> None:
        super().__init__(minimum=0.0, unit="seconds")

    def _check(self, value: float) -> float:
        value = super()._check(value)
        if 0 < value < 0.1:
            raise FieldError("must be 0 (no keepalive) or at least 0.1 seconds")
        return value

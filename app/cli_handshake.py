"""The command line's handshake flags, wscat's where wscat has one: they build the WebsocketHandshake
of the command-line client, checked by the same field types as the editor (README, "Usage")."""

from __future__ import annotations

import argparse
from typing import Any

from app.model import FieldError, WebsocketHandshake

FLAGS = ("header", "subprotocol", "origin", "auth", "bearer", "no_check", "ca", "cert", "key", "proxy", "compress")


def add_handshake_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("handshake of the URL's client (a WebsocketHandshake component)")
    add = group.add_argument
    add("-H", "--header", action="append", metavar='"NAME: VALUE"', help="an extra header (repeatable)")
    add("-s", "--subprotocol", action="append", metavar="NAME", help="offer this subprotocol (repeatable, in order)")
    add("-o", "--origin", metavar="ORIGIN", help="the Origin header")
    add("--auth", metavar="USER:PASSWORD", help="basic authorization")
    add("--bearer", metavar="TOKEN", help="bearer authorization")
    add("-n", "--no-check", action="store_true", help="do not verify the server's TLS certificate")
    add("--ca", metavar="FILE", help="trust the certificate authorities in FILE (PEM)")
    add("--cert", metavar="FILE", help="client certificate (PEM; may hold the key too)")
    add("--key", metavar="FILE", help="the client certificate's key (PEM)")
    add("--proxy", metavar="URL", help='"env", or http://host:port or socks5://host:port')
    add("--compress", action="store_true", help="offer permessage-deflate compression")


def given(args: argparse.Namespace) -> bool:
    return any(getattr(args, flag) not in (None, False) for flag in FLAGS)


def handshake_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The component's field values for the flags given; FieldError names the flag and the problem."""
    probe = WebsocketHandshake()
    fields: dict[str, Any] = {}

    def typed(flag: str, name: str, text: str) -> None:
        try:
            probe.set_text(name, text)
        except FieldError as exc:
            shown = "" if name == "Authorization" else f" {text!r}"  # a secret is never echoed
            raise FieldError(f"{flag}{shown}: {exc}") from None
        fields[name] = probe[name]

    if args.header:
        for header in args.header:
            if ":" not in header:
                raise FieldError(f'--header {header!r}: write it as "Name: value"')
        typed("--header", "Headers", "\n".join(args.header))
    if args.subprotocol:
        typed("--subprotocol", "Subprotocols", ",".join(args.subprotocol))
    if args.origin is not None:
        typed("--origin", "Origin", args.origin)
    if args.auth is not None and args.bearer is not None:
        raise FieldError("--auth and --bearer cannot both be given")
    if args.auth is not None:
        typed("--auth", "Authorization", f"basic {args.auth}")
    if args.bearer is not None:
        typed("--bearer", "Authorization", f"bearer {args.bearer}")
    if args.no_check:
        fields["TLSVerify"] = False
    for flag, name in (("--ca", "CAFile"), ("--cert", "ClientCert"), ("--key", "ClientKey")):
        value = getattr(args, flag[2:])
        if value is not None:
            typed(flag, name, value)
    if "ClientKey" in fields and "ClientCert" not in fields:
        raise FieldError("--key needs --cert")
    if args.proxy is not None:
        typed("--proxy", "Proxy", args.proxy)
    if args.compress:
        fields["Compression"] = True
    return fields

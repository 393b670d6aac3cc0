"""Argument types shared by the command line and its subcommands: refused values say why."""

from __future__ import annotations

import argparse
import math

from app.model import FieldError
from app.model.fields.scalar import FloatType, UriType


def seconds(minimum: float) -> object:
    kind = FloatType(minimum=minimum, unit="seconds")

    def parse(text: str) -> float:
        try:
            return kind.parse(text)
        except FieldError as exc:
            raise argparse.ArgumentTypeError(f"{text!r} {exc}") from None

    parse.__name__ = "seconds"
    return parse


def url(text: str) -> str:
    try:
        return UriType().parse(text) or _empty_url()
    except FieldError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None


def _empty_url() -> str:
    raise FieldError("the URL is empty")


def speed(text: str) -> float:
    """A factor above 0, finite."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: the speed must be a finite number above 0")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r}: a port is 0 to 65535 (0 picks a free one)")
    return value

"""Every field type turns text into a value or refuses it with a message a person understands."""

from __future__ import annotations

import pytest

from app.model import FieldError, WebsocketClient
from app.model.fields.scalar import BoolType, FloatType, IntType, StringType, UriType, UserRefType

RETRY = FloatType(minimum=0.1, unit="seconds")


@pytest.mark.parametrize(("text", "value"), [("true", True), ("False", False), (" yes ", True), ("0", False)])
def test_bool_parses(text, value):
    assert BoolType().parse(text) is value


@pytest.mark.parametrize("text", ["", "maybe", "2"])
def test_bool_refuses(text):
    with pytest.raises(FieldError, match="true or false"):
        BoolType().parse(text)


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("-5", -5), ("+7", 7), ("2147483647", 2**31 - 1)])
def test_int_parses(text, value):
    assert IntType().parse(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2147483648", "32-bit"),
        ("-2147483649", "32-bit"),
        ("99999999999999999999", "32-bit"),
        ("1.5", "whole number"),
        ("", "whole number"),
        ("ten", "whole number"),
        ("NaN", "whole number"),
    ],
)
def test_int_refuses(text, message):
    with pytest.raises(FieldError, match=message):
        IntType().parse(text)


def test_int_coerce_refuses_bool_and_float():
    with pytest.raises(FieldError):
        IntType().coerce(True)
    with pytest.raises(FieldError):
        IntType().coerce(1.0)


@pytest.mark.parametrize(("text", "value"), [("10", 10.0), ("0.1", 0.1), ("2.5s", 2.5), (" 3 ", 3.0)])
def test_float_parses(text, value):
    assert RETRY.parse(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("NaN", "not NaN"),
        ("nan", "not NaN"),
        ("inf", "finite"),
        ("-inf", "finite"),
        ("1e400", "finite"),
        ("-1", "at least 0.1"),
        ("0.05", "at least 0.1"),
        ("0", "at least 0.1"),
        ("", "a number"),
        ("soon", "a number"),
    ],
)
def test_float_refuses(text, message):
    with pytest.raises(FieldError, match=message):
        RETRY.parse(text)


def test_float_coerce_accepts_int_refuses_text():
    assert RETRY.coerce(2) == 2.0
    with pytest.raises(FieldError, match="a number"):
        RETRY.coerce("2")


def test_string_keeps_anything_text():
    assert StringType().parse("  spaced [b]markup[/b] ") == "  spaced [b]markup[/b] "
    with pytest.raises(FieldError):
        StringType().coerce(5)


@pytest.mark.parametrize(
    "text", ["", "ws://localhost", "wss://example.com:8443/path?q=1", "ws://127.0.0.1:9000/chat", "ws://[::1]:80/"]
)
def test_uri_accepts(text):
    assert UriType().parse(text) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ws://", "no host"),
        ("wss://:443/", "no host"),
        ("http://host", "ws:// or wss://"),
        ("https://host/x", "ws:// or wss://"),
        ("host:80", "ws:// or wss://"),
        ("ws://user:pw@host", "credentials"),
        ("ws://user@host", "credentials"),
        ("ws://host with space", "spaces"),
        ("ws://host:99999/", "port"),
        ("ws://host:abc/", "port"),
        ("ws://host:0/", "port"),
        ("ws://ho\x1bst/", "control"),
    ],
)
def test_uri_refuses(text, message):
    with pytest.raises(FieldError, match=message):
        UriType().parse(text)


def test_userref():
    kind = UserRefType()
    assert kind.parse("", ["a"]) is None
    assert kind.parse("none", ["a"]) is None
    assert kind.parse("a", ["a", "b"]) == "a"
    with pytest.raises(FieldError, match="no user named 'c'"):
        kind.parse("c", ["a", "b"])


def test_client_fields_in_order_with_defaults():
    client = WebsocketClient()
    assert client.field_names() == [
        "persistent",
        "UpdateOrder",
        "Enabled",
        "URL",
        "HandlingUser",
        "AccessReason",
        "ConnectRetryInterval",
        "IsConnected",
    ]
    assert client["persistent"] is True
    assert client["UpdateOrder"] == 0
    assert client["Enabled"] is True
    assert client["URL"] == ""
    assert client["HandlingUser"]  # the local user
    assert client["AccessReason"] == ""
    assert client["ConnectRetryInterval"] == 10.0
    assert client["IsConnected"] is False

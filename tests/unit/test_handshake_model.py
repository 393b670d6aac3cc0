"""The WebsocketHandshake component: the scene-file example of the README round-trips exactly; every
field refuses what a server or HTTP would refuse, with a message."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from app.model import COMPONENT_TYPES, FieldError, WebsocketHandshake
from app.store.scene_file import read_scene, scene_to_toml

EXAMPLE = """\
[[component]]
slot = "Root/Chat"
type = "WebsocketHandshake"      # shapes the WebsocketClient on the same slot
Headers = [["X-Api-Key", "{{env:CHAT_KEY}}"], ["Accept-Language", "en"]]
Subprotocols = ["chat.v2", "chat.v1"]
Origin = "https://example.test"
Authorization = "bearer {{env:CHAT_TOKEN}}"   # "", "basic USER:PASSWORD", "bearer TOKEN"
TLSVerify = true
CAFile = ""
ClientCert = ""
ClientKey = ""
Proxy = ""                       # "", "env", "http://host:port", "socks5://host:port"
Compression = false
HandshakeTimeout = 10.0
KeepaliveInterval = 0.0          # seconds between pings; 0 = none (section 9)
KeepaliveTimeout = 20.0          # no pong for this long: disconnect and retry
"""


def test_the_readme_example_loads_and_round_trips_exactly(tmp_path: Path):
    path = tmp_path / "scene.toml"
    path.write_text(EXAMPLE)
    component = read_scene(path, "me").find_slot("Root/Chat").components[0]
    assert isinstance(component, WebsocketHandshake)
    assert component["Headers"] == (("X-Api-Key", "{{env:CHAT_KEY}}"), ("Accept-Language", "en"))
    assert component["Authorization"] == "bearer {{env:CHAT_TOKEN}}"
    written = scene_to_toml(read_scene(path, "me"))
    again = tmp_path / "again.toml"
    again.write_text(written)
    assert scene_to_toml(read_scene(again, "me")) == written
    assert 'Headers = [["X-Api-Key", "{{env:CHAT_KEY}}"], ["Accept-Language", "en"]]' in written


def test_it_is_a_network_component_beyond_resonite():
    assert COMPONENT_TYPES["WebsocketHandshake"] is WebsocketHandshake
    assert WebsocketHandshake.CATEGORY == "Network" and WebsocketHandshake.BEYOND_RESONITE
    names = WebsocketHandshake.field_names()
    assert names[:4] == ["persistent", "UpdateOrder", "Enabled", "Client"]
    assert names[4:] == [
        "Headers", "Subprotocols", "Origin", "Authorization", "TLSVerify", "CAFile", "ClientCert", "ClientKey",
        "Proxy", "Compression", "HandshakeTimeout", "KeepaliveInterval", "KeepaliveTimeout",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("Headers", "Bad Name: x", "not a valid header name"),
        ("Headers", "X-Ok: {{n}}", "only {{env:NAME}}"),
        ("Headers", "X-Ok: {{env:", "never closed"),
        ("Headers", "Upgrade: h2c", "set by the WebSocket handshake itself"),
        ("Headers", "just a name", "write a pair as 'name: value'"),
        ("Subprotocols", "chat v2", "not a valid subprotocol"),
        ("Subprotocols", "a, A", "offered twice"),
        ("Origin", "{{unix}}", "only {{env:NAME}}"),
        ("Authorization", "token abc", 'write "basic USER:PASSWORD"'),
        ("Authorization", "basic nocolon", "a user and a password"),
        ("Authorization", "bearer two words", "cannot contain spaces"),
        ("Proxy", "ftp://host:21", "proxy URL such as"),
        ("Proxy", "http://host:0", "port"),
        ("Proxy", "http://", "no host"),
        ("Proxy", "http://host:3128/path", "no path"),
        ("CAFile", "/no/such/ca.pem", "no such file"),
        ("HandshakeTimeout", "inf", "finite"),
        ("HandshakeTimeout", "nan", "NaN"),
        ("HandshakeTimeout", "0.05", "at least 0.1"),
        ("KeepaliveInterval", "0.05", "0 (no keepalive) or at least 0.1"),
        ("KeepaliveTimeout", "0", "at least 0.1"),
    ],
)
def test_refusals_say_why(field: str, text: str, message: str):
    component = WebsocketHandshake()
    before = component[field]
    with pytest.raises(FieldError, match=None) as refused:
        component.set_text(field, text)
    assert message in str(refused.value)
    assert component[field] == before


def test_values_with_line_breaks_are_refused_from_files_too():
    component = WebsocketHandshake()
    for value in ("a\r\nInjected: 1", "a\nb", "a\x00b"):
        with pytest.raises(FieldError):
            component.set("Headers", [["X-Ok", value]])
        with pytest.raises(FieldError):
            component.set("Origin", value)


def test_accepted_forms():
    component = WebsocketHandshake()
    component.set_text("Headers", "X-A: 1\nX-A: 2\n\nCookie: a=b")
    assert component["Headers"] == (("X-A", "1"), ("X-A", "2"), ("Cookie", "a=b"))
    component.set_text("Authorization", "Bearer  {{env:TOKEN}} ")
    assert component["Authorization"] == "bearer {{env:TOKEN}}"
    for proxy in ("", "env", "http://127.0.0.1:3128", "socks5://u:{{env:PW}}@proxy.local:1080"):
        component.set_text("Proxy", proxy)
        assert component["Proxy"] == proxy
    component.set_text("KeepaliveInterval", "0")
    component.set_text("HandshakeTimeout", "2.5 s")
    assert component["HandshakeTimeout"] == 2.5 and math.isfinite(component["HandshakeTimeout"])
    component.set("CAFile", "/not/here/yet.pem")  # from a file: checked when connecting, not refused

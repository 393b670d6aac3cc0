"""The handshake flags: they build the command-line client's WebsocketHandshake; bad values exit 2
in one line, never echoing a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import build_parser, main
from app.cli_handshake import handshake_fields
from app.session import Session, SessionConfig
from tests.helpers.common import LOCAL


def fields(*args: str) -> dict:
    return handshake_fields(build_parser().parse_args(["ws://h/", *args]))


def test_every_flag_becomes_a_field(tmp_path: Path):
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    assert fields(
        "-H", "X-A: 1", "--header", "X-A: 2", "-s", "chat.v2", "--subprotocol", "chat.v1", "-o", "https://o.test",
        "--bearer", "tok", "-n", "--ca", str(ca), "--cert", str(ca), "--key", str(ca),
        "--proxy", "socks5://127.0.0.1:1080", "--compress",
    ) == {
        "Headers": (("X-A", "1"), ("X-A", "2")),
        "Subprotocols": ("chat.v2", "chat.v1"),
        "Origin": "https://o.test",
        "Authorization": "bearer tok",
        "TLSVerify": False,
        "CAFile": str(ca),
        "ClientCert": str(ca),
        "ClientKey": str(ca),
        "Proxy": "socks5://127.0.0.1:1080",
        "Compression": True,
    }  # fmt: skip
    assert fields("--auth", "ada:pw") == {"Authorization": "basic ada:pw"}
    assert fields() == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-H", "Bad Name: x"], "not a valid header name"),
        (["-H", "no colon"], 'write it as "Name: value"'),
        (["-H", "Sec-WebSocket-Protocol: x"], "use Subprotocols"),
        (["-s", "a b"], "not a valid subprotocol"),
        (["--auth", "nocolon-secret"], "basic needs a user and a password"),
        (["--auth", "a:b", "--bearer", "t"], "cannot both be given"),
        (["--ca", "/no/such/file.pem"], "no such file"),
        (["--proxy", "ftp://p:1"], "a proxy URL such as"),
        (["--proxy", "http://p:99999"], "port"),
        (["-o", "{{env:1BAD}}"], "environment variable name"),
    ],
)
def test_bad_values_exit_2_in_one_line(capsys, args, message):
    assert main(["ws://h/", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert "nocolon-secret" not in err


def test_handshake_flags_need_a_url(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--bearer", "t"])
    assert exit_.value.code == 2
    assert "give a URL" in capsys.readouterr().err


async def test_the_command_line_client_gets_the_component(paths):
    config = SessionConfig(paths=paths, url="ws://127.0.0.1:9/", local_user=LOCAL, handshake=fields("-H", "X: 1", "-n"))
    session = Session(config)
    await session.start()
    try:
        slot = session.scene.find_slot("Root/Command line")
        handshake = slot.components[1]
        assert handshake.TYPE_NAME == "WebsocketHandshake"
        assert handshake["Headers"] == (("X", "1"),) and handshake["TLSVerify"] is False
        assert session.connections.worker_for(slot.components[0]).behaviours == (
            session.connections.behaviour_for(handshake),
        )
    finally:
        await session.stop()

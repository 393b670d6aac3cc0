"""The subcommands as a person runs them: exit statuses, one-line messages, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from app.net.servers.demo_server import DemoServer
from app.net.servers.ws_server import WebSocketServer, unused_port
from tests.helpers.cli import cli, interrupt, read_line, start
from tests.helpers.common import echo
from tests.helpers.recordings import GREETING, echo_session, message, write


def one_line_error(finished, status: int, words: str) -> None:
    assert finished.status == status, finished
    assert finished.err.count("\n") == 1, finished.err
    assert words in finished.err
    assert "Traceback" not in finished.err


def scene(tmp_path: Path, *urls: str) -> Path:
    """A scene file with a client at each URL, in slots Demo/Client1, Demo/Client2..."""
    text = "format = 1\n"
    for n, url in enumerate(urls, start=1):
        text += f'[[slot]]\npath = "Root/Demo/Client{n}"\n'
        text += f'[[component]]\nslot = "Root/Demo/Client{n}"\ntype = "WebsocketClient"\nURL = "{url}"\n'
    path = tmp_path / "scene.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("command", "flags"),
    [
        ("replay", ["RECORDING", "URL", "--speed", "--in-step", "--record"]),
        ("diff", ["A", "B", "--ignore"]),
        ("serve", ["RECORDING", "--host", "--port"]),
        ("run", ["SCENE", "--duration", "--until", "--record", "--allow", "--jsonl"]),
    ],
)
async def test_each_command_has_help_with_its_flags(tmp_path: Path, command: str, flags: list[str]):
    finished = await cli(tmp_path, command, "--help")
    assert finished.status == 0
    assert finished.out.startswith(f"usage: ws-inspector {command}")
    for flag in flags:
        assert flag in finished.out
    assert "Exit status" in finished.out


async def test_the_main_help_lists_the_commands(tmp_path: Path):
    finished = await cli(tmp_path, "--help")
    assert finished.status == 0
    for command in ("replay", "diff", "serve", "run"):
        assert re.search(rf"^  {command} ", finished.out, re.MULTILINE)


# --- diff ---------------------------------------------------------------------------


async def test_diff_exit_statuses_and_report(tmp_path: Path):
    a = write(tmp_path / "a.jsonl", echo_session(100.0))
    b = write(tmp_path / "b.jsonl", echo_session(900.0))
    same = await cli(tmp_path, "diff", str(a), str(b))
    assert same.status == 0, same
    assert same.out.splitlines()[-1].startswith("same: 7 same, 0 changed, 0 missing, 0 extra")
    changed = echo_session(100.0)
    changed[5] = message("recv", '{"a": 2, "ts": 6}', changed[5].ts)
    c = write(tmp_path / "c.jsonl", changed[:-2])
    different = await cli(tmp_path, "diff", str(a), str(c), "--ignore", "ts")
    assert different.status == 1, different
    lines = different.out.splitlines()
    assert lines[0] == "changed  Root/Chat/WebsocketClient #5 recv  $.a: 1 → 2"
    assert "missing  Root/Chat/WebsocketClient #7 recv  binary 6 B 00 ff 1b 5b 32 4a  (in A only)" in lines
    assert lines[-1].startswith("different: 5 same, 1 changed, 1 missing, 0 extra")


async def test_diff_shows_hostile_messages_escaped(tmp_path: Path):
    a = write(tmp_path / "a.jsonl", [message("recv", "\x1b]0;owned\x07\x1b[2J", 1.0)])
    b = write(tmp_path / "b.jsonl", [message("recv", "\x1b[31mred", 1.0)])
    finished = await cli(tmp_path, "diff", str(a), str(b))
    assert finished.status == 1
    assert "\x1b" not in finished.out and "\x07" not in finished.out
    assert "\\x1b[31mred" in finished.out


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", None),
        (b"hello, I am a shopping list\n", "is not a recording (line 1: not JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not a recording (line 1: not UTF-8"),
    ],
    ids=["empty", "text", "binary"],
)
async def test_diff_of_a_file_that_is_not_a_recording_is_one_line_and_2(tmp_path: Path, content: bytes, words):
    good = write(tmp_path / "good.jsonl", echo_session())
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content)
    finished = await cli(tmp_path, "diff", str(good), str(bad))
    if words is None:  # an empty recording is a recording of nothing: everything is missing
        assert finished.status == 1
        assert finished.out.splitlines()[-1].startswith("different: 0 same, 0 changed, 7 missing")
    else:
        one_line_error(finished, 2, words)


async def test_diff_of_a_file_with_itself_or_a_missing_file_is_one_line_and_2(tmp_path: Path):
    a = write(tmp_path / "a.jsonl", echo_session())
    itself = await cli(tmp_path, "diff", str(a), str(tmp_path / "." / "a.jsonl"))
    one_line_error(itself, 2, "A and B are the same file")
    missing = await cli(tmp_path, "diff", str(a), str(tmp_path / "nope.jsonl"))
    one_line_error(missing, 2, "cannot read")
    folder = await cli(tmp_path, "diff", str(a), str(tmp_path))
    one_line_error(folder, 2, "is a folder")


# --- serve --------------------------------------------------------------------------


async def test_serve_prints_its_url_plays_the_recording_and_stops_cleanly_on_ctrl_c(tmp_path: Path):
    recording = write(tmp_path / "r.jsonl", echo_session())
    process = await start(tmp_path, "serve", str(recording))
    first = await read_line(process)
    url = first.split(" at ")[1].strip()
    assert re.fullmatch(r"ws://127\.0\.0\.1:\d+/echo", url), first
    assert (await read_line(process)).startswith("listening on ws://127.0.0.1:")
    async with connect(url) as ws:
        assert await ws.recv() == GREETING
        await ws.send("not hello\x1b[2J")
        assert await ws.recv() == "hello"
    log = "".join([await read_line(process) for _ in range(4)])
    assert "[1] client sent text 'not hello\\x1b[2J'" in log
    assert "\x1b" not in log
    assert "[1] departed from the recording at sent message 1: it expected text 'hello'" in log
    finished = await interrupt(process)
    assert finished.status == 0
    assert finished.out.splitlines()[-1] == "stopped"
    assert finished.err == ""


async def test_serve_on_a_port_in_use_is_one_line_and_1(tmp_path: Path):
    taken = WebSocketServer(echo)
    await taken.start()
    try:
        recording = write(tmp_path / "r.jsonl", echo_session())
        finished = await cli(tmp_path, "serve", str(recording), "--port", str(taken.port))
        one_line_error(finished, 1, f"cannot listen on 127.0.0.1:{taken.port}: the port is in use")
    finally:
        await taken.stop()


async def test_serve_of_a_file_that_is_not_a_recording_is_one_line_and_2(tmp_path: Path):
    bad = tmp_path / "notes.txt"
    bad.write_text("[not json\n")
    one_line_error(await cli(tmp_path, "serve", str(bad)), 2, "is not a recording")
    nothing = write(tmp_path / "quiet.jsonl", echo_session()[:1])  # a connection, no messages
    one_line_error(await cli(tmp_path, "serve", str(nothing)), 2, "holds no messages to serve")
    port = await cli(tmp_path, "serve", str(nothing), "--port", "70000")
    assert port.status == 2 and "a port is 0 to 65535" in port.err


# --- replay -------------------------------------------------------------------------


@pytest.mark.parametrize("pace", [["--speed", "5"], ["--in-step"]], ids=["timed", "in-step"])
async def test_replay_then_diff_matches(tmp_path: Path, demo: DemoServer, pace: list[str]):
    original = write(tmp_path / "original.jsonl", echo_session())
    replayed = tmp_path / "replayed.jsonl"
    finished = await cli(tmp_path, "replay", str(original), demo.url("/echo"), *pace, "--record", str(replayed))
    assert finished.status == 0, finished
    assert finished.out.splitlines()[-1] == f"replayed 3 of 3 sent message(s) to {demo.url('/echo')}"
    compared = await cli(tmp_path, "diff", str(original), str(replayed))
    assert compared.status == 0, compared


async def test_replay_failures_are_one_line_and_1(tmp_path: Path, demo: DemoServer):
    original = write(tmp_path / "original.jsonl", echo_session())
    refused = await cli(tmp_path, "replay", str(original), f"ws://127.0.0.1:{unused_port()}/")
    one_line_error(refused, 1, "cannot connect to ws://127.0.0.1:")
    silent = await cli(tmp_path, "replay", str(original), demo.url("/silent"), "--in-step", "--timeout", "0.3")
    one_line_error(silent, 1, "0 of 1 replies before sent message 1 arrived in 0.3 s")
    both = await cli(tmp_path, "replay", str(original), demo.url("/"), "--in-step", "--speed", "2")
    assert both.status == 2 and "not allowed with argument" in both.err


# --- run ----------------------------------------------------------------------------


async def test_run_until_met_exits_0_and_prints_a_line_per_event(tmp_path: Path, demo: DemoServer):
    path = scene(tmp_path, demo.url("/ticker"))
    allow = f"127.0.0.1:{demo.port}"
    finished = await cli(
        tmp_path, "run", str(path), "--allow", allow, "--until", 'recv ~ "tick": 3', "--duration", "20"
    )
    assert finished.status == 0, finished
    lines = finished.out.splitlines()
    assert any(
        re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3} Demo/Client1 connected ws://127\.0\.0\.1:\d+/ticker", x) for x in lines
    )
    assert any('{"tick": 3,' in line for line in lines)
    assert not (tmp_path / "d" / "ws-inspector" / "scene.toml").exists()  # a headless run saves nothing


async def test_run_until_not_met_exits_1(tmp_path: Path, demo: DemoServer):
    path = scene(tmp_path, demo.url("/silent"))
    finished = await cli(
        tmp_path, "run", str(path), "--allow", f"127.0.0.1:{demo.port}", "--until", "recv", "--duration", "0.5"
    )
    assert finished.status == 1, finished
    assert "connected" in finished.out
    assert finished.err == "ws-inspector: the --until event did not come\n"


async def test_run_reports_and_skips_a_client_that_would_need_to_ask(tmp_path: Path, demo: DemoServer):
    other = WebSocketServer(echo)
    await other.start()
    try:
        path = scene(tmp_path, demo.url("/echo"), other.url("/"))
        record = tmp_path / "run.jsonl"
        args = ["run", str(path), "--allow", f"127.0.0.1:{demo.port}", "--jsonl", "--record", str(record)]
        finished = await cli(tmp_path, *args, "--until", "connected", "--duration", "10")
    finally:
        await other.stop()
    assert finished.status == 0, finished
    events = [json.loads(line) for line in finished.out.splitlines()]
    asked = f"127.0.0.1:{other.port}"
    assert {"client": "Root/Demo/Client2/WebsocketClient", "host": asked, "decision": "denied"}.items() <= next(
        e for e in events if e["event"] == "host_access" and e["decision"] == "denied"
    ).items()
    note = next(e for e in events if e["event"] == "error")
    assert note["reason"].startswith(f"Root/Demo/Client2/WebsocketClient needs host access to {asked}")
    assert f"--allow {asked}" in note["reason"]
    assert not any(e["event"] == "connecting" and e["client"].startswith("Root/Demo/Client2") for e in events)
    recorded = [json.loads(line) for line in record.read_text().splitlines()]
    assert [e["event"] for e in recorded] == [e["event"] for e in events]


async def test_run_uses_the_hosts_the_settings_allow_and_leaves_the_settings_alone(tmp_path: Path, demo: DemoServer):
    settings = tmp_path / "c" / "ws-inspector" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(f'allowed_hosts = ["127.0.0.1:{demo.port}"]\n')
    path = scene(tmp_path, demo.url("/echo"))
    finished = await cli(tmp_path, "run", str(path), "--until", f"recv ~ ^{GREETING}$", "--duration", "10")
    assert finished.status == 0, finished
    assert f"host_access 127.0.0.1:{demo.port}: allowed (remembered)" in finished.out
    assert settings.read_text() == f'allowed_hosts = ["127.0.0.1:{demo.port}"]\n'


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--until", "arrived"], "'arrived' is not an event kind"),
        (["--until", "recv ~ ("], "is not a regular expression"),
        (["--allow", "example.com"], "is not HOST:PORT"),
        (["--duration", "inf"], "must be a finite number"),
    ],
)
async def test_run_bad_arguments_exit_2(tmp_path: Path, args: list[str], words: str):
    path = scene(tmp_path, "ws://127.0.0.1:9/")
    finished = await cli(tmp_path, "run", str(path), *args)
    assert finished.status == 2
    assert words in finished.err
    assert "Traceback" not in finished.err


async def test_run_of_a_scene_that_cannot_be_used_is_one_line_and_2(tmp_path: Path):
    one_line_error(await cli(tmp_path, "run", str(tmp_path / "none.toml")), 2, "no scene file at")
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n[[slot]\n")
    one_line_error(await cli(tmp_path, "run", str(broken)), 2, "cannot use the scene file")
    assert not list(tmp_path.glob("broken-new-*"))  # nothing written beside it


async def test_run_headless_runs_the_behaviours(tmp_path: Path, demo: DemoServer):
    path = scene(tmp_path, demo.url("/feed"))
    path.write_text(
        path.read_text() + '[[component]]\nslot = "Root/Demo/Client1"\ntype = "SendOnConnect"\n'
        'Data = \'{"op": "subscribe", "channel": "ticker", "id": {{n}}}\'\n'
    )
    args = ["run", str(path), "--allow", f"127.0.0.1:{demo.port}", "--jsonl", "--until", "recv ~ subscribed"]
    finished = await cli(tmp_path, *args, "--duration", "10")
    assert finished.status == 0, finished
    events = [json.loads(line) for line in finished.out.splitlines()]
    sent = next(e for e in events if e["event"] == "send")
    assert sent["by"] == "Root/Demo/Client1/SendOnConnect"
    assert sent["data"] == '{"op": "subscribe", "channel": "ticker", "id": 1}'

"""Regressions for defects found in review: each test fails without its fix."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from app.model import WebsocketClient
from app.net.connections import SceneConnections
from app.net.events import Event
from app.net.host_access import HostAccess, host_key
from app.net.log_buffer import LogBuffer
from app.net.recording import read_recording
from app.net.worker import ConnectionWorker, WorkerOptions
from app.store.scene_file import SceneFileError, read_scene
from app.ui.log_format import describe, event_segments
from app.ui.log_view import LogView
from app.ui.safe_text import escape_controls
from tests import rawserver
from tests.conftest import LOCAL, echo, make_client, wait_until
from tests.test_hostile_content import unsafe
from tests.test_worker import granted
from tests.ui_helpers import app_with_scene


def test_every_field_of_a_recorded_event_is_escaped():
    from rich.style import Style

    from app.ui.log_format import LogPalette

    palette = LogPalette(*[Style()] * 9)
    hostile = "\x1b]52;c;ZXZpbA==\x07\x1b[2J"
    events = [
        Event("Root/A/WebsocketClient", hostile, {"reason": "x"}, 1.0),
        Event("Root/A/WebsocketClient", "disconnected", {"by": hostile, "code": hostile}, 1.0),
        Event("Root/A/WebsocketClient", "host_access", {"host": "h", "decision": hostile, "reason": hostile}, 1.0),
        Event("Root/A/WebsocketClient", "retry", {"attempt": hostile, "reason": hostile}, 1.0),  # no delay_s
        Event("Root/A/WebsocketClient", "error", {"reason": "r", "repeat": 2}, 1.0),  # no last_ts
        Event(hostile, "recv", {"type": "text", "data": hostile, "size": "big"}, 1e300),
    ]
    for event in events:
        text = "".join(segment.text for segment in event_segments(event, palette, "00:00:00.000"))
        assert unsafe(text) == [], repr(text)
        assert unsafe(describe(event)) == []


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"ts": 1, "client": "a", "event": "recv", "type": "text", "data": "x", "size": "big"}', "'size'"),
        ('{"ts": 1, "client": "a", "event": "recv", "type": "text", "data": "x", "size": null}', "'size'"),
        ('{"ts": 1e400, "client": "a", "event": "recv"}', "'ts' is not a time"),
        ('{"ts": -5, "client": "a", "event": "recv"}', "'ts' is not a time"),
        ('{"ts": 1, "client": "a", "event": "send", "type": "text", "data": 5, "size": 1}', "needs 'type'"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["size-text", "size-null", "ts-huge", "ts-negative", "data-not-text", "deep-nesting"],
)
def test_bad_recording_lines_are_reported_not_raised(tmp_path: Path, line: str, problem: str):
    path = tmp_path / "r.jsonl"
    good = json.dumps({"ts": 2.0, "client": "a", "event": "connected", "url": "ws://x"})
    path.write_text(line + "\n" + good + "\n")
    loaded = read_recording(path)
    assert len(loaded.events) == 1
    assert problem in loaded.problems[0]


def test_user_names_with_control_characters_are_refused(tmp_path: Path):
    path = tmp_path / "scene.toml"
    path.write_text('users = ["\\u001b]52;c;x\\u001b\\\\Guest"]\n')
    with pytest.raises(SceneFileError, match="printable names"):
        read_scene(path, local_user="me")


def test_slot_names_with_spaces_at_an_end_are_reported(tmp_path: Path):
    path = tmp_path / "scene.toml"
    path.write_text('[[component]]\nslot = "Root/Chat "\ntype = "WebsocketClient"\n')
    with pytest.raises(SceneFileError, match="spaces at an end"):
        read_scene(path, local_user="me")


async def test_markup_in_user_names_and_client_paths_cannot_crash_the_app(paths):
    from app.ui.hierarchy import HierarchyPane

    app = app_with_scene(
        paths,
        'users = ["[/x]", "[b]G[/b]"]\n[[component]]\nslot = "Root/[b]x"\ntype = "WebsocketClient"\n'
        'HandlingUser = "[/x]"\n',
    )
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(HierarchyPane).select(app.session.scene.find_slot("Root/[b]x"))
        await wait_until(lambda: app.slot_panel.slot.path == "Root/[b]x")
        await pilot.pause()
        app.session.sink.emit(Event("Root/[b]x/WebsocketClient", "recv", {"type": "text", "data": "m", "size": 1}))
        await pilot.press("ctrl+f")
        await pilot.pause(0.2)
        app.query_one("#filter-client").value = "Root/[b]x/WebsocketClient"
        await pilot.pause(0.2)
        assert app.is_running
        assert app.query_one(LogView).row_count == 1


def test_the_ring_holds_a_bounded_number_of_bytes():
    buffer = LogBuffer(limit=100_000, max_bytes=1000)
    for _n in range(50):
        buffer.append(Event("c", "recv", {"type": "text", "data": "x" * 300, "size": 300}))
    assert len(buffer) == 3
    assert buffer.bytes == 900
    assert buffer.total == 50


def test_a_fold_whose_entry_left_the_ring_starts_again():
    buffer = LogBuffer(limit=3)
    failure = {"reason": "connection refused"}
    buffer.append(Event("A", "error", dict(failure)))
    for n in range(5):
        buffer.append(Event("B", "recv", {"type": "text", "data": str(n), "size": 1}))
    buffer.append(Event("A", "error", dict(failure)))
    assert [(e.client, e.event) for e in buffer.entries][-1] == ("A", "error")


async def test_cancelled_twice_while_closing_still_reports_the_disconnect(events):
    async def deaf(reader, writer):
        await rawserver.accept_upgrade(reader, writer)
        await asyncio.sleep(30)  # never answers the close frame

    server, url = await rawserver.start(deaf)
    _scene, client = make_client(url, interval=5)
    access = granted(url)
    access.grant_for_run(host_key("ws://127.0.0.1:9/"))
    worker = ConnectionWorker(client, events, access, WorkerOptions(close_timeout=2))
    worker.start()
    await events.wait_for("connected")
    client.set("Enabled", False)
    await asyncio.sleep(0.1)  # now waiting for the close handshake
    client.set("URL", "ws://127.0.0.1:9/")  # a second cancellation
    await events.wait_for("disconnected", timeout=3)
    assert client["IsConnected"] is False
    await worker.stop()
    server.close()


async def test_redirects_between_two_hosts_do_not_spin(ws_server, events):
    state: dict[str, str] = {}
    counts = {"a": 0, "b": 0}

    def to(target: str, name: str):
        def redirect(connection, request):
            counts[name] += 1
            response = connection.respond(302, "moved\n")
            response.headers["Location"] = state[target]
            return response

        return redirect

    a = await ws_server(echo, process_request=to("b", "a"))
    b = await ws_server(echo, process_request=to("a", "b"))
    state["a"], state["b"] = a.url("/"), f"ws://localhost:{b.port}/"
    _scene, client = make_client(a.url("/"), interval=10)
    access = HostAccess()
    access.grant_for_run(host_key(state["a"]))
    access.grant_for_run(host_key(state["b"]))
    worker = ConnectionWorker(client, events, access)
    worker.start()
    retry = await events.wait_for("retry")
    assert "redirects to other hosts" in retry.extra["reason"]
    await asyncio.sleep(0.5)
    assert counts["a"] + counts["b"] < 20
    await worker.stop()


async def test_a_send_the_server_never_takes_is_a_send_error(events):
    async def not_reading(reader, writer):
        await rawserver.accept_upgrade(reader, writer)
        while True:
            writer.write(rawserver.frame(0x9, b"alive"))  # keeps the idle timeout away
            await writer.drain()
            await asyncio.sleep(0.1)

    server, url = await rawserver.start(not_reading)
    _scene, client = make_client(url, interval=5)
    worker = ConnectionWorker(client, events, granted(url), WorkerOptions(send_timeout=0.5))
    worker.start()
    await events.wait_for("connected")
    assert await worker.send("x" * (16 * 1024 * 1024)) is False
    assert "did not take the message" in events.of("send_error")[0].extra["reason"]
    assert not events.of("send")
    await worker.stop()
    server.close()


async def test_removing_the_first_of_two_clients_renames_the_second_workers_path(events):
    scene, first = make_client("")
    second = WebsocketClient()
    first.slot.attach_component(second)
    connections = SceneConnections(scene, events, HostAccess())
    connections.start()
    assert connections.worker_for(second).path.endswith("WebsocketClient#2")
    first.slot.remove_component(first)
    await asyncio.sleep(0.05)
    assert connections.worker_for(second).path == "Root/Chat/WebsocketClient"
    await connections.stop()


async def test_clicking_the_first_row_selects_the_first_entry(paths):
    from app.session import Session, SessionConfig
    from app.ui.app import InspectorApp

    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=(120, 40)) as pilot:
        for n in range(3):
            app.session.sink.emit(Event("Root/A/WebsocketClient", "recv", {"type": "text", "data": f"m{n}", "size": 2}))
        await pilot.pause(0.1)
        log = app.query_one(LogView)
        await pilot.click(LogView, offset=(20, 1))  # row 0 of the content, under the top border
        assert log.cursor == 0
        assert escape_controls(log.event_at(0).extra["data"]) == "m0"


def test_a_recordings_size_fields_cannot_empty_the_log_or_lift_its_byte_cap(paths, tmp_path: Path):
    """The ring measures what each entry holds; a `size` field in a file could say anything."""
    from app.net.log_buffer import DEFAULT_MAX_BYTES
    from app.session import Session, SessionConfig

    client = "Root/A/WebsocketClient"
    lines = [
        {"ts": 1.0 + i, "client": client, "event": "recv", "type": "text", "data": f"m{i}", "size": 2} for i in range(5)
    ]
    lines.append(
        {"ts": 10.0, "client": client, "event": "recv", "type": "text", "data": "x", "size": DEFAULT_MAX_BYTES + 1}
    )
    lines.append({"ts": 11.0, "client": client, "event": "connected", "url": "ws://h/", "size": -(10**12)})
    recording = tmp_path / "r.jsonl"
    recording.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    session = Session(SessionConfig(paths=paths, local_user=LOCAL, open_recording=recording))
    assert len(session.log) == 7
    assert session.log.bytes == sum(len(f"m{i}") for i in range(5)) + 1

"""Hostile messages: shown literally, control characters escaped, nothing run, bytes kept exactly."""

from __future__ import annotations

import json

from textual.widgets import Static

from app.log.events import Event
from app.log.recording import read_recording, to_jsonl
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.log.detail_screen import DetailScreen
from app.ui.log.format import describe, event_segments
from app.ui.log.view import LogView
from app.ui.safe_text import escape_controls
from tests.helpers.common import LOCAL, wait_until
from tests.helpers.ui import answer_host_access, app_with_scene, unsafe

SIZE = (120, 40)

HOSTILE = [
    "[@click=app.quit]click me[/]",
    "[b]bold?[/b] [$accent]accent?[/] [link=https://evil.example]link[/link]",
    "\x1b[2J\x1b[H screen cleared?",
    "\x1b[31mred?\x1b[0m and \x1b]0;title\x07",
    "\x1b]52;c;ZXZpbA==\x07 clipboard write",
    "\x9b31m C1 CSI \x85 NEL \x07 bell",
    "zero\u200bwidth \u202eright-to-left\u202c \u2066isolate\u2069 \ufeffbom",
]


def test_escape_controls_leaves_nothing_unsafe():
    for text in [*HOSTILE, "".join(chr(c) for c in range(0x00, 0xA0)), "\ud800 surrogate"]:
        shown = escape_controls(text)
        assert unsafe(shown) == [], repr(shown)
    assert escape_controls("\x1b[2J\u202e") == "\\x1b[2J\\u202e"
    assert escape_controls("a\nb", keep_newlines=True) == "a\nb"


async def run_with_messages(paths, ws_server, messages: list[str | bytes]):
    async def sender(ws):
        for message in messages:
            await ws.send(message)
        await ws.wait_closed()

    server = await ws_server(sender)
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, url=server.url(), retry_interval=60)))
    return app


async def test_hostile_text_is_shown_literally_and_runs_nothing(paths, ws_server):
    app = await run_with_messages(paths, ws_server, HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        await wait_until(lambda: sum(e.event == "recv" for e in session.log.entries) == len(HOSTILE))
        await pilot.pause(0.2)
        log = app.query_one(LogView)
        lines = [log.render_line(y).text for y in range(log.size.height)]
        screen_text = "\n".join(lines)
        for line in lines:
            assert unsafe(line) == [], repr(line)
        assert "[@click=app.quit]click me[/]" in screen_text
        assert "[$accent]accent?[/]" in screen_text
        assert "\\x1b[2J\\x1b[H screen cleared?" in screen_text
        assert "\\x1b]52;c;ZXZpbA==\\x07" in screen_text
        assert "\\u202eright-to-left" in screen_text
        # clicking the markup row runs nothing: the app keeps going
        row = next(i for i, line in enumerate(lines) if "click me" in line)
        await pilot.click(LogView, offset=(60, row))
        await pilot.click(LogView, offset=(60, row))
        await pilot.pause(0.2)
        assert app.is_running
        assert app.return_code is None
        # the detail view shows it escaped too
        log.focus()
        log.window.select(row + int(log.scroll_y))
        await pilot.press("enter")
        await wait_until(lambda: isinstance(app.screen, DetailScreen))
        detail = str(app.screen.query_one("#detail-content", Static).render())
        assert "[@click=app.quit]click me[/]" in detail
        assert unsafe(detail.replace("\n", "")) == []
        await pilot.press("escape")
        # and an export keeps the exact text
        exported = [json.loads(line) for line in to_jsonl(session.log.entries).decode().splitlines()]
        assert [e["data"] for e in exported if e["event"] == "recv"] == HOSTILE


async def test_a_line_of_100000_characters_is_one_truncated_row(paths, ws_server, tmp_path):
    huge = "".join(chr(0x41 + n % 26) for n in range(100_000))
    app = await run_with_messages(paths, ws_server, [huge, "after"])
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        await wait_until(lambda: sum(e.event == "recv" for e in session.log.entries) == 2)
        await pilot.pause(0.2)
        log = app.query_one(LogView)
        lines = [log.render_line(y).text for y in range(log.size.height)]
        big = [line for line in lines if "text 100000 B" in line]
        assert len(big) == 1
        assert len(big[0]) <= SIZE[0]
        assert any("after" in line for line in lines)
        path = tmp_path / "huge.jsonl"
        path.write_bytes(to_jsonl(session.log.entries))
        assert read_recording(path).events[-2].extra["data"] == huge


async def test_invalid_utf8_in_binary_frames_is_hex_and_kept_exactly(paths, ws_server, tmp_path):
    payload = b"caf\xe9 \xff\xfe\x00\x1b[2J"
    app = await run_with_messages(paths, ws_server, [payload])
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        await wait_until(lambda: any(e.event == "recv" for e in session.log.entries))
        await pilot.pause(0.2)
        log = app.query_one(LogView)
        lines = [log.render_line(y).text for y in range(log.size.height)]
        assert any(f"binary {len(payload)} B  {payload.hex(' ')}" in line for line in lines)
        path = tmp_path / "bin.jsonl"
        path.write_bytes(to_jsonl(session.log.entries))
        assert read_recording(path).events[-1].extra["data"] == payload


def test_recordings_are_ascii_so_cat_cannot_drive_the_terminal(tmp_path):
    from app.log.events import Event
    from app.log.recorder import Recorder

    events = [Event("Root/A/WebsocketClient", "recv", {"type": "text", "data": text, "size": 1}) for text in HOSTILE]
    exported = to_jsonl(events)
    recorder = Recorder(tmp_path / "rec.jsonl")
    for event in events:
        recorder.write(event)
    recorder.close()
    recorded = (tmp_path / "rec.jsonl").read_bytes()
    for data in (exported, recorded):
        assert data.isascii()
        assert data.count(b"\n") == len(HOSTILE)  # one line per event, whatever the text held
        assert [json.loads(line)["data"] for line in data.splitlines()] == HOSTILE


async def test_markup_in_a_scene_file_is_shown_literally(paths):
    from app.ui.dialogs.host_access_screen import HostAccessDialog
    from app.ui.inspector.hierarchy import HierarchyPane

    app = app_with_scene(
        paths,
        '[[component]]\nslot = "Root/[b]Bold [@click=app.quit]slot"\ntype = "WebsocketClient"\n'
        'URL = "ws://127.0.0.1:9/"\nAccessReason = "[@click=app.quit]Allow me[/] \\u001b[2J\\u202e"\n',
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: isinstance(app.screen, HostAccessDialog))
        reasons = str(app.screen.query_one("#dialog-reasons", Static).render())
        assert "Reason: [@click=app.quit]Allow me[/] \\x1b[2J\\u202e" in reasons
        assert "Asked by: Root/[b]Bold [@click=app.quit]slot/WebsocketClient" in reasons
        await answer_host_access(pilot, "d")
        await pilot.pause()
        tree = app.query_one(HierarchyPane).tree
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["[b]Bold [@click=app.quit]slot"]
        assert app.is_running


def test_every_field_of_a_recorded_event_is_escaped():
    from rich.style import Style

    from app.ui.log.format import LogPalette

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


async def test_markup_in_user_names_and_client_paths_cannot_crash_the_app(paths):
    from app.ui.inspector.hierarchy import HierarchyPane

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

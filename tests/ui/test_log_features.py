"""Working with the log: filter bar, detail view, statistics, export and --open-recording."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections import Counter

from textual.widgets import Input, Label, Static

from app.log.events import Event
from app.log.recording import read_recording, to_jsonl
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.log.detail_screen import DetailScreen, hex_dump, pretty_json
from app.ui.log.export_screen import ExportScreen
from app.ui.log.stats_screen import StatsScreen
from app.ui.log.view import LogView
from app.ui.safe_text import escape_controls
from app.ui.send.send_bar import SendBar
from tests.helpers.common import LOCAL, hang_guard, wait_until
from tests.helpers.ui import url_app

SIZE = (120, 40)
A, B = "Root/A/WebsocketClient", "Root/B/WebsocketClient"


def sample_events() -> list[Event]:
    events = []
    for n in range(300):
        client = A if n % 2 else B
        events.append(
            Event(
                client,
                "recv",
                {"type": "text", "data": json.dumps({"n": n, "even": n % 2 == 0}), "size": 20},
                1000.0 + n,
            )
        )
    events.append(Event(A, "recv", {"type": "binary", "data": bytes(range(40)), "size": 40}, 1400.0))
    events.append(Event(A, "send", {"type": "text", "data": "hello", "size": 5}, 1401.0))
    events.append(Event(A, "disconnected", {"by": "server", "code": 1000, "reason": ""}, 1402.0))
    return events


def feed(app: InspectorApp, events: list[Event]) -> None:
    for event in events:
        app.session.sink.emit(event)


async def with_filter_bar(pilot) -> LogView:
    """The sample entries in the log, the filter bar open."""
    feed(pilot.app, sample_events())
    await pilot.pause(0.3)
    await pilot.press("ctrl+f")
    return pilot.app.query_one(LogView)


def filter_count(app: InspectorApp) -> str:
    return str(app.query_one("#filter-count", Label).render())


async def test_filter_bar_text_regex_client_and_count(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        log = await with_filter_bar(pilot)
        await pilot.press(*'"n": 29')
        await pilot.pause(0.3)
        assert log.row_count == 11  # 29 and 290..299
        assert "11 of 303" in str(app.query_one("#filter-count", Label).render())
        # a regular expression; an invalid one keeps the last good filter and says so
        await pilot.click("#filter-regex")
        await pilot.pause(0.3)
        text = app.query_one("#filter-text", Input)
        text.value = r'"n": 2\d\d,'
        await pilot.pause(0.3)
        assert log.row_count == 100
        text.value = r'"n": (2'
        await pilot.pause(0.3)
        assert log.row_count == 100
        assert "not a valid regular expression" in str(app.query_one("#filter-error", Static).render())
        text.value = ""
        app.query_one("#filter-client").value = A
        await pilot.pause(0.3)
        assert log.row_count == 153
        app.query_one("#filter-direction").value = "sent"
        await pilot.pause(0.3)
        assert [e.extra["data"] for e in log.shown_events()] == ["hello"]
        # new entries are filtered live
        feed(app, [Event(A, "send", {"type": "text", "data": "later", "size": 5}, 1500.0)])
        await pilot.pause(0.3)
        assert [e.extra["data"] for e in log.shown_events()] == ["hello", "later"]
        app.query_one("#filter-direction").value = ""
        app.query_one("#filter-kind").value = "disconnected"
        await pilot.pause(0.3)
        assert log.row_count == 1


async def test_detail_view_json_and_binary(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        feed(app, sample_events())
        await pilot.pause(0.1)
        log = app.query_one(LogView)
        log.focus()
        await pilot.press("up", "up", "up")  # the binary message
        await pilot.press("enter")
        await wait_until(lambda: isinstance(app.screen, DetailScreen))
        content = str(app.screen.query_one("#detail-content", Static).render())
        assert "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|" in content
        await pilot.press("c")
        assert app.clipboard == bytes(range(40)).hex(" ")
        await pilot.press("escape")
        await pilot.press("up", "enter")
        await wait_until(lambda: isinstance(app.screen, DetailScreen))
        assert app.screen.event.extra["data"] == json.dumps({"n": 299, "even": False})


def test_pretty_json_and_hex_dump_helpers():
    assert pretty_json('{"a": [1, 2], "s": "x\\u202ey"}') == '{\n  "a": [\n    1,\n    2\n  ],\n  "s": "x\\u202ey"\n}'
    assert pretty_json("not json") is None
    assert pretty_json("[1,") is None
    assert hex_dump(b"AB\x00") == "00000000  " + "41 42 00  ".ljust(48) + "  |AB.|"
    assert hex_dump(bytes(16)).index("|") == hex_dump(b"A").index("|")  # columns line up


async def test_statistics_against_a_known_rate(ws_server, paths):
    async def steady(ws):
        loop = asyncio.get_running_loop()
        start = loop.time()
        for n in range(100):  # 50 messages a second on an absolute schedule, for two seconds
            await asyncio.sleep(max(0.0, start + n * 0.02 - loop.time()))
            await ws.send(f"m{n:04d}")
        await ws.wait_closed()

    server = await ws_server(steady)
    app = url_app(paths, server.url())
    session = app.session
    async with app.run_test(size=SIZE) as pilot:
        client = next(session.scene.components())
        await wait_until(lambda: sum(e.event == "recv" for e in session.log.entries) >= 100, timeout=10)
        received = [e for e in session.log.entries if e.event == "recv"]
        stats = session.stats.clients[client.path]
        assert (stats.received.messages, stats.received.bytes) == (100, 500)
        assert stats.connects == 1 and stats.reconnects == 0
        per_second = {second: count for second, count, _size in stats.received.per_second}
        assert per_second == dict(Counter(int(e.ts) for e in received))
        span = received[-1].ts - received[0].ts
        assert 1.5 < span < 4, span  # about two seconds: the rate is 50/s, give or take a busy machine
        await pilot.press("f8")
        await wait_until(lambda: isinstance(app.screen, StatsScreen))
        await pilot.pause(0.6)
        figures = str(app.screen.query_one(".stats-figures", Static).render())
        assert "total ↓ 100 msg, 500 B" in figures
        assert "idle timeout in" in figures


async def test_export_then_open_recording_gives_the_same_entries(paths, tmp_path):
    out = tmp_path / "export.jsonl"
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        feed(app, sample_events())
        await pilot.pause(0.1)
        await pilot.press("ctrl+f", *"even")
        await pilot.pause(0.3)
        await pilot.press("f9")
        await wait_until(lambda: isinstance(app.screen, ExportScreen))
        path_input = app.screen.query_one(Input)
        path_input.value = str(out)
        await pilot.press("enter")
        await wait_until(out.exists)
        shown = [e.to_record() for e in app.query_one(LogView).shown_events()]
    assert len(shown) == 300
    assert [json.loads(line) for line in out.read_text().splitlines()] == shown
    viewer = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, open_recording=out)))
    async with viewer.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert [e.to_record() for e in viewer.session.log.entries] == shown
        assert viewer.session.connections.workers == {}
        assert not viewer.query("#main") and not viewer.query(SendBar)  # a viewer: no inspector, no send bar
        assert viewer.session.stats.clients[A].received.messages == 150


def test_binary_round_trips_through_a_recording(tmp_path):
    events = sample_events()
    path = tmp_path / "r.jsonl"
    path.write_bytes(to_jsonl(events))
    loaded = read_recording(path)
    assert loaded.problems == []
    assert [e.to_record() for e in loaded.events] == [e.to_record() for e in events]
    assert loaded.events[300].extra["data"] == bytes(range(40))


async def test_a_malformed_recording_line_is_reported_and_skipped(paths, tmp_path):
    path = tmp_path / "broken.jsonl"
    good = to_jsonl(sample_events()[:3]).decode().splitlines()
    path.write_text("\n".join([good[0], "{not json", good[1], '{"ts": "x", "client": "a", "event": "recv"}', good[2]]))
    loaded = read_recording(path)
    assert len(loaded.events) == 3
    assert loaded.problems[0].startswith("line 2: not JSON")
    assert loaded.problems[1] == "line 4: 'ts' is missing or not a number"
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, open_recording=path)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        notice = str(app.query_one("#notice", Static).render())
        assert "skipped 2 malformed lines: line 2: not JSON" in notice
        assert sum(e.event == "recv" for e in app.session.log.entries) == 3


def test_open_recording_of_a_missing_file_exits_1(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "app", "--open-recording", str(tmp_path / "nope.jsonl")],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 1
    assert "cannot read" in result.stderr and "Traceback" not in result.stderr


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


async def test_a_regex_filter_too_slow_for_a_message_never_freezes_the_app(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        log = await with_filter_bar(pilot)
        await pilot.click("#filter-regex")
        app.query_one("#filter-text", Input).value = r"(\w+\s?)+$"
        await pilot.pause(0.3)
        shown = log.row_count
        assert shown > 0  # every row ends in a word (the row words are searched too), so all may match
        with hang_guard(20):  # a server sends what the expression cannot search in time
            huge = "a" * 50_000 + "!"
            feed(app, [Event(A, "recv", {"type": "text", "data": huge, "size": len(huge)})])
            await wait_until(lambda: "the text is not searched" in filter_count(app))
        assert log.row_count == 304  # the text dropped, the other parts of the filter kept
        assert "took over 20 ms on one message" in filter_count(app)
        app.query_one("#filter-text", Input).value = "hello"  # a new filter: the notice goes
        await pilot.pause(0.3)
        assert "not searched" not in filter_count(app)

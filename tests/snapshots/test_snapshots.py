"""Snapshots of the main screens at 120x40, with nothing on screen that changes between runs."""

from __future__ import annotations

import os
import time

import pytest

from app.log.events import Event
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.dialogs.host_access_screen import HostAccessDialog
from app.ui.inspector.field_row import FieldRow
from tests.helpers.common import LOCAL, wait_until
from tests.helpers.ui import select_slot

SIZE = (120, 40)
T0 = 1_790_000_000.0  # a fixed moment, shown in UTC

SCENE = """\
format = 1
users = ["Host", "Guest"]

[[slot]]
path = "Root/Lobby/Chat"

[[slot]]
path = "Root/Lobby/Off"
active = false

[[slot]]
path = "Root/Tools"

[[component]]
slot = "Root/Lobby/Chat"
type = "WebsocketClient"
AccessReason = "Chat relay for the lobby screen"
ConnectRetryInterval = 2.0

[[component]]
slot = "Root/Tools"
type = "WebsocketClient"
URL = "ws://127.0.0.1:9/tools"
HandlingUser = "Guest"
"""


@pytest.fixture(autouse=True)
def utc():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def make_app(paths, scene: str = SCENE) -> InspectorApp:
    paths.scene_file.parent.mkdir(parents=True, exist_ok=True)
    paths.scene_file.write_text(scene)
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    app.session.scene.root.add_child("Scratch", persistent=False)
    return app


def fixed_log(app: InspectorApp, events: list[Event]) -> None:
    app.main_screen.action_clear_log()
    for event in events:
        app.session.log.append(event)


def test_inspector_main_screen(snap_compare, paths):
    app = make_app(paths)

    async def before(pilot):
        await select_slot(pilot, "Root/Lobby/Chat")
        fixed_log(
            app,
            [
                Event("Root/Tools/WebsocketClient", "error", {"reason": "not connecting: handled by Guest"}, T0),
            ],
        )
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_refused_edit(snap_compare, paths):
    app = make_app(paths)

    async def before(pilot):
        await select_slot(pilot, "Root/Lobby/Chat")
        field = next(r for r in app.slot_panel.query(FieldRow) if r.spec.name == "URL")
        editor = field.query_one("Input")
        editor.focus()
        editor.value = "http://example.com/chat"
        await pilot.press("enter")
        fixed_log(app, [])
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_host_access_dialog(snap_compare, paths):
    app = make_app(paths)

    async def before(pilot):
        await select_slot(pilot, "Root/Lobby/Chat")
        client = app.session.scene.find_component("Root/Lobby/Chat/WebsocketClient")
        client.set("URL", "ws://127.0.0.1:9/chat")
        await wait_until(lambda: isinstance(app.screen, HostAccessDialog))
        fixed_log(app, [])
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


MARKUP = "[@click=app.quit]click me[/] [b]bold?[/b]"
ESCAPES = "\x1b[2J\x1b]52;c;aGk=\x07 gone? \u202eevil"


def test_log_with_traffic_and_hostile_text(snap_compare, paths):
    app = make_app(paths)
    client = "Root/Lobby/Chat/WebsocketClient"
    events = [
        Event(client, "connecting", {"url": "ws://127.0.0.1:9000/chat", "attempt": 1}, T0),
        Event(client, "connected", {"url": "ws://127.0.0.1:9000/chat"}, T0 + 0.012),
        Event(client, "recv", {"type": "text", "data": '{"hello": "world", "n": [1, 2]}', "size": 31}, T0 + 0.5),
        Event(client, "recv", {"type": "text", "data": MARKUP, "size": 42}, T0 + 1),
        Event(client, "recv", {"type": "text", "data": ESCAPES, "size": 30}, T0 + 2),
        Event(client, "recv", {"type": "binary", "data": bytes(range(20)), "size": 20}, T0 + 3),
        Event(client, "send", {"type": "text", "data": "hi", "size": 2}, T0 + 4),
        Event(client, "disconnected", {"by": "server", "code": 4000, "reason": "bye [red]now[/]"}, T0 + 5),
        Event(client, "retry", {"attempt": 2, "delay_s": 2.0, "reason": "closed by the server (4000)"}, T0 + 5),
        Event(client, "timeout", {"idle_s": 60.0}, T0 + 70),
        Event(client, "send_error", {"reason": "not connected"}, T0 + 71),
    ]

    async def before(pilot):
        await select_slot(pilot, "Root/Lobby/Chat")
        fixed_log(app, events)
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def detail_app(paths, event: Event) -> InspectorApp:
    app = make_app(paths)

    async def before(pilot):
        fixed_log(app, [event])
        await pilot.pause(0.1)
        app.query_one("LogView").focus()
        await pilot.press("up", "enter")
        await wait_until(lambda: app.screen.__class__.__name__ == "DetailScreen")
        await pilot.pause(0.1)

    return app, before


def test_detail_json(snap_compare, paths):
    data = '{"user": {"name": "Ada", "tags": ["a", "b"]}, "evil": "\\u202e[b]x[/b]", "n": 1.5, "ok": true}'
    app, before = detail_app(
        paths, Event("Root/Lobby/Chat/WebsocketClient", "recv", {"type": "text", "data": data, "size": len(data)}, T0)
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_detail_hex(snap_compare, paths):
    data = b"GET / HTTP/1.1\r\n\x00\x01\x02\xff\xfe" + bytes(range(40))
    app, before = detail_app(
        paths, Event("Root/Lobby/Chat/WebsocketClient", "recv", {"type": "binary", "data": data, "size": len(data)}, T0)
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=before)

"""The real Textual app, driven by Pilot, against real loopback servers."""

from __future__ import annotations

import json

from textual.widgets import Checkbox, Input, Static

from app.model import WebsocketClient
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.dialogs.host_access_screen import HostAccessDialog
from app.ui.inspector.attach_component_screen import ComponentPicker
from app.ui.inspector.field_row import FieldRow
from app.ui.inspector.hierarchy import HierarchyPane
from app.ui.inspector.status_words import state_words
from tests.helpers.common import LOCAL, echo, wait_until
from tests.helpers.ui import answer_host_access, field_row, type_into

SIZE = (120, 40)


row = field_row


async def attach_client(pilot) -> None:
    """F4 opens the Attach Component picker; Enter takes the highlighted type."""
    await pilot.press("f4")
    await wait_until(lambda: isinstance(pilot.app.screen, ComponentPicker))
    await pilot.press(*"websocket", "enter")
    await wait_until(lambda: any(True for _ in pilot.app.query(FieldRow)))
    await pilot.pause()


async def test_type_a_url_allow_and_see_is_connected(ws_server, paths):
    server = await ws_server(echo)
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await wait_until(lambda: app.slot_panel.slot.name == "Slot")
        await attach_client(pilot)
        url_input = row(app, "URL").query_one(Input)
        await type_into(pilot, url_input, server.url("/ui"))
        await wait_until(lambda: isinstance(app.screen, HostAccessDialog))
        dialog = app.screen
        assert "Target Host: 127.0.0.1:" in str(dialog.query_one("#dialog-host", Static).render())
        await answer_host_access(pilot, "a")
        client = app.session.scene.find_component("Root/Slot/WebsocketClient")
        assert isinstance(client, WebsocketClient)
        await wait_until(lambda: client["IsConnected"])
        await pilot.pause(0.1)
        indicator = row(app, "IsConnected").query_one(".field-indicator", Static)
        assert "● connected" in str(indicator.render())
        assert server.connections[0].request.path == "/ui"
        assert app.session.access.remembered == [f"127.0.0.1:{server.port}"]
    settings = paths.settings_file.read_text()
    assert f"127.0.0.1:{server.port}" in settings


async def test_refused_edit_shows_why_and_escape_reverts(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        await attach_client(pilot)
        interval = row(app, "ConnectRetryInterval")
        await type_into(pilot, interval.query_one(Input), "1e400")
        assert interval.has_class("-refused")
        assert "finite" in str(interval.query_one(".field-error", Static).render())
        client = interval.component
        assert client["ConnectRetryInterval"] == 10.0
        await pilot.press("escape")
        await pilot.pause()
        assert interval.query_one(Input).value == "10.0"
        assert not interval.has_class("-refused")
        url = row(app, "URL")
        url.query_one(Input).focus()
        await pilot.press(*"http://x")
        await pilot.pause()
        assert "ws:// or wss://" in str(url.query_one(".field-error", Static).render())
        assert client["URL"] == ""


async def test_enabled_checkbox_acts_on_the_connection(ws_server, paths):
    server = await ws_server(echo)
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, url=server.url("/cli"))))
    async with app.run_test(size=SIZE) as pilot:
        client = next(app.session.scene.components())
        await wait_until(lambda: client["IsConnected"])
        slot = client.slot
        assert slot is not None and not slot.persistent
        app.query_one(HierarchyPane).select(slot)
        await wait_until(lambda: app.slot_panel.slot is slot)
        await pilot.pause()
        enabled = row(app, "Enabled").query_one(Checkbox)
        await pilot.click(enabled)
        await wait_until(lambda: not client["IsConnected"])
        assert state_words(app.session.connections.worker_for(client).state) == "disabled"


async def test_recording_has_spec_keys(ws_server, paths, tmp_path):
    server = await ws_server(echo)
    record = tmp_path / "rec.jsonl"
    session = Session(SessionConfig(paths=paths, local_user=LOCAL, url=server.url("/r"), record=record))
    app = InspectorApp(session)
    async with app.run_test(size=SIZE):
        client = next(session.scene.components())
        await wait_until(lambda: client["IsConnected"])
        worker = session.connections.worker_for(client)
        await worker.send("hi")
        await worker.send(b"\x00\x01")
        await wait_until(lambda: sum(e.event == "recv" for e in session.log.entries) == 2)
    lines = [json.loads(line) for line in record.read_text().splitlines()]
    for entry in lines:
        assert {"ts", "client", "event"} <= entry.keys()
        assert isinstance(entry["ts"], float)
    kinds = [e["event"] for e in lines]
    for kind in ("host_access", "connecting", "connected", "send", "recv", "disconnected"):
        assert kind in kinds
    binary = next(e for e in lines if e["event"] == "recv" and e["type"] == "binary")
    assert binary == {**binary, "data": "AAE=", "size": 2}
    assert lines[0]["client"] == "Root/Command line/WebsocketClient"


async def test_the_scene_survives_a_restart(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await wait_until(lambda: app.slot_panel.slot.name == "Slot")
        await attach_client(pilot)
        await type_into(pilot, row(app, "AccessReason").query_one(Input), "lobby [b]screen[/b]")
    again = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with again.run_test(size=SIZE):
        client = again.session.scene.find_component("Root/Slot/WebsocketClient")
        assert client is not None
        assert client["AccessReason"] == "lobby [b]screen[/b]"

"""The handshake through the real app: the HTTP exchange in the detail view, masked there, in the
recording and in an export; the subprotocol on the card; /ping, /close and the control-frame
toggle; the component's editors."""

from __future__ import annotations

import asyncio

from textual.widgets import Checkbox, Input, Static, TextArea

from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.inspector.attach_component_screen import ComponentPicker
from app.ui.inspector.component_card import ComponentCard
from app.ui.log.detail_screen import DetailScreen
from app.ui.log.export_screen import ExportScreen
from app.ui.log.view import LogView
from app.ui.send.send_bar import SendBar
from tests.helpers.common import LOCAL, closes_into, echo, wait_until
from tests.helpers.ui import app_with_scene, chat_client, connected_client, select_slot, url_app

SIZE = (140, 45)
TOKEN = "tok-0123456789-abcd"
KEY = "key-from-env-5678"


def scene_text(url: str) -> str:
    return (
        chat_client(url)
        + f"""
[[component]]
slot = "Root/Chat"
type = "WebsocketHandshake"
Headers = [["X-Api-Key", "{{{{env:WSI_UI_KEY}}}}"], ["Accept-Language", "en"]]
Subprotocols = ["chat.v2", "chat.v1"]
Authorization = "bearer {TOKEN}"
"""
    )


def secrets_in(text: str) -> list[str]:
    return [s for s in (TOKEN, KEY) if s in text]


async def test_the_handshake_is_an_http_exchange_masked_everywhere(ws_server, paths, tmp_path, monkeypatch):
    monkeypatch.setenv("WSI_UI_KEY", KEY)
    server = await ws_server(echo, subprotocols=["chat.v1"])
    recording, export = tmp_path / "rec.jsonl", tmp_path / "export.jsonl"
    app = app_with_scene(paths, scene_text(server.url("/room")), grant=server.port, record=recording)
    session = app.session
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: any(e.event == "connected" for e in session.log.entries))
        assert server.connections[0].request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert server.connections[0].request.headers["X-Api-Key"] == KEY
        await select_slot(pilot, "Root/Chat")
        card = next(c for c in app.slot_panel.query(ComponentCard) if c.worker is not None)
        await wait_until(lambda: "subprotocol chat.v1" in str(card.query_one(".card-status", Static).render()))

        log = app.query_one(LogView)
        log.focus()
        shown_events = list(log.shown_events())
        connected = next(i for i, e in enumerate(shown_events) if e.event == "connected")
        await pilot.press("end", *["up"] * (len(shown_events) - 1 - connected), "enter")
        await wait_until(lambda: isinstance(app.screen, DetailScreen))
        shown = str(app.screen.query_one("#detail-content", Static).render())
        assert "→ GET /room HTTP/1.1" in shown and "← HTTP/1.1 101 Switching Protocols" in shown
        assert "Authorization: Bearer ••••abcd" in shown and "X-Api-Key: ••••5678" in shown
        assert "subprotocol: chat.v1" in shown
        assert secrets_in(shown) == []
        await pilot.press("escape")

        await pilot.press("f9")
        await wait_until(lambda: isinstance(app.screen, ExportScreen))
        app.screen.query_one(Input).value = str(export)
        await pilot.press("enter")
        await wait_until(export.exists)
    masked = '"Bearer \\u2022\\u2022\\u2022\\u2022abcd"'  # recordings are ASCII JSON
    assert secrets_in(export.read_text()) == [] and masked in export.read_text()
    assert secrets_in(recording.read_text()) == [] and "X-Api-Key" in recording.read_text()
    saved = paths.scene_file.read_text()
    assert "{{env:WSI_UI_KEY}}" in saved and KEY not in saved


async def test_ping_close_and_the_control_frame_toggle_from_the_send_bar(ws_server, paths):
    closed: list[tuple[int | None, str | None]] = []
    server = await ws_server(closes_into(closed))
    app = url_app(paths, server.url(), retry_interval=0.2)  # a short wait: the hold below is real
    session = app.session
    async with app.run_test(size=SIZE) as pilot:
        client = await connected_client(pilot)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Ping", "Close with a code", "Show control frames"} <= set(commands)
        bar = app.query_one(SendBar)
        bar.input.focus()
        await pilot.press(*"/ping hi", "enter")
        await wait_until(lambda: any(e.event == "pong" for e in session.log.entries))
        assert [e.event for e in session.log.entries if e.event in ("ping", "pong")] == ["pong"]
        pong = next(e for e in session.log.entries if e.event == "pong")
        assert pong.extra["data"] == "hi" and "rtt_ms" in pong.extra

        app.main_screen.action_toggle_control_frames()
        assert "Hide control frames" in [c.title for c in app.get_system_commands(app.screen)]
        await server.connections[0].ping(b"srv")
        await wait_until(lambda: any(e.event == "ping" for e in session.log.entries))
        bar.input.value = "/close 99"
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert bar.input.value == "/close 99" and client["IsConnected"]  # refused, nothing sent
        bar.input.value = "/close 4001 going home"
        await pilot.press("enter")
        await wait_until(lambda: not client["IsConnected"])
        await wait_until(lambda: closed == [(4001, "going home")])
        await wait_until(lambda: any(e.event == "close" for e in session.log.entries))
        close = next(e for e in session.log.entries if e.event == "close")
        assert (close.extra["direction"], close.extra["code"], close.extra["reason"]) == ("send", 4001, "going home")
        await asyncio.sleep(0.6)  # three retry intervals
        assert not client["IsConnected"]  # held until /connect


async def test_attach_the_component_and_edit_its_headers(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await wait_until(lambda: isinstance(app.screen, ComponentPicker))
        await pilot.press(*"handshake")
        await pilot.pause()
        picker = app.screen.query_one("#picker-list")
        assert "Network/WebsocketHandshake" in str(picker.get_option_at_index(0).prompt)
        await pilot.press("enter")
        slot = app.main_screen.selected_slot()
        await wait_until(lambda: any(c.TYPE_NAME == "WebsocketHandshake" for c in slot.components))
        handshake = slot.components[-1]
        await wait_until(lambda: bool(app.slot_panel.query(TextArea)))
        area = app.slot_panel.query_one(TextArea)
        area.focus()
        await pilot.press(*"X-One: 1", "enter", *"X-One: 2")
        await pilot.press("tab")
        await wait_until(lambda: handshake["Headers"] == (("X-One", "1"), ("X-One", "2")))
        area.focus()
        area.text = "Bad Name: x"
        await pilot.press("tab")
        await pilot.pause()
        row = next(r for r in app.slot_panel.query("FieldRow") if r.spec.name == "Headers")
        assert "not a valid header name" in str(row.query_one(".field-error", Static).render())
        assert handshake["Headers"] == (("X-One", "1"), ("X-One", "2"))
        area.focus()
        await pilot.press("escape")
        assert area.text == "X-One: 1\nX-One: 2"
        # the Authorization field shows bullets, not the token
        auth = next(r for r in app.slot_panel.query("FieldRow") if r.spec.name == "Authorization")
        handshake.set("Authorization", "bearer tok-visible-nowhere")
        await pilot.pause()
        assert auth.query_one(Input).password and "tok-visible" not in str(auth.query_one(Input).render())
        # TLS verification off is shown in warning colours, with words
        tls = next(r for r in app.slot_panel.query("FieldRow") if r.spec.name == "TLSVerify")
        assert not tls.has_class("-warning")
        handshake.set("TLSVerify", False)
        await pilot.pause()
        assert tls.has_class("-warning") and "any certificate" in str(tls.query_one(Checkbox).label)
        handshake.set("TLSVerify", True)
        await pilot.pause()
        assert not tls.has_class("-warning") and str(tls.query_one(Checkbox).label) == ""


async def test_a_bool_field_changed_elsewhere_stays_a_checkbox(paths):
    """A change from the model (the card's header checkbox, a file) redrew a Bool row as the
    IsConnected indicator: a Checkbox is a Static too."""
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, url="ws://127.0.0.1:9/")))
    async with app.run_test(size=SIZE) as pilot:
        await select_slot(pilot, "Root/Command line")
        client = app.main_screen.selected_slot().components[0]
        row = next(r for r in app.slot_panel.query("FieldRow") if r.spec.name == "Enabled")
        client.set("Enabled", False)
        await pilot.pause()
        box = row.query_one(Checkbox)
        assert box.value is False and "connected" not in str(box.render())

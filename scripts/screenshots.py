"""Make the README's screenshots from the real app: `python scripts/screenshots.py`."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZE = (150, 44)


async def shoot() -> None:
    from textual.widgets import Input

    from app.model import WebsocketClient, WebsocketHandshake
    from app.session import Session, SessionConfig
    from app.ui.app import InspectorApp
    from app.ui.dialogs.host_access_screen import HostAccessDialog
    from app.ui.inspector.component_card import ComponentCard
    from app.ui.inspector.field_row import FieldRow
    from app.ui.inspector.hierarchy import HierarchyPane
    from app.ui.log.detail_screen import DetailScreen

    OUT.mkdir(exist_ok=True)
    session = Session(SessionConfig(demo=True, local_user="you"))
    app = InspectorApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(3.2)
        echo = session.scene.find_slot("Root/Demo/Ticker")
        app.query_one(HierarchyPane).select(echo)
        await pilot.pause(0.5)
        app.save_screenshot(str(OUT / "demo.svg"))

        # behaviours: the Feed's Send on connect and Reply on match cards, after the first ping
        feed = session.scene.find_slot("Root/Demo/Feed")
        pong = session.connections.behaviour_for(session.scene.find_component("Root/Demo/Feed/ReplyOnMatch"))
        app.query_one(HierarchyPane).select(feed)
        while pong.status.sent == 0:
            await pilot.pause(0.2)
        cards = [c for c in app.slot_panel.query(ComponentCard) if c.component.TYPE_NAME == "SendOnConnect"]
        app.slot_panel.scroll_to_widget(cards[0], animate=False, top=True)
        await pilot.pause(0.5)
        app.save_screenshot(str(OUT / "behaviour-card.svg"))

        # a refused edit, with its message beside the field
        interval = next(r for r in app.slot_panel.query(FieldRow) if r.spec.name == "ConnectRetryInterval")
        field = interval.query_one(Input)
        field.focus()
        field.value = "-1"
        await pilot.press("enter")
        await pilot.pause(0.3)
        app.save_screenshot(str(OUT / "refused-edit.svg"))
        await pilot.press("escape")

        # the Host Access dialog: a host nobody has allowed yet
        slot = session.scene.root.add_child("Lobby screen", persistent=False)
        client = WebsocketClient()
        client.set("HandlingUser", "you")
        client.set("AccessReason", "Chat relay for the lobby screen")
        client.set("URL", f"ws://localhost:{session.demo_server.port}/echo")
        slot.attach_component(client)
        while not isinstance(app.screen, HostAccessDialog):
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        app.save_screenshot(str(OUT / "host-access.svg"))
        await pilot.press("d")

        # the log under traffic: a burst through the echo client, JSON, binary and hostile text
        echo_worker = session.connections.worker_for(session.scene.find_component("Root/Demo/Echo/WebsocketClient"))
        app.query_one(HierarchyPane).select(session.scene.find_slot("Root/Demo/Echo"))
        for n in range(300):
            await echo_worker.send(f'{{"seq": {n}, "event": "position", "x": {n * 0.5:.1f}}}')
        await echo_worker.send(bytes(range(32)))
        await echo_worker.send("[@click=app.quit]markup is shown, never run[/] \x1b[2J")
        await pilot.pause(0.6)
        app.save_screenshot(str(OUT / "log-traffic.svg"))

        # the handshake of a client with a WebsocketHandshake, as an HTTP exchange, secrets masked
        os.environ["DEMO_API_KEY"] = "demo-key-0123456789"
        handshake = WebsocketHandshake()
        handshake.set("Headers", [["X-Api-Key", "{{env:DEMO_API_KEY}}"], ["Accept-Language", "en"]])
        handshake.set("Origin", "https://example.test")
        handshake.set("Authorization", "bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.a1b2")
        session.scene.find_slot("Root/Demo/Echo").attach_component(handshake)
        before = len(session.log.entries)
        while not any(e.event == "connected" for e in list(session.log.entries)[before:]):
            await pilot.pause(0.05)
        connected = [e for e in list(session.log.entries)[before:] if e.event == "connected"][-1]
        app.push_screen(DetailScreen(connected))  # what Enter on the entry opens
        while not isinstance(app.screen, DetailScreen):
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        app.save_screenshot(str(OUT / "handshake-detail.svg"))
        await pilot.press("escape")
    print(f"wrote {', '.join(p.name for p in sorted(OUT.glob('*.svg')))} to {OUT}")


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["XDG_DATA_HOME"] = str(Path(home, "data"))
        os.environ["XDG_CONFIG_HOME"] = str(Path(home, "config"))
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        asyncio.run(shoot())


if __name__ == "__main__":
    main()

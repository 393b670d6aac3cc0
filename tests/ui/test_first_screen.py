"""The first screen shows what the person came for: the command line's client, a live demo
client, or where they left off."""

from __future__ import annotations

from textual.widgets import Label, Static

from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from tests.helpers.common import LOCAL, echo, wait_until
from tests.helpers.ui import app_with_scene, field_row

SIZE = (120, 40)

SCENE = """format = 1
[[slot]]
path = "Root/Empty"
[[component]]
slot = "Root/Tools/Chat"
type = "WebsocketClient"
URL = ""
[[component]]
slot = "Root/Tools/Other"
type = "WebsocketClient"
URL = ""
"""


def send_target(app: InspectorApp) -> str:
    return str(app.query_one("#send-target", Label).render())


async def test_a_url_on_the_command_line_opens_on_its_client_connected(ws_server, paths):
    server = await ws_server(echo)
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, url=server.url("/cli"))))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.slot_panel.slot.path == "Root/Command line"  # on the first screen, not a moment later
        await wait_until(lambda: "● connected" in str(field_row(app, "IsConnected").editor.render()))
        assert send_target(app) == "→ Command line"
        await pilot.press("f7", *"hi", "enter")
        await wait_until(lambda: any(e.event == "recv" for e in app.session.log.entries))


async def test_the_demo_opens_on_a_client_with_live_traffic(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, demo=True)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.slot_panel.slot.path == "Root/Demo/Ticker"
        await wait_until(lambda: send_target(app) == "→ Demo/Ticker")
        await wait_until(lambda: "● connected" in str(field_row(app, "IsConnected").editor.render()))


async def test_a_scene_opens_on_its_first_client_then_where_it_was_left(paths):
    app = app_with_scene(paths, SCENE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.slot_panel.slot.path == "Root/Tools/Chat"
        assert app.slot_panel.query_one("#slot-title", Static).render().plain == "Slot: Chat"
        app.query_one("HierarchyPane").select(app.session.scene.find_slot("Root/Tools/Other"))
        await wait_until(lambda: app.slot_panel.slot.path == "Root/Tools/Other")
    again = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.slot_panel.slot.path == "Root/Tools/Other"
        assert send_target(again) == "→ Tools/Other"

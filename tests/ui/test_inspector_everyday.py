"""The inspector as people use it: a duplicate comes into view and takes the send bar; the log's
columns hold against long names."""

from __future__ import annotations

from textual.widgets import Button, Label

from app.log.events import Event
from app.ui.inspector.component_card import ComponentCard
from app.ui.log.view import LogView
from tests.helpers.common import wait_until
from tests.helpers.ui import app_with_scene, one_client_scene, select_slot

SIZE = (120, 30)

SCENE = one_client_scene()


def send_target(app) -> str:
    return str(app.query_one("#send-target", Label).render())


async def test_a_duplicate_comes_into_view_and_takes_the_send_bar(paths):
    app = app_with_scene(paths, SCENE)
    async with app.run_test(size=SIZE) as pilot:
        await select_slot(pilot, "Root/A")
        assert send_target(app) == "→ A"
        app.slot_panel.query_one(".card-duplicate", Button).press()
        await wait_until(lambda: len(app.slot_panel.query(ComponentCard)) == 2)
        panel = app.slot_panel
        await wait_until(lambda: send_target(app) == "→ A/WebsocketClient#2")
        twin = panel.query(ComponentCard)[1]
        await wait_until(lambda: panel.scrollable_content_region.contains(twin.region.x, twin.region.y))
        # working in the first card aims the send bar back at it
        panel.query(ComponentCard)[0].query_one(".card-enabled").focus()
        await wait_until(lambda: send_target(app) == "→ A")
        # an attached client comes into view and takes the send bar, as a duplicate does
        await pilot.press("f4", *"websocket", "enter")
        await wait_until(lambda: len(app.slot_panel.query(ComponentCard)) == 3)
        panel = app.slot_panel
        third = panel.query(ComponentCard)[2]
        await wait_until(lambda: panel.scrollable_content_region.contains(third.region.x, third.region.y))
        await wait_until(lambda: send_target(app) == "→ A/WebsocketClient#3")


async def test_long_client_names_do_not_push_the_columns(paths):
    app = app_with_scene(paths, SCENE)
    async with app.run_test(size=SIZE) as pilot:
        for client in ("Root/A/WebsocketClient", "Root/A very long slot name indeed/WebsocketClient"):
            app.session.sink.emit(Event(client, "recv", {"type": "text", "data": "same", "size": 4}))
        log = app.query_one(LogView)
        await wait_until(lambda: log.row_count == 2)
        await pilot.pause(0.1)
        rows = [log.render_line(y).text for y in range(2)]
        assert rows[0].index("← recv") == rows[1].index("← recv"), rows
        assert "A very long slo…" in rows[1]


async def test_tab_from_the_hierarchy_goes_straight_to_the_name(paths):
    app = app_with_scene(paths, SCENE)
    async with app.run_test(size=SIZE) as pilot:
        await select_slot(pilot, "Root/A", focus_tree=True)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.slot_panel.query_one("#slot-name")

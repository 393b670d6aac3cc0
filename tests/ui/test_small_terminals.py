"""80x24 and 100x30: every value shown whole or with an ellipsis; the tree and the log keep room."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.inspector.hierarchy import SlotTree
from app.ui.log.view import LogView
from tests.helpers.common import LOCAL, wait_until
from tests.helpers.ui import field_row

URL = "ws://127.0.0.1:9/a-rather-long-path/for-the-url-field"


def shown(widget) -> str:
    return "".join(widget.render_line(0).text).rstrip()


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_small_terminals_show_values_whole_or_with_an_ellipsis(paths, size):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, url=URL, retry_interval=5.0)))
    async with app.run_test(size=size) as pilot:
        await wait_until(lambda: app.slot_panel.slot.path == "Root/Command line")
        await pilot.pause(0.3)
        card_type = app.slot_panel.query_one(".card-type", Label)
        assert "WebsocketClient".startswith(shown(card_type).rstrip("…")) and len(shown(card_type)) >= 8
        for name in ("URL", "ConnectRetryInterval", "AccessReason"):
            editor = field_row(app, name).query_one(Input)
            value, text = editor.value, shown(editor)
            assert text == value or (text.endswith("…") and value.startswith(text[:-1])), (name, value, text)
        assert shown(field_row(app, "ConnectRetryInterval").query_one(Input)) == "5.0"
        assert shown(field_row(app, "IsConnected").editor) in ("○ not connected", "● connected")
        assert app.query_one(SlotTree).size.height >= 6  # the tree keeps useful room
        assert app.query_one(LogView).size.height >= 6
        await pilot.press("ctrl+f")
        await pilot.pause(0.2)
        count = app.query_one("#filter-count", Label)
        assert count.region.right <= size[0]
        assert app.query_one("#filter-text", Input).size.width >= 20


async def test_f5_zooms_the_focused_pane_and_back(paths):
    from app.ui.inspector.inspector import Inspector
    from tests.helpers.ui import shown_in_view

    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, url=URL, retry_interval=5.0)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab")  # into the inspector (the slot's Name)
        await pilot.press("f5")
        await pilot.pause(0.2)
        inspector = app.query_one(Inspector)
        assert app.screen.maximized is inspector and inspector.size.height > 20
        assert shown(field_row(app, "IsConnected").editor) in ("○ not connected", "● connected")  # all fields fit
        await pilot.press("f5")
        await pilot.pause(0.3)
        assert app.screen.maximized is None
        await wait_until(lambda: shown_in_view(inspector))
        await pilot.press("f6", "f5")
        await pilot.pause(0.2)
        assert app.screen.maximized is app.query_one("LogPane")

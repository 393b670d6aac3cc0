"""Slots the scene file does not keep: shown as such, and quitting with work in them asks first."""

from __future__ import annotations

from rich.color import Color
from rich.style import Style
from textual.widgets import Static

from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.dialogs.confirm_screen import ConfirmScreen
from app.ui.inspector.hierarchy import HierarchyPane
from tests.helpers.common import LOCAL, wait_until
from tests.helpers.ui import select_slot

SIZE = (120, 40)


async def test_inherited_non_persistence_is_shown_and_quitting_with_work_in_it_asks(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, demo=True)))
    async with app.run_test(size=SIZE) as pilot:
        await select_slot(pilot, "Root/Demo/Echo", focus_tree=True)
        note = app.slot_panel.query_one("#slot-persistence-note", Static)
        assert "not saved: Demo above is not persistent" in str(note.render())
        tree = app.query_one(HierarchyPane).tree
        node = tree.cursor_node
        label = tree.render_label(node, Style(), Style())
        warning = Color.parse(app.current_theme.warning or "")
        assert any(Style.parse(str(span.style)).color == warning for span in label.spans)  # as Resonite's orange
        await pilot.press("n")  # Add Child under Echo
        await wait_until(lambda: app.session.scene.find_slot("Root/Demo/Echo/Slot") is not None)
        await pilot.press("ctrl+q")
        await wait_until(lambda: isinstance(app.screen, ConfirmScreen))
        assert "Root/Demo/Echo/Slot" in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("n")
        await wait_until(lambda: not isinstance(app.screen, ConfirmScreen))
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_until(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(lambda: not app.is_running)

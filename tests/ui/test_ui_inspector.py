"""Every hierarchy operation and every editor, through the real app (Pilot)."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select, Static

from app.model import WebsocketClient
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.dialogs.confirm_screen import ConfirmScreen
from app.ui.dialogs.help_screen import HelpScreen
from app.ui.inspector.field_row import NO_USER, FieldRow
from app.ui.inspector.hierarchy import HierarchyPane
from tests.helpers.common import LOCAL, wait_until
from tests.helpers.ui import field_row, select_slot, type_into

SIZE = (120, 40)

SCENE = """\
format = 1
users = ["Guest"]

[[slot]]
path = "Root/A/Inner"

[[slot]]
path = "Root/B"

[[component]]
slot = "Root/A"
type = "WebsocketClient"
AccessReason = "first"
"""


def make_app(paths) -> InspectorApp:
    paths.scene_file.parent.mkdir(parents=True, exist_ok=True)
    paths.scene_file.write_text(SCENE)
    return InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))


def names(app: InspectorApp, path: str = "Root") -> list[str]:
    return [c.name for c in app.session.scene.find_slot(path).children]


async def select(pilot, path: str) -> None:
    await select_slot(pilot, path, focus_tree=True)


row = field_row


def error_text(field: FieldRow) -> str:
    return str(field.query_one(".field-error", Static).render())


async def test_add_child_insert_parent_duplicate_by_keys(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Root/B")
        await pilot.press("n")
        await wait_until(lambda: app.slot_panel.slot.path == "Root/B/Slot")
        await select(pilot, "Root/B")
        await pilot.press("i")
        await wait_until(lambda: names(app) == ["A", "Parent"])
        assert names(app, "Root/Parent") == ["B"]
        await select(pilot, "Root/A")
        await pilot.press("d")
        await wait_until(lambda: names(app) == ["A", "A 2", "Parent"])
        copy = app.session.scene.find_component("Root/A 2/WebsocketClient")
        assert copy is not None and copy["AccessReason"] == "first"
        assert names(app, "Root/A 2") == ["Inner"]


async def test_operations_by_mouse(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Root/A")
        await pilot.click("#add-child")
        await wait_until(lambda: "Slot" in names(app, "Root/A"))
        await select(pilot, "Root/B")
        await pilot.click("#duplicate")
        await wait_until(lambda: names(app) == ["A", "B", "B 2"])
        await pilot.click("#insert-parent")
        await wait_until(lambda: "Parent" in names(app))


async def test_destroy_asks_first(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Root/A")
        await pilot.press("delete")
        await wait_until(lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "Root/A and the 1 slot under it, with 1 component?" in question
        await pilot.press("n")
        await pilot.pause()
        assert names(app) == ["A", "B"]
        await pilot.press("delete")
        await wait_until(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(lambda: names(app) == ["B"])
        await wait_until(lambda: app.slot_panel.slot.path == "Root")
        await pilot.press("delete")  # the root itself: refused, nothing asked
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)


async def test_rename_in_place_and_refusals(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Root/B")
        await pilot.press("f2")
        await pilot.pause()
        name = app.slot_panel.query_one("#slot-name", Input)
        assert app.focused is name
        await type_into(pilot, name, "Lobby")
        assert names(app) == ["A", "Lobby"]
        await wait_until(lambda: "Lobby" in str(app.slot_panel.query_one("#slot-title", Static).render()))
        await type_into(pilot, name, "A")
        assert "already a slot named 'A'" in str(app.slot_panel.query_one("#slot-error", Static).render())
        await type_into(pilot, name, "x/y")
        assert "'/'" in str(app.slot_panel.query_one("#slot-error", Static).render())
        assert names(app) == ["A", "Lobby"]


async def test_set_root_and_root_up(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(HierarchyPane)
        await select(pilot, "Root/A")
        await pilot.press("s")
        await pilot.pause()
        assert pane.view_root.path == "Root/A"
        assert "Root: A" in str(pane.query_one("#root-header", Static).render())
        assert pane.tree.root.data is pane.view_root
        await pilot.click("#root-up")
        await pilot.pause()
        assert pane.view_root.path == "Root"
        assert pane.query_one("#root-up").disabled


async def test_slot_active_and_persistent_checkboxes(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Root/B")
        slot = app.session.scene.find_slot("Root/B")
        await pilot.click(app.slot_panel.query_one("#slot-active"))
        await wait_until(lambda: not slot.active)
        await pilot.click(app.slot_panel.query_one("#slot-persistent"))
        await wait_until(lambda: not slot.persistent)
    saved = paths.scene_file.read_text()
    assert "Root/B" not in saved  # no longer persistent: not written


async def test_every_editor_valid_refused_and_escape(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Root/A")
        client = app.session.scene.find_component("Root/A/WebsocketClient")
        assert isinstance(client, WebsocketClient)
        app.session.access.grant_for_run("127.0.0.1:9")  # no Host Access dialog in the way
        cases = [
            ("UpdateOrder", "42", 42, "2147483648", "32-bit"),
            ("URL", "ws://127.0.0.1:9/x", "ws://127.0.0.1:9/x", "ws://user:pw@h", "credentials"),
            ("AccessReason", "why [b]not[/b]", "why [b]not[/b]", None, None),
            ("ConnectRetryInterval", "2.5", 2.5, "-1", "at least 0.1"),
        ]
        for name, good, value, bad, message in cases:
            field = row(app, name)
            editor = field.query_one(Input)
            await type_into(pilot, editor, good)
            assert client[name] == value, name
            assert not field.has_class("-refused")
            if bad is None:
                continue
            await type_into(pilot, editor, bad)
            assert client[name] == value, name
            assert message in error_text(field), (name, error_text(field))
            await pilot.press("escape")
            await pilot.pause()
            assert editor.value == client.format(name)
            assert not field.has_class("-refused")
        # leaving a field applies it, as Enter does
        order = row(app, "UpdateOrder").query_one(Input)
        order.focus()
        order.value = "7"
        await pilot.press("tab")
        await wait_until(lambda: client["UpdateOrder"] == 7)
        # Bool: checkbox
        enabled = row(app, "Enabled").query_one(Checkbox)
        await pilot.click(enabled)
        await wait_until(lambda: client["Enabled"] is False)
        assert app.query_one(".card-enabled", Checkbox).value is False  # the header's mirror follows
        # UserRef: a choice of the session's users or none
        user = row(app, "HandlingUser").query_one(Select)
        user.value = "Guest"
        await wait_until(lambda: client["HandlingUser"] == "Guest")
        user.value = NO_USER
        await wait_until(lambda: client["HandlingUser"] is None)
        # IsConnected: read-only, words not colour
        indicator = row(app, "IsConnected").query_one(".field-indicator", Static)
        assert "○ not connected" in str(indicator.render())
        assert not row(app, "IsConnected").query(Input)


async def test_help_lists_the_keys(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await wait_until(lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_until(lambda: not isinstance(app.screen, HelpScreen))


async def test_theme_choice_is_kept(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE):
        assert app.theme == "resonite-dark"
        app.theme = "resonite-light"
    again = make_app(paths)
    async with again.run_test(size=SIZE):
        assert again.theme == "resonite-light"


async def test_moving_between_slots_of_one_shape_rebinds_the_panel(paths):
    scene = SCENE + '\n[[component]]\nslot = "Root/B"\ntype = "WebsocketClient"\nAccessReason = "second"\n'
    paths.scene_file.parent.mkdir(parents=True, exist_ok=True)
    paths.scene_file.write_text(scene)
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        first = app.session.scene.find_component("Root/A/WebsocketClient")
        second = app.session.scene.find_component("Root/B/WebsocketClient")
        await select(pilot, "Root/A")
        panel = app.slot_panel
        assert row(app, "AccessReason").query_one(Input).value == "first"
        await select(pilot, "Root/B")
        assert app.slot_panel is panel  # same shape: the same widgets, rebound
        reason = row(app, "AccessReason")
        assert reason.query_one(Input).value == "second"
        await type_into(pilot, reason.query_one(Input), "changed")
        assert (first["AccessReason"], second["AccessReason"]) == ("first", "changed")
        first.set("AccessReason", "elsewhere")  # the panel no longer follows the first client
        await pilot.pause()
        assert reason.query_one(Input).value == "changed"
        second.set("UpdateOrder", 5)
        await pilot.pause()
        assert row(app, "UpdateOrder").query_one(Input).value == "5"
        # a component attached to the shown slot changes its shape: two cards now
        second.slot.attach_component(WebsocketClient())
        await wait_until(lambda: len(app.slot_panel.query("ComponentCard")) == 2)
        await select(pilot, "Root/A")
        assert len(app.slot_panel.query("ComponentCard")) == 1
        assert row(app, "AccessReason").query_one(Input).value == "elsewhere"


async def test_e_jumps_from_the_tree_to_the_url_field(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Root/A")
        await pilot.press("e")
        await pilot.pause()
        assert app.focused is row(app, "URL").query_one(Input)
        await select(pilot, "Root/B")  # no client here: the slot's Name instead
        await pilot.press("e")
        await pilot.pause()
        assert app.focused is app.slot_panel.query_one("#slot-name", Input)

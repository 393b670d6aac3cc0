"""Typing into fields: what is typed is what is judged, and no key applies an edit by accident."""

from __future__ import annotations

from textual.widgets import Input, Static

from app.model import WebsocketClient
from app.ui.dialogs.help_screen import KEYS, HelpScreen
from app.ui.inspector.attach_component_screen import ComponentPicker
from tests.helpers.common import wait_until
from tests.helpers.ui import app_with_scene, field_row, one_client_scene, select_slot, type_into

SIZE = (120, 40)

SCENE = one_client_scene("ws://127.0.0.1:9/a", enabled=False)


def error_text(row) -> str:
    errors = row.query(".field-error")
    return str(errors.first(Static).render()) if errors else ""


async def test_numbers_keep_every_character_typed_and_are_refused_on_enter(paths):
    app = app_with_scene(paths, SCENE)
    async with app.run_test(size=SIZE) as pilot:
        await select_slot(pilot, "Root/A")
        client = app.session.scene.find_component("Root/A/WebsocketClient")
        assert isinstance(client, WebsocketClient)
        cases = [
            ("UpdateOrder", "1.5", "whole number"),
            ("UpdateOrder", "2.7", "whole number"),
            ("UpdateOrder", "1e3", "whole number"),
            ("ConnectRetryInterval", "2,5", "number"),
            ("ConnectRetryInterval", "NaN", "not NaN"),
            ("ConnectRetryInterval", "inf", "finite"),
        ]
        for name, typed, message in cases:
            row = field_row(app, name)
            editor = row.query_one(Input)
            before = client[name]
            await type_into(pilot, editor, typed)
            assert editor.value == typed, (name, typed)  # nothing dropped on the way
            assert client[name] == before, (name, typed)
            assert message in error_text(row), (name, typed, error_text(row))
            # the refusal was about that text: typing something else clears it at once
            await pilot.press("backspace")
            await pilot.pause()
            assert error_text(row) in ("", "✗ "), (name, error_text(row))
            await pilot.press("escape")
            await pilot.pause()
            assert editor.value == client.format(name)
        await type_into(pilot, field_row(app, "ConnectRetryInterval").query_one(Input), "2.5")
        assert client["ConnectRetryInterval"] == 2.5


async def test_escape_in_the_slot_name_puts_the_name_back(paths):
    app = app_with_scene(paths, SCENE)
    async with app.run_test(size=SIZE) as pilot:
        await select_slot(pilot, "Root/A", focus_tree=True)
        await pilot.press("r", *"Renamed", "escape")
        await pilot.pause()
        name = app.slot_panel.query_one("#slot-name", Input)
        assert name.value == "A"
        await pilot.press("tab")
        await pilot.pause()
        assert app.session.scene.find_slot("Root/A") is not None
        assert app.session.scene.find_slot("Root/Renamed") is None
        # a refused name says why, and the message goes once the name is edited again
        name.focus()
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")
        error = app.slot_panel.query_one("#slot-error", Static)
        await wait_until(lambda: error.has_class("-shown"))
        await pilot.press("B")
        await wait_until(lambda: not error.has_class("-shown"))


async def test_attach_is_f4_and_never_applies_a_half_typed_field(paths):
    app = app_with_scene(paths, SCENE)
    async with app.run_test(size=SIZE) as pilot:
        await select_slot(pilot, "Root/A")
        client = app.session.scene.find_component("Root/A/WebsocketClient")
        url = field_row(app, "URL").query_one(Input)
        url.focus()
        await pilot.pause()
        await pilot.press("end", *"/more")
        await pilot.press("f4")
        await wait_until(lambda: isinstance(app.screen, ComponentPicker))
        assert client["URL"] == "ws://127.0.0.1:9/a"  # the picker is no reason to apply the edit
        await pilot.press("escape")
        await wait_until(lambda: not isinstance(app.screen, ComponentPicker))
        await pilot.pause()
        assert url.value == "ws://127.0.0.1:9/a/more"  # and the typing is not lost either
        assert client["URL"] == "ws://127.0.0.1:9/a"
        # Ctrl+W belongs to the text field (delete a word); the promise is F4, in F1 and the footer
        bindings = {b.key for b in [*app.BINDINGS, *app.main_screen.BINDINGS]}
        assert "f4" in bindings and not any("ctrl+w" in key for key in bindings)
        await pilot.press("f1")
        await wait_until(lambda: isinstance(app.screen, HelpScreen))
        keys = [key for _area, rows in KEYS for key, _ in rows]
        assert "F4" in keys and not any("Ctrl+W" in key for key in keys)

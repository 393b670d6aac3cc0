"""Hostile text from files (scene, settings, file names): nothing drawn holds a control character."""

from __future__ import annotations

import json

from textual.widgets import OptionList

from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.dialogs.grants_screen import GrantsScreen
from app.ui.dialogs.host_access_screen import HostAccessDialog
from tests.helpers.common import LOCAL, wait_until
from tests.helpers.ui import app_with_scene, drawn_text, select_slot, unsafe_drawn

SIZE = (140, 45)
# window title, clipboard write, colour, clear screen, cursor home
HOSTILE = "\x1b]2;PWNED-TITLE\x07\x1b]52;c;UFdORUQ=\x07\x1b[31m\x1b[2J\x1b[H\x9b31m"
EVIL_HOST = f"evil{HOSTILE}.example:80"


def toml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a TOML basic string


def write_settings(paths, hosts: list[str]) -> None:
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text(f"allowed_hosts = [{', '.join(toml(h) for h in hosts)}]\n")


async def test_a_broken_hostile_scene_and_settings_draw_no_control_character(paths):
    write_settings(paths, [EVIL_HOST, "a.example:80"])
    app = app_with_scene(
        paths,
        f"[[slot]]\npath = {toml('Root/Evil' + HOSTILE)}\n\n"
        f"[[component]]\nslot = {toml('Root/Other' + HOSTILE)}\ntype = {toml('Unknown' + HOSTILE)}\n",
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert "Cannot use the scene file" in drawn_text(app)
        assert "\\x1b]2;PWNED-TITLE\\x07" in drawn_text(app)  # the notice quotes it, escaped
        assert unsafe_drawn(app) == []
        await pilot.press("ctrl+g")
        await wait_until(lambda: isinstance(app.screen, GrantsScreen))
        await pilot.pause(0.1)
        assert unsafe_drawn(app) == []
        await pilot.press("delete")  # removes the highlighted (hostile) host: a toast names it
        await wait_until(lambda: any("Removed the grant" in n.message for n in app._notifications))
        await pilot.pause(0.1)
        assert unsafe_drawn(app) == []
        app.notify(f"from anywhere {HOSTILE}", title=HOSTILE, markup=True)
        await pilot.pause(0.1)
        assert unsafe_drawn(app) == []


async def test_a_hostile_access_reason_draws_no_control_character(paths):
    write_settings(paths, [EVIL_HOST])
    app = app_with_scene(
        paths,
        '[[component]]\nslot = "Root/Chat"\ntype = "WebsocketClient"\nURL = "ws://127.0.0.1:9/"\n'
        f"AccessReason = {toml('Chat relay' + HOSTILE)}\n",
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: isinstance(app.screen, HostAccessDialog))
        await pilot.pause(0.2)
        assert "relay\\x1b]2;PWNED-TITLE" in drawn_text(app)
        assert unsafe_drawn(app) == []
        await pilot.press("escape")
        await select_slot(pilot, "Root/Chat")
        await pilot.pause(0.2)
        assert "Chat relay" in drawn_text(app)  # the card's AccessReason field
        assert unsafe_drawn(app) == []


async def test_a_hostile_recording_file_name_draws_no_control_character(paths, tmp_path):
    recording = tmp_path / f"rec{HOSTILE}.jsonl"
    recording.write_text('{"ts": 1, "client": "app", "event": "error", "reason": "x"}\nnot json\n')
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, open_recording=recording)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert "rec\\x1b]2;PWNED-TITLE" in drawn_text(app)
        assert unsafe_drawn(app) == []


async def test_a_host_twice_in_the_settings_is_listed_once(paths):
    write_settings(paths, ["a.example:80", "b.example:80", "a.example:80"])
    app = app_with_scene(paths, "")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await wait_until(lambda: isinstance(app.screen, GrantsScreen))
        await pilot.pause(0.1)
        assert app.screen.query_one(OptionList).option_count == 2
        await pilot.press("delete")  # a.example: gone, not left behind by its twin
        await pilot.pause(0.1)
        assert app.session.access.remembered == ["b.example:80"]
        assert app.is_running

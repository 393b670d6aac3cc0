"""The Host Access dialog takes no answer from keys typed for something else."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from app.net.host_access import host_key
from app.ui.dialogs import typing_guard
from app.ui.dialogs.host_access_screen import HostAccessDialog
from app.ui.send.send_bar import SendBar
from tests.helpers.common import echo, wait_until
from tests.helpers.ui import select_slot, url_app

SIZE = (120, 40)
NEW_HOST = "ws://127.0.0.1:9/"


async def typing_when_the_dialog_opens(pilot) -> HostAccessDialog:
    """The user types in the send bar; meanwhile the client is sent to a host not yet allowed."""
    app = pilot.app
    await select_slot(pilot, "Root/Command line")
    app.query_one(SendBar).input.focus()
    await pilot.press(*"hel")
    next(app.session.scene.components()).set("URL", NEW_HOST)
    await wait_until(lambda: isinstance(app.screen, HostAccessDialog))
    return app.screen


async def test_keys_typed_as_the_dialog_opens_do_not_answer_it(ws_server, paths, monkeypatch):
    # a busy machine can leave half a second between two simulated key presses: make the
    # pauses that count as deliberate longer than any gap here
    monkeypatch.setattr(typing_guard, "KEY_PAUSE", 5.0)
    monkeypatch.setattr(typing_guard, "ARMING_DELAY", 5.0)
    server = await ws_server(echo)
    app = url_app(paths, server.url())
    async with app.run_test(size=SIZE) as pilot:
        dialog = await typing_when_the_dialog_opens(pilot)
        await pilot.press(*"lo a", "enter", *"odd", "space", "a")
        await pilot.pause(0.1)
        assert app.screen is dialog  # still asking
        assert app.session.access.remembered == []
        assert not paths.settings_file.exists() or host_key(NEW_HOST) not in paths.settings_file.read_text()
        assert "Ignored keys typed as this opened" in str(dialog.query_one("#dialog-keys", Static).render())
        monkeypatch.setattr(typing_guard, "KEY_PAUSE", 0.5)
        monkeypatch.setattr(typing_guard, "ARMING_DELAY", 0.5)
        await asyncio.sleep(0.6)
        await pilot.press("o")  # even after a pause: the letters stay off for this question
        await pilot.pause(0.1)
        assert app.screen is dialog
        await pilot.press("tab", "tab", "enter")  # Allow once, by the buttons
        await wait_until(lambda: app.screen is not dialog)
        assert host_key(NEW_HOST) in app.session.access.session
        assert app.session.access.remembered == []


async def test_escape_the_buttons_and_tab_enter_still_work(ws_server, paths):
    server = await ws_server(echo)
    app = url_app(paths, server.url())
    async with app.run_test(size=SIZE) as pilot:
        dialog = await typing_when_the_dialog_opens(pilot)
        await pilot.press("escape")  # at once: not now
        await wait_until(lambda: app.screen is not dialog)
        client = next(app.session.scene.components())
        client.set("URL", f"ws://127.0.0.1:{server.port}/")
        client.set("URL", NEW_HOST)  # asked again
        await wait_until(lambda: isinstance(app.screen, HostAccessDialog))
        dialog = app.screen
        assert app.focused is None  # no button takes a typed Enter or space
        await pilot.press("tab", "enter")  # Tab reaches Allow; Enter presses it
        await wait_until(lambda: app.screen is not dialog)
        assert app.session.access.remembered == [host_key(NEW_HOST)]
        app.session.access.revoke(host_key(NEW_HOST))
        client.set("URL", f"ws://127.0.0.1:{server.port}/")
        client.set("URL", NEW_HOST)
        await wait_until(lambda: isinstance(app.screen, HostAccessDialog))
        dialog = app.screen
        await pilot.pause(0.1)
        assert await pilot.click("#denied")
        await wait_until(lambda: app.screen is not dialog)
        assert app.session.access.remembered == []

"""The read-only recording viewer: nothing in it can act on a connection or on the grants."""

from __future__ import annotations

from app.log.events import Event
from app.log.recording import to_jsonl
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.log.view import LogView
from tests.helpers.common import LOCAL, wait_until

SIZE = (120, 40)


def recording(tmp_path, n: int = 300):
    client = "Root/A/WebsocketClient"
    events = [Event(client, "recv", {"type": "text", "data": f"m{i}", "size": 3}, 1000.0 + i) for i in range(n + 1)]
    path = tmp_path / "rec.jsonl"
    path.write_bytes(to_jsonl(events))
    return path


async def test_the_viewer_offers_no_send_attach_or_grants_and_shows_the_newest(paths, tmp_path):
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text('allowed_hosts = ["example.org:443"]\n')
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, open_recording=recording(tmp_path))))
    async with app.run_test(size=SIZE) as pilot:
        log = app.query_one(LogView)
        await wait_until(lambda: log.row_count == 301)
        await pilot.pause(0.2)
        assert log.following
        assert log.scroll_y == log.max_scroll_y > 0  # "following" means the newest entries are in view
        base = list(app.screen_stack)
        for key in ("f4", "ctrl+g", "f7", "ctrl+n", "ctrl+s"):
            await pilot.press(key)
            await pilot.pause()
            assert list(app.screen_stack) == base, key
        assert not app.query("#send-input")  # no send bar at all
        shown = {binding.key for (_node, binding, enabled, _tip) in app.active_bindings.values() if enabled}
        assert not shown & {"f4", "ctrl+g", "f7", "ctrl+n", "ctrl+s"}
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert not [t for t in titles if t in ("Connect", "Disconnect", "Send", "Host access grants", "Save scene")]
        assert not [t for t in titles if t.startswith(("Remove host grant", "Attach", "Add child"))]
    assert app.session.access.remembered == ["example.org:443"]

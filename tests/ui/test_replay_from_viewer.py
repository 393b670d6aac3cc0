"""The recording viewer replays what it shows (Ctrl+R), and the replay is recorded."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from app.log.diff import diff_recordings
from app.log.recording import read_recording
from app.net.servers.demo_server import DemoServer
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.dialogs.replay_screen import ReplayScreen
from tests.helpers.common import LOCAL, wait_until
from tests.helpers.recordings import echo_session, write

SIZE = (120, 40)


async def test_ctrl_r_replays_the_recording_shown_and_records_it(paths, tmp_path: Path, demo: DemoServer):
    original = write(tmp_path / "original.jsonl", echo_session())
    replayed = tmp_path / "replayed.jsonl"
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, open_recording=original)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        await pilot.press("ctrl+r")
        await wait_until(lambda: isinstance(app.screen, ReplayScreen))
        app.screen.query_one("#replay-url", Input).value = demo.url("/echo")
        app.screen.query_one("#replay-speed", Input).value = "10"
        app.screen.query_one("#replay-record", Input).value = str(replayed)
        await pilot.press("enter")
        await wait_until(lambda: any(n.message.startswith("Replayed 3 sent") for n in app._notifications))
        kinds = [e.event for e in app.session.log.entries]
        assert kinds.count("send") == 6 and kinds[-1] == "disconnected"  # the recording's, then the replay's
    assert diff_recordings(read_recording(original).events, read_recording(replayed).events).matches


async def test_a_bad_url_is_refused_in_the_dialog(paths, tmp_path: Path):
    original = write(tmp_path / "original.jsonl", echo_session())
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, open_recording=original)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        await pilot.press("ctrl+r")
        await wait_until(lambda: isinstance(app.screen, ReplayScreen))
        app.screen.query_one("#replay-url", Input).value = "http://example.com"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        assert any("ws://" in n.message for n in app._notifications)


async def test_ctrl_r_does_nothing_in_the_live_app(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, ReplayScreen)

"""What people read: words, not internal names; counts that agree; one way of writing toasts;
exports that say where they went."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from app.log.events import Event
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.dialogs.confirm_screen import ConfirmScreen
from app.ui.dialogs.grants_screen import GrantsScreen
from app.ui.log.detail_screen import DetailScreen
from app.ui.log.export_screen import ExportScreen
from app.ui.log.format import row_words
from tests.helpers.common import LOCAL, wait_until
from tests.helpers.ui import app_with_scene, one_client_scene, select_slot

SIZE = (120, 40)
CLIENT = "Root/A/WebsocketClient"

SCENE = one_client_scene()


def toasts(app: InspectorApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def test_rows_say_decisions_and_kinds_in_words():
    once = row_words(Event(CLIENT, "host_access", {"host": "h:1", "decision": "allowed_once"}))
    failed = row_words(Event(CLIENT, "send_error", {"reason": "not connected"}))
    assert "allowed once" in once and "allowed_once" not in once and "host_access" not in once
    assert "send error" in failed and "send_error" not in failed


async def test_destroy_counts_agree_and_toasts_are_sentences(paths):
    app = app_with_scene(paths, SCENE)
    async with app.run_test(size=SIZE) as pilot:
        await select_slot(pilot, "Root/A", focus_tree=True)
        await pilot.press("delete")
        await wait_until(lambda: isinstance(app.screen, ConfirmScreen))
        question = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "with 1 component?" in question and "(s)" not in question
        await pilot.press("escape")
        await wait_until(lambda: not isinstance(app.screen, ConfirmScreen))
        await pilot.press("f7", "ctrl+b", *"abc", "enter")
        await wait_until(lambda: toasts(app))
        assert all(t[:1].isupper() for t in toasts(app)), toasts(app)
        app.session.sink.emit(Event(CLIENT, "send_error", {"reason": "not connected"}))
        await pilot.press("f6", "enter")
        await wait_until(lambda: isinstance(app.screen, DetailScreen))
        header = str(app.screen.query_one("#detail-header", Static).render())
        assert header.startswith("send error")


async def test_grants_line_up(paths):
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text('allowed_hosts = ["a.example:1", "a-much-longer-host.example:443"]\n')
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        app.session.access.grant_for_run("b:2")
        await pilot.press("ctrl+g")
        await wait_until(lambda: isinstance(app.screen, GrantsScreen))
        options = app.screen.query_one(OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len({line.index("allowed") for line in lines}) == 1, lines


async def test_f9_offers_the_export_folder_and_names_the_file_in_full(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        app.session.sink.emit(Event(CLIENT, "recv", {"type": "text", "data": "x", "size": 1}))
        await pilot.press("f9")
        await wait_until(lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("enter")
        await wait_until(lambda: any(paths.export_dir.glob("*.jsonl")))
        written = next(paths.export_dir.glob("*.jsonl"))
        await wait_until(lambda: any(str(written) in t for t in toasts(app)))

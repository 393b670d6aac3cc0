"""The worker's operations and host access, through the real app."""

from __future__ import annotations

import asyncio
import json

from textual.widgets import OptionList

from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.dialogs.confirm_screen import ConfirmScreen
from app.ui.dialogs.grants_screen import GrantsScreen
from app.ui.dialogs.host_access_screen import HostAccessDialog
from app.ui.inspector.status_words import state_words
from app.ui.send.send_bar import SendBar
from tests.helpers.common import LOCAL, echo, wait_until
from tests.helpers.ui import answer_host_access, connected_client, url_app

SIZE = (120, 40)


def write_scene(paths, url: str, interval: float = 0.2) -> None:
    paths.scene_file.parent.mkdir(parents=True, exist_ok=True)
    paths.scene_file.write_text(
        f'[[component]]\nslot = "Root/Chat"\ntype = "WebsocketClient"\nURL = "{url}"\n'
        f'AccessReason = "test"\nConnectRetryInterval = {interval}\n'
    )


async def test_send_bar_text_hex_history_and_send_error(ws_server, paths):
    server = await ws_server(echo)
    app = url_app(paths, server.url())
    session = app.session
    async with app.run_test(size=SIZE) as pilot:
        client = await connected_client(pilot)
        bar = app.query_one(SendBar)
        bar.input.focus()
        await pilot.press(*"hello", "enter")
        await wait_until(lambda: any(e.event == "recv" for e in session.log.entries))
        assert bar.input.value == ""
        await pilot.press("ctrl+b", *"de ad", "enter")
        await wait_until(lambda: sum(e.event == "recv" for e in session.log.entries) == 2)
        recv = [e.extra["data"] for e in session.log.entries if e.event == "recv"]
        assert recv == ["hello", b"\xde\xad"]
        await pilot.press("up")
        assert bar.input.value == "de ad"
        await pilot.press("up")
        assert bar.input.value == "hello"
        # bad hex is refused without sending, and the text stays
        bar.input.value = "xyz"
        await pilot.press("enter")
        await pilot.pause()
        assert bar.input.value == "xyz"
        # disconnected: a send error, and nothing typed is lost
        bar.input.value = "/disconnect"
        await pilot.press("enter")
        await wait_until(lambda: not client["IsConnected"])
        await pilot.press("ctrl+b")
        bar.input.value = "keep me"
        await pilot.press("enter")
        await wait_until(lambda: any(e.event == "send_error" for e in session.log.entries))
        assert bar.input.value == "keep me"
        bar.input.value = "/connect"
        await pilot.press("enter")
        await wait_until(lambda: client["IsConnected"])


async def test_allow_is_remembered_across_a_restart_and_can_be_removed(ws_server, paths):
    server = await ws_server(echo)
    write_scene(paths, server.url())
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: isinstance(app.screen, HostAccessDialog))
        await answer_host_access(pilot, "a")
        client = next(app.session.scene.components())
        await wait_until(lambda: client["IsConnected"])
    again = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with again.run_test(size=SIZE) as pilot:
        client = next(again.session.scene.components())
        await wait_until(lambda: client["IsConnected"])
        assert not isinstance(again.screen, HostAccessDialog)
        await pilot.press("ctrl+g")
        await wait_until(lambda: isinstance(again.screen, GrantsScreen))
        assert again.screen.query_one(OptionList).option_count == 1
        await pilot.press("delete")
        await pilot.pause()
        assert again.session.access.remembered == []
        await pilot.press("escape")
    assert f"127.0.0.1:{server.port}" not in paths.settings_file.read_text()
    third = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with third.run_test(size=SIZE) as pilot:
        await wait_until(lambda: isinstance(third.screen, HostAccessDialog))
        await pilot.press("escape")
        await pilot.pause()
        assert len(server.connections) == 2  # the first two runs connected; the third was not let in


async def test_allow_once_is_not_remembered(ws_server, paths):
    server = await ws_server(echo)
    write_scene(paths, server.url())
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: isinstance(app.screen, HostAccessDialog))
        await answer_host_access(pilot, "o")
        await wait_until(lambda: next(app.session.scene.components())["IsConnected"])
    again = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with again.run_test(size=SIZE) as pilot:
        await wait_until(lambda: isinstance(again.screen, HostAccessDialog))
        await answer_host_access(pilot, "d")
        await pilot.pause()
        state = again.session.connections.worker_for(next(again.session.scene.components())).state
        assert state_words(state) == "denied"


async def test_a_hung_handshake_does_not_block_the_interface(paths):
    async def stall(reader, writer):
        await asyncio.sleep(30)

    server = await asyncio.start_server(stall, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    session = Session(SessionConfig(paths=paths, local_user=LOCAL, url=f"ws://127.0.0.1:{port}/"))
    app = InspectorApp(session)
    async with app.run_test(size=SIZE) as pilot:
        worker = session.connections.worker_for(next(session.scene.components()))
        await wait_until(lambda: worker.state.kind == "connecting")
        started = asyncio.get_running_loop().time()
        await pilot.press("ctrl+n")
        await wait_until(lambda: session.scene.find_slot("Root/Command line/Slot") is not None, timeout=5)
        # well inside the handshake's 10 s: a blocked loop would have waited for it (the bound leaves
        # room for a busy machine; how fast keys are is the benchmark's business, not this test's)
        assert asyncio.get_running_loop().time() - started < 5
        assert worker.state.kind == "connecting"
    server.close()


async def test_destroying_a_component_closes_its_connection(ws_server, paths):
    server = await ws_server(echo)
    app = url_app(paths, server.url())
    session = app.session
    async with app.run_test(size=SIZE) as pilot:
        client = await connected_client(pilot)
        await pilot.click(".card-destroy")
        await wait_until(lambda: isinstance(app.screen, ConfirmScreen))
        assert client.slot is not None  # nothing happens before the answer
        await pilot.press("y")
        await wait_until(lambda: server.connections[0].state.name == "CLOSED")
        assert client.slot is None
        await wait_until(lambda: any(e.event == "disconnected" for e in session.log.entries))
        closed = next(e for e in session.log.entries if e.event == "disconnected")
        assert (closed.client, closed.extra["by"]) == ("Root/Command line/WebsocketClient", "client")


async def test_recording_holds_every_event_kind(ws_server, paths, tmp_path):
    async def one_then_silent(ws):
        await ws.send("only message")
        await ws.wait_closed()

    server = await ws_server(one_then_silent)
    record = tmp_path / "all.jsonl"
    session = Session(
        SessionConfig(
            paths=paths, local_user=LOCAL, url=server.url(), retry_interval=0.2, idle_timeout=0.4, record=record
        )
    )
    app = InspectorApp(session)
    async with app.run_test(size=SIZE):
        client = next(session.scene.components())
        worker = session.connections.worker_for(client)
        await wait_until(lambda: client["IsConnected"])
        await worker.send("out")
        await wait_until(lambda: any(e.event == "timeout" for e in session.log.entries))
        await worker.send("while away")  # usually a send_error: between the timeout and the retry
        await wait_until(lambda: sum(e.event == "connected" for e in session.log.entries) == 2)
        client.set("URL", "ws://127.0.0.1:9/")  # host not allowed, no asker answer: denied by Escape
        await wait_until(lambda: isinstance(app.screen, HostAccessDialog))
        await app.screen.run_action("decide('dismissed')")
        await worker.send("nobody")
    await asyncio.sleep(0)
    lines = [json.loads(line) for line in record.read_text().splitlines()]
    kinds = {entry["event"] for entry in lines}
    expected = {
        "host_access",
        "connecting",
        "connected",
        "recv",
        "send",
        "send_error",
        "disconnected",
        "timeout",
        "retry",
    }
    assert expected <= kinds
    keys = {
        "host_access": {"host", "decision"},
        "connecting": {"url", "attempt"},
        "connected": {"url"},
        "recv": {"type", "data", "size"},
        "send": {"type", "data", "size"},
        "send_error": {"reason"},
        "disconnected": {"by"},
        "timeout": {"idle_s"},
        "retry": {"attempt", "delay_s", "reason"},
        "error": {"reason"},
    }
    for entry in lines:
        assert {"ts", "client", "event"} | keys[entry["event"]] <= entry.keys(), entry
    assert {e["decision"] for e in lines if e["event"] == "host_access"} >= {"allowed_once", "asked", "denied"}


async def test_quit_with_a_scene_that_cannot_be_saved_asks_first(paths, tmp_path):
    from app.ui.dialogs.unsaved_quit import UnsavedQuitScreen

    (tmp_path / "data").write_text("a file where the data folder should be")  # no folder can be made
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        app.session.scene.root.add_child("Unsaved")
        await pilot.press("ctrl+q")
        await wait_until(lambda: isinstance(app.screen, UnsavedQuitScreen))
        assert "Cannot save the scene to" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")  # keep it open
        await pilot.pause(0.1)
        assert app.is_running and app.return_code is None
        await pilot.press("ctrl+q")
        await wait_until(lambda: isinstance(app.screen, UnsavedQuitScreen))
        await pilot.press("y")
        await wait_until(lambda: not app.is_running)
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        app.session.scene.root.add_child("Unsaved")
        await pilot.press("ctrl+q")
        await wait_until(lambda: isinstance(app.screen, UnsavedQuitScreen))
        await pilot.press("ctrl+q")  # twice: quit anyway
        await wait_until(lambda: not app.is_running)

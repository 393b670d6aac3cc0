"""What keeps keys quick in a flood, checked without timing anything: the inspector switches
panels without laying out the screen, status lines redraw without layout, and the socket is read
in small bites."""

from __future__ import annotations

import asyncio
import time

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Label, Static

from app.internals.textual_parts import LAYOUT_HANDLER
from app.internals.websockets_parts import read_in_bites
from app.log.events import Event
from app.net.connection.tracked_connection import READ_BYTES
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.inspector.field_row import FieldRow
from app.ui.inspector.inspector import Inspector
from app.ui.log.view import FLOOD_ROWS, FRAME_INTERVAL, LogView
from app.ui.widgets.quiet_update import show_text
from tests.helpers.common import LOCAL, echo, wait_until
from tests.helpers.ui import app_with_scene, field_row, select_slot, shown_in_view

PLAIN_AND_CHAT = '[[slot]]\npath = "Root/Plain"\n\n[[component]]\nslot = "Root/Chat"\ntype = "WebsocketClient"\n'


def layout_requests(monkeypatch) -> list[str]:
    """Every widget that asks its screen for a layout pass from now on."""
    from textual.screen import Screen

    seen: list[str] = []
    original = getattr(Screen, LAYOUT_HANDLER)

    async def spy(self, message):
        seen.append(repr(message.widget))
        return await original(self, message)

    monkeypatch.setattr(Screen, LAYOUT_HANDLER, spy)
    return seen


async def test_switching_between_kept_panels_lays_nothing_out(ws_server, paths, monkeypatch):
    server = await ws_server(echo)
    app = app_with_scene(paths, PLAIN_AND_CHAT + f'URL = "{server.url()}"\n', grant=server.port)
    session = app.session
    async with app.run_test(size=(120, 40)) as pilot:
        client = session.scene.find_component("Root/Chat/WebsocketClient")
        await wait_until(lambda: client["IsConnected"])
        for path in ("Root/Chat", "Root/Plain"):  # both shapes of panel now exist
            await select_slot(pilot, path)
        inspector = app.query_one(Inspector)
        requests = layout_requests(monkeypatch)
        for path in ("Root/Chat", "Root/Plain", "Root/Chat", "Root/Plain", "Root/Chat"):
            await select_slot(pilot, path)
            title = str(app.slot_panel.query_one("#slot-title", Static).content)
            assert title == f"Slot: {path.split('/')[-1]}"
        await asyncio.sleep(1.3)  # "connected for 00:00:0N" has changed at least once
        await pilot.pause()
        assert shown_in_view(inspector)
        assert requests == []


class Labels(App[None]):
    CSS = "#fixed { width: 20; height: 1; } #auto { width: auto; height: 1; }"

    def compose(self) -> ComposeResult:
        yield Static(Text("one"), id="fixed")
        yield Label(Text("one"), id="auto")


async def test_show_text_lays_out_only_when_the_size_can_change():
    app = Labels()
    async with app.run_test() as pilot:
        await pilot.pause()
        fixed, auto = app.query_one("#fixed", Static), app.query_one("#auto", Label)
        show_text(fixed, Text("a longer line"))
        assert not fixed._layout_required and fixed.content == Text("a longer line")
        show_text(auto, Text("two"))  # the same width
        assert not auto._layout_required
        show_text(auto, Text("three"))
        assert auto._layout_required
        await pilot.pause()
        assert app.screen.get_widget_at(*auto.region.offset)[0] is auto
        assert auto.region.width == 5


async def test_the_socket_is_read_in_small_bites():
    """A megabyte arrives in reads of at most READ_BYTES, not asyncio's 256 KiB."""
    payload = bytes(1024 * 1024)

    async def send_all(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(payload)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(send_all, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    chunks: list[int] = []
    done = asyncio.get_running_loop().create_future()

    class Counting(asyncio.Protocol):
        def connection_made(self, transport) -> None:
            read_in_bites(transport, READ_BYTES)

        def data_received(self, data: bytes) -> None:
            chunks.append(len(data))

        def connection_lost(self, exc) -> None:
            done.set_result(None)

    await asyncio.sleep(0)
    transport, _ = await asyncio.get_running_loop().create_connection(Counting, "127.0.0.1", port)
    await asyncio.sleep(0.2)  # let the whole megabyte queue up in the socket first
    await asyncio.wait_for(done, 10)
    transport.close()
    server.close()
    await server.wait_closed()
    assert sum(chunks) == len(payload)
    assert max(chunks) <= READ_BYTES


async def test_the_first_visit_to_a_client_slot_builds_nothing(paths, monkeypatch):
    """The scene's shapes of slot get their panels right after start."""
    app = app_with_scene(paths, '[[component]]\nslot = "Root/Chat"\ntype = "WebsocketClient"\n')
    async with app.run_test(size=(120, 40)) as pilot:
        inspector = app.query_one(Inspector)
        await wait_until(lambda: len(inspector.children) == 2)
        await pilot.pause()
        requests = layout_requests(monkeypatch)
        await select_slot(pilot, "Root/Chat")
        assert app.slot_panel.slot.path == "Root/Chat" and requests == []


async def test_a_flood_is_drawn_every_other_tick_and_nothing_is_lost(paths):
    """Over FLOOD_ROWS new entries in a tick: the log skips one tick (never two), then shows all."""
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.query_one(LogView)
        await pilot.pause()
        shown = log.virtual_size.height

        def flood(count: int) -> None:
            for i in range(count):
                message = {"type": "text", "data": str(i), "size": 1}
                app.session.sink.emit(Event("Root/F/WebsocketClient", "recv", message))

        log._last_frame = time.monotonic()  # a frame was just drawn
        flood(FLOOD_ROWS + 1)
        log.catch_up()
        assert log.virtual_size.height == shown  # skipped: the socket gets the time
        log._last_frame = time.monotonic() - 2 * FRAME_INTERVAL  # the next tick: the last frame was two ago
        flood(FLOOD_ROWS + 1)
        log.catch_up()
        assert log.virtual_size.height == shown + 2 * (FLOOD_ROWS + 1)  # never two skips in a row
        log._last_frame = time.monotonic()
        flood(10)  # a trickle is drawn at once
        log.catch_up()
        assert log.virtual_size.height == shown + 2 * (FLOOD_ROWS + 1) + 10


async def test_tab_never_reaches_a_panel_out_of_view(paths):
    app = app_with_scene(paths, PLAIN_AND_CHAT)
    async with app.run_test(size=(120, 40)) as pilot:
        inspector = app.query_one(Inspector)
        for path in ("Root/Chat", "Root/Plain"):
            await select_slot(pilot, path)
            hidden = {w for p in inspector.children if p is not inspector.current for w in p.walk_children()}
            chain = app.screen.focus_chain
            assert hidden and not hidden & set(chain)
            assert any(inspector.current in w.ancestors for w in chain)  # the shown panel's editors are there


async def test_more_shapes_than_kept_panels(paths):
    """Eight shapes of slot (the root, and 0 to 6 clients): at most KEEP panels stay, and
    every visit, including back to an evicted shape, shows the right slot in view."""
    tables = ['[[slot]]\npath = "Root/S0"\n']
    for k in range(1, 7):
        tables += [
            f'[[component]]\nslot = "Root/S{k}"\ntype = "WebsocketClient"\nAccessReason = "{k}.{i}"\n' for i in range(k)
        ]
    app = app_with_scene(paths, "\n".join(tables))
    async with app.run_test(size=(120, 40)) as pilot:
        inspector = app.query_one(Inspector)
        for path in [f"Root/S{k}" for k in range(7)] + ["Root", "Root/S1", "Root/S6", "Root/S0"]:
            await select_slot(pilot, path)
            panel = app.slot_panel
            assert panel.slot.path == path and shown_in_view(inspector)
            assert len(inspector.children) <= Inspector.KEEP
            reasons = [str(row.editor.value) for row in panel.query(FieldRow) if row.spec.name == "AccessReason"]
            k = int(path[-1]) if path != "Root" else 0
            assert reasons == [f"{k}.{i}" for i in range(k)]


async def test_keys_never_go_on_into_a_panel_scrolled_out_of_view(paths):
    """Typing in a field, then attaching a component (the slot changes shape, so another panel
    comes into view): the typing must not go on, unseen, into the old panel's field."""
    app = app_with_scene(paths, PLAIN_AND_CHAT)
    async with app.run_test(size=(120, 40)) as pilot:
        inspector = app.query_one(Inspector)
        await wait_until(lambda: len(inspector.children) == 3)  # Root, Plain, Chat
        await select_slot(pilot, "Root/Chat", focus_tree=True)
        await pilot.press("e")
        old_url = field_row(app, "URL").editor
        assert app.focused is old_url
        await pilot.press("f4")
        await pilot.pause(0.3)
        await pilot.press("enter")  # attach a second WebsocketClient
        chat = app.session.scene.find_slot("Root/Chat")
        await wait_until(lambda: len(chat.components) == 2 and shown_in_view(inspector))
        await pilot.pause(0.2)
        assert app.focused is None or inspector.current in app.focused.ancestors
        await pilot.press(*"ws://hidden.example/", "enter")
        await pilot.pause(0.2)
        assert [c["URL"] for c in chat.components] == ["", ""]


async def test_the_slot_panel_follows_a_key_at_once_and_a_quick_series_ends_on_the_last_slot(paths):
    """No rest for the cursor first (Resonite shows the slot at once): after a key press, the new
    slot's panel is there once the app has handled what is queued, with no timer to wait for; a
    quick series of presses shows every slot in turn or skips to the newest, never an older one."""
    scene = "".join(f'[[component]]\nslot = "Root/C{k}"\ntype = "WebsocketClient"\n\n' for k in range(1, 6))
    app = app_with_scene(paths, PLAIN_AND_CHAT + "\n" + scene)
    async with app.run_test(size=(120, 40)) as pilot:
        await select_slot(pilot, "Root/Plain", focus_tree=True)
        await pilot.press("down")
        await pilot.pause()
        assert app.slot_panel.slot.path == "Root/Chat"
        await pilot.press("down", "down", "down", "up", "down", "down")
        await pilot.pause()
        assert app.slot_panel.slot.path == "Root/C4"
        assert str(app.slot_panel.query_one("#slot-title", Static).content) == "Slot: C4"

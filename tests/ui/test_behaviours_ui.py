"""The ProtoFlux behaviours in the real app: cards, Attach Component, the log's `by`, the filter,
and the saved messages picker (sent, and put in the send bar)."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, OptionList, Static

from app.log.filter import ANY_BEHAVIOUR
from app.session import Session, SessionConfig
from app.store.scene_file import read_scene
from app.ui.app import InspectorApp
from app.ui.inspector.attach_component_screen import ComponentPicker
from app.ui.inspector.component_card import ComponentCard
from app.ui.inspector.pairs_editor import PairsArea
from app.ui.log.format import describe
from app.ui.log.view import LogView
from app.ui.send.saved_picker import SavedPicker
from app.ui.send.send_bar import SendBar
from tests.helpers.common import LOCAL, echo, wait_until
from tests.helpers.ui import app_with_scene, chat_client, select_slot, unsafe

SIZE = (140, 45)


async def collecting(ws, inbox: list) -> None:
    async for message in ws:
        inbox.append(message)


def scene_text(url: str) -> str:
    return (
        chat_client(url)
        + """
[[component]]
slot = "Root/Chat"
type = "SendOnConnect"
Data = '{"op": "hello", "n": {{n}}}'

[[component]]
slot = "Root/Chat"
type = "SavedMessages"
Messages = [["greet", "hi {{n}}"], ["bye", '{"op": "bye"}']]
"""
    )


async def started(ws_server, paths, inbox: list) -> tuple[InspectorApp, Session]:
    server = await ws_server(lambda ws: collecting(ws, inbox))
    app = app_with_scene(paths, scene_text(server.url()), grant=server.port)
    return app, app.session


async def test_saved_messages_are_sent_from_the_picker_and_edited_in_the_send_bar(ws_server, paths):
    inbox: list = []
    app, session = await started(ws_server, paths, inbox)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: inbox == ['{"op": "hello", "n": 1}'])
        await select_slot(pilot, "Root/Chat")
        bar = app.query_one(SendBar)
        bar.input.focus()
        await pilot.press("ctrl+o")
        await wait_until(lambda: isinstance(app.screen, SavedPicker))
        await pilot.press("enter")  # the first: greet
        await wait_until(lambda: inbox[-1:] == ["hi 1"])
        sent = [e for e in session.log.entries if e.event == "send" and e.extra.get("data") == "hi 1"]
        assert sent[0].extra["by"] == "Root/Chat/SavedMessages"
        await pilot.press("ctrl+o")
        await wait_until(lambda: isinstance(app.screen, SavedPicker))
        await pilot.press("down", "e")
        await wait_until(lambda: bar.input.value == '{"op": "bye"}')
        await pilot.press("end", "backspace", *', "now": 1}', "enter")
        await wait_until(lambda: inbox[-1:] == ['{"op": "bye", "now": 1}'])
        assert not isinstance(app.screen, SavedPicker)
    saved = read_scene(paths.scene_file, LOCAL).find_component("Root/Chat/SavedMessages")
    assert saved["Messages"] == (("greet", "hi {{n}}"), ("bye", '{"op": "bye"}'))


async def test_a_behaviour_card_its_status_the_log_row_and_the_filter(ws_server, paths):
    inbox: list = []
    app, session = await started(ws_server, paths, inbox)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: len(inbox) == 1)
        await select_slot(pilot, "Root/Chat")
        card = next(c for c in app.slot_panel.query(ComponentCard) if c.component.TYPE_NAME == "SendOnConnect")
        line = card.query_one(".card-behaviour", Static)
        await wait_until(lambda: str(line.render()) == "beyond Resonite · sent 1")
        sent = next(e for e in session.log.entries if e.event == "send")
        assert describe(sent).startswith("by Chat/SendOnConnect  text")
        # a refused template: the reason under the field, the value kept
        row = next(r for r in card.query("FieldRow") if r.spec.name == "Data")
        editor = row.query_one(Input)
        editor.value = "{{oops}}"
        editor.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "not a placeholder" in str(row.query_one(".field-error", Static).render())
        assert card.component["Data"] == '{"op": "hello", "n": {{n}}}'
        # the filter: only what behaviours sent
        app.query_one(SendBar).input.focus()
        await pilot.pause()
        await pilot.press(*"typed", "enter")
        await wait_until(lambda: inbox[-1:] == ["typed"])
        app.main_screen.action_filter()
        await pilot.pause()
        by = app.query_one("#filter-by")
        assert "Root/Chat/SendOnConnect" in [value for _label, value in by._options]
        by.value = ANY_BEHAVIOUR
        app.query_one("#filter-direction").value = "sent"
        log = app.query_one(LogView)
        await wait_until(lambda: [e.extra.get("data") for e in log.shown_events()] == ['{"op": "hello", "n": 1}'])


async def card_of(app: InspectorApp, type_name: str) -> ComponentCard:
    def found() -> list[ComponentCard]:
        return [c for c in app.slot_panel.query(ComponentCard) if type_name == c.component.TYPE_NAME]

    await wait_until(lambda: bool(found()))
    return found()[0]


async def test_attach_component_lists_the_behaviours_under_protoflux(paths):
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        app.main_screen.action_attach()
        await wait_until(lambda: isinstance(app.screen, ComponentPicker))
        await pilot.press(*"protoflux")
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == [
            "ProtoFlux/ReplyOnMatch",
            "ProtoFlux/SavedMessages",
            "ProtoFlux/SendOnConnect",
            "ProtoFlux/SendPeriodically",
        ]
        await pilot.press("enter")
        await wait_until(lambda: any(c.TYPE_NAME == "ReplyOnMatch" for c in app.session.scene.components()))
        card = await card_of(app, "ReplyOnMatch")
        await wait_until(lambda: str(card.query_one(".card-behaviour", Static).render()) == "beyond Resonite · sent 0")


async def saved_messages_editor(pilot) -> tuple[ComponentCard, PairsArea]:
    """Chat's SavedMessages card and its Messages editor, focused, the cursor at the end."""
    await select_slot(pilot, "Root/Chat")
    card = await card_of(pilot.app, "SavedMessages")
    area = next(r for r in card.query("FieldRow") if r.spec.name == "Messages").query_one(PairsArea)
    area.focus()
    area.move_cursor(area.document.end)
    return card, area


async def test_saved_messages_are_typed_one_pair_a_line_and_applied_on_leaving(ws_server, paths):
    inbox: list = []
    app, _session = await started(ws_server, paths, inbox)
    async with app.run_test(size=SIZE) as pilot:
        card, area = await saved_messages_editor(pilot)
        await pilot.press("enter", *"third: {{n}}")
        await pilot.press("tab")
        await wait_until(lambda: len(card.component["Messages"]) == 3)
        assert card.component["Messages"][2] == ("third", "{{n}}")
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"bad: {{x}}", "tab")
        row = next(r for r in card.query("FieldRow") if r.spec.name == "Messages")
        await wait_until(lambda: "bad: {{x}} is not a placeholder" in str(row.query_one(".field-error").render()))
        assert len(card.component["Messages"]) == 3
        area.focus()
        await pilot.press("escape")
        assert area.text == card.component.format("Messages")


async def test_escape_sequences_pasted_into_a_list_of_pairs_are_drawn_as_pictures(ws_server, paths):
    inbox: list = []
    app, _session = await started(ws_server, paths, inbox)
    async with app.run_test(size=SIZE) as pilot:
        _card, area = await saved_messages_editor(pilot)
        hostile = "\x1b[2J\x1b]0;owned\x07\u202e\tend"
        await pilot.press("enter")
        area.insert(f"evil: {hostile}")  # as a paste does
        await pilot.pause()
        assert hostile in area.text  # kept exactly, for the field to refuse or take
        drawn = [area.render_line(y).text for y in range(area.size.height)]
        assert any("evil:" in line for line in drawn)
        assert all(unsafe(line) == [] for line in drawn), drawn


async def test_a_stopped_reply_loop_shows_its_reason_on_the_card(ws_server, paths):
    server = await ws_server(echo)
    scene = chat_client(server.url()) + (
        '\n[[component]]\nslot = "Root/Chat"\ntype = "SendOnConnect"\nData = "hello"\n\n'
        '[[component]]\nslot = "Root/Chat"\ntype = "ReplyOnMatch"\nPattern = "hello"\nReply = "hello again"\n'
    )
    app = app_with_scene(paths, scene, grant=server.port)
    async with app.run_test(size=SIZE) as pilot:
        await select_slot(pilot, "Root/Chat")
        card = await card_of(app, "ReplyOnMatch")
        line = card.query_one(".card-behaviour", Static)
        await wait_until(lambda: "✗ reply loop stopped: its own reply came back" in str(line.render()))
        assert not card.query_one(".card-enabled", Checkbox).value

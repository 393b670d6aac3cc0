"""`serve` as the mock of a real server: the app's WebsocketClient, typed into through the send bar,
gets the recorded messages in order, in step with what it sends."""

from __future__ import annotations

from app.log.script import connections_by_client
from app.net.servers.recording_server import Note, RecordingServer
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.send.send_bar import SendBar
from tests.helpers.common import LOCAL, wait_until
from tests.helpers.recordings import GREETING, echo_session, message
from tests.helpers.ui import select_slot

SIZE = (120, 40)


def received(session: Session) -> list[object]:
    return [e.extra["data"] for e in session.log.entries if e.event == "recv"]


async def test_the_app_gets_the_recording_in_step_with_what_it_sends(paths):
    recording = echo_session()
    recording.insert(4, message("recv", "a second reply to hello", 100.3))
    notes: list[Note] = []
    server = RecordingServer(connections_by_client(recording), notes.append)
    await server.start()
    try:
        session = Session(SessionConfig(paths=paths, local_user=LOCAL, url=server.urls()[0][1]))
        app = InspectorApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(lambda: received(session) == [GREETING])
            await select_slot(pilot, "Root/Command line")
            bar = app.query_one(SendBar)
            bar.input.focus()
            await pilot.press(*"hello", "enter")
            await wait_until(lambda: len(received(session)) == 3)
            assert received(session) == [GREETING, "hello", "a second reply to hello"]
            await pilot.press(*"not what was recorded", "enter")
            await wait_until(lambda: len(received(session)) == 4)
            assert received(session)[-1] == '{"a": 1, "ts": 5}'
            departed = [n for n in notes if n.kind == "departed"]
            assert [(n.message.data, n.expected.data) for n in departed if n.message and n.expected] == [
                ("not what was recorded", '{"a": 1, "ts": 5}')
            ]
    finally:
        await server.stop()

"""The demo as a new user meets it: the echo stays up, only Silent shows the idle timeout."""

from __future__ import annotations

import asyncio

from app.session import Session, SessionConfig
from tests.helpers.common import LOCAL, wait_until

ECHO = "Root/Demo/Echo/WebsocketClient"
SILENT = "Root/Demo/Silent/WebsocketClient"


async def test_only_the_silent_demo_client_meets_the_idle_timeout(paths):
    session = Session(SessionConfig(paths=paths, local_user=LOCAL, demo=True, idle_timeout=0.6))
    await session.start()
    try:
        echo = session.scene.find_component(ECHO)
        assert echo is not None
        await wait_until(lambda: echo["IsConnected"])
        await wait_until(lambda: any(e.client == SILENT and e.event == "timeout" for e in session.log.entries))
        await asyncio.sleep(1.0)  # more than the idle timeout again
        assert echo["IsConnected"]
        assert not [e for e in session.log.entries if e.client == ECHO and e.event in ("timeout", "disconnected")]
    finally:
        await session.stop()

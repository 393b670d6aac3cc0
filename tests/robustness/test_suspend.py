"""The app stopped (SIGSTOP, or Ctrl+Z) longer than the idle timeout, then continued: a healthy
connection is kept, since the silence was the app's, not the server's."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys

from tests.helpers.tmux import ROOT


async def test_a_suspend_longer_than_the_idle_timeout_is_not_an_idle_timeout(ws_server):
    async def ticker(ws):
        for n in range(1000):
            await ws.send(f"tick {n}")
            await asyncio.sleep(0.2)

    server = await ws_server(ticker)
    client = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.helpers.suspend_client",
        server.url(),
        "6",
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
    )
    assert client.stdout is not None
    while json.loads(await client.stdout.readline())["event"] != "connected":
        pass
    await asyncio.sleep(0.5)
    client.send_signal(signal.SIGSTOP)  # 2.5 s away, the idle timeout is 1 s; the server goes on
    await asyncio.sleep(2.5)
    client.send_signal(signal.SIGCONT)
    output, _ = await asyncio.wait_for(client.communicate(), 30)
    events = [json.loads(line) for line in output.decode().splitlines()]
    kinds = [e["event"] for e in events]
    assert "timeout" not in kinds, events
    assert kinds.count("connected") == 0  # the first one was read above; no reconnect
    assert events[-2]["count"] >= 20  # the ticks kept coming, those sent while away included

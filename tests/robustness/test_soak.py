"""Soak (kept out of the default run: `pytest -m soak -s`): 5 clients at 1,000 messages/s each,
the server dropping connections at random every 10 to 30 s. SOAK_SECONDS sets the length (300)."""

from __future__ import annotations

import asyncio
import os
import random
import time

import pytest
from websockets.asyncio.server import ServerConnection

from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from tests.helpers.common import LOCAL, wait_until

CLIENTS = 5
RATE = 1000


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


@pytest.mark.soak
async def test_soak(ws_server, paths):
    seconds = float(os.environ.get("SOAK_SECONDS", "300"))
    open_paths: set[str] = set()
    drops = {"abort": 0, "close": 0}

    async def handler(ws: ServerConnection) -> None:
        path = ws.request.path if ws.request else "/"
        open_paths.add(path)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + random.uniform(10, 30)
        start, sent = loop.time(), 0
        try:
            while loop.time() < deadline:
                due = int((loop.time() - start) * RATE)
                while sent < due:
                    await ws.send(f"{path} {sent:08d} " + "x" * 70)
                    sent += 1
                await asyncio.sleep(0.01)
            if random.random() < 0.5:
                drops["abort"] += 1
                open_paths.discard(path)
                ws.transport.abort()
            else:
                drops["close"] += 1
                open_paths.discard(path)
                await ws.close(1001, "soak drop")
        except Exception:  # noqa: BLE001 - the client went away
            pass
        finally:
            open_paths.discard(path)

    server = await ws_server(handler)
    scene = "".join(
        f'[[component]]\nslot = "Root/C{n}"\ntype = "WebsocketClient"\nURL = "{server.url(f"/c{n}")}"\n'
        "ConnectRetryInterval = 1.0\n"
        for n in range(CLIENTS)
    )
    paths.scene_file.parent.mkdir(parents=True, exist_ok=True)
    paths.scene_file.write_text(scene)
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text(f'allowed_hosts = ["127.0.0.1:{server.port}"]\nlog_limit = 100000\n')
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=(160, 45)):
        session = app.session
        clients = {f"/c{n}": session.scene.find_component(f"Root/C{n}/WebsocketClient") for n in range(CLIENTS)}
        await wait_until(lambda: all(c["IsConnected"] for c in clients.values()), timeout=10)
        started = time.monotonic()
        mismatch_since: dict[str, float] = {}
        worst_mismatch = 0.0
        samples: list[tuple[float, float]] = []
        while time.monotonic() - started < seconds:
            await asyncio.sleep(0.25)
            now = time.monotonic()
            for path, client in clients.items():
                if client["IsConnected"] != (path in open_paths):
                    first = mismatch_since.setdefault(path, now)
                    worst_mismatch = max(worst_mismatch, now - first)
                else:
                    mismatch_since.pop(path, None)
            if not samples or now - samples[-1][0] >= 5:
                samples.append((now, rss_mb()))
        total = session.log.total
        connects = {path: session.stats.clients[c.path].connects for path, c in clients.items()}
        await wait_until(lambda: all(c["IsConnected"] for c in clients.values()), timeout=3)
    late = [mb for t, mb in samples if t - started > seconds * 2 / 3]
    report = (
        f"\nsoak {seconds:.0f} s: {total:,} log entries, drops {drops}, connects {connects}, "
        f"longest IsConnected/server disagreement {worst_mismatch * 1000:.0f} ms, "
        f"RSS start {samples[0][1]:.0f} MB, peak {max(mb for _, mb in samples):.0f} MB, end {samples[-1][1]:.0f} MB"
    )
    print(report)
    assert worst_mismatch < 1.5, report  # only the moment of a transition
    assert all(n >= 2 for n in connects.values()) or seconds < 40, report
    assert max(mb for _, mb in samples) < 400, report
    if late:
        assert max(late) - min(late) < 60, report  # no steady growth once the log is full

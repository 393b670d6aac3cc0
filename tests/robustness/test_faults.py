"""Faults: a server killed mid-stream, the app killed mid-save, a resize during a flood."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from app.session import Session, SessionConfig
from app.store.scene_file import read_scene
from app.ui.app import InspectorApp
from app.ui.log.view import LogView
from tests.helpers.common import LOCAL, wait_until

ROOT = Path(__file__).resolve().parents[2]

NUMBERED_SERVER = textwrap.dedent(
    """
    import asyncio, sys
    from websockets.asyncio.server import serve
    port, sent_log = int(sys.argv[1]), open(sys.argv[2], "a", buffering=1)
    async def handler(ws):
        n = 0
        while True:
            await ws.send(f"msg {n}")
            sent_log.write(f"{n}\\n")
            n += 1
            await asyncio.sleep(0.002)
    async def main():
        async with serve(handler, "127.0.0.1", port, compression=None, ping_interval=None):
            print("ready", flush=True)
            await asyncio.Future()
    asyncio.run(main())
    """
)


def start_server(port: int, sent_log: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", NUMBERED_SERVER, str(port), str(sent_log)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


async def test_server_killed_mid_stream_and_restarted(paths, tmp_path, unused_tcp_port):
    port = unused_tcp_port
    sent_log, record = tmp_path / "sent.txt", tmp_path / "rec.jsonl"
    server = start_server(port, sent_log)
    session = Session(
        SessionConfig(paths=paths, local_user=LOCAL, url=f"ws://127.0.0.1:{port}/", retry_interval=0.5, record=record)
    )
    await session.start()
    try:
        client = next(session.scene.components())
        await wait_until(lambda: client["IsConnected"])
        await asyncio.sleep(0.5)
        server.send_signal(signal.SIGKILL)
        server.wait()
        killed_at = time.monotonic()
        sent_before_death = {int(line) for line in sent_log.read_text().split()}
        await wait_until(lambda: not client["IsConnected"])
        server = start_server(port, tmp_path / "sent-again.txt")
        await wait_until(lambda: client["IsConnected"], timeout=5)
        assert time.monotonic() - killed_at <= 0.5 + 1.0
    finally:
        await session.stop()
        server.kill()
        server.wait()
    lines = [json.loads(line) for line in record.read_text().splitlines()]
    received = [int(e["data"].split()[1]) for e in lines if e["event"] == "recv"]
    first_run = received[: received.index(0, 1)] if 0 in received[1:] else received
    assert sent_before_death and sent_before_death <= set(first_run), "the recording lost messages"
    kinds = [e["event"] for e in lines]
    assert kinds.count("connected") == 2
    disconnected = next(e for e in lines if e["event"] == "disconnected")
    assert disconnected["by"] == "error" and disconnected["code"] == 1006


SAVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.model import Scene, Users, WebsocketClient
    from app.store.scene_file import SceneFile
    target, count = Path(sys.argv[1]), 0
    file = SceneFile(target)
    file.load()  # what is on disk now: this process's to replace
    print("ready", flush=True)
    while True:
        count += 1
        scene = Scene(Users())
        for n in range(300 + count % 2 * 100):  # two versions: 300 and 400 slots
            slot = scene.root.add_child(f"S{n}")
            client = WebsocketClient()
            client.set("AccessReason", "x" * 200)
            slot.attach_component(client)
        file.save(scene)
    """
)


def test_app_killed_during_autosave_leaves_old_or_new_never_partial(tmp_path):
    target = tmp_path / "scene.toml"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seen_sizes = set()
    for _ in range(12):
        process = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(target)], stdout=subprocess.PIPE, text=True, env=env
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        time.sleep(random.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if not target.exists():
            continue
        scene = read_scene(target)  # raises on a partial file
        count = len(scene.root.children)
        assert count in (300, 400)
        seen_sizes.add(count)
        leftovers = [p.name for p in tmp_path.iterdir() if p.name != "scene.toml"]
        assert all(name.startswith(".scene.toml.") for name in leftovers)  # only temporary files
    assert seen_sizes  # at least one save completed


async def test_resize_during_a_flood(paths, ws_server):
    async def flood(ws):
        n = 0
        try:
            while True:
                await ws.send(f"flood {n:07d} " + "x" * 80)
                n += 1
                if n % 200 == 0:
                    await asyncio.sleep(0)
        except Exception:  # noqa: BLE001 - the client left
            pass

    server = await ws_server(flood)
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, url=server.url(), retry_interval=60)))
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_until(lambda: app.session.log.total > 2000)
        for size in [(80, 24), (200, 60), (40, 12), (120, 40), (160, 45)]:
            await pilot.resize_terminal(*size)
            await pilot.pause(0.1)
            log = app.query_one(LogView)
            assert log.following
            last_row = log.render_line(log.scrollable_content_region.height - 1).text
            assert "recv" in last_row  # still following the newest entries
        assert app.is_running

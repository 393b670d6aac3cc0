"""A worker in a process of its own (so a test can SIGSTOP it) against URL with a 1 s idle
timeout; prints each event except messages as a JSON line, then the number of messages."""

from __future__ import annotations

import asyncio
import json
import sys

from app.log.events import Event
from app.net.connection.options import WorkerOptions
from app.net.connection.worker import ConnectionWorker
from tests.helpers.access import granted
from tests.helpers.common import make_client


async def main(url: str, seconds: float) -> None:
    received = 0

    def sink(event: Event) -> None:
        nonlocal received
        if event.event == "recv":
            received += 1
        else:
            print(json.dumps({"event": event.event, **{k: str(v) for k, v in event.extra.items()}}), flush=True)

    _scene, client = make_client(url, interval=0.2)
    worker = ConnectionWorker(client, sink, granted(url), WorkerOptions(idle_timeout=1.0))
    worker.start()
    await asyncio.sleep(seconds)
    print(json.dumps({"event": "received", "count": received}), flush=True)
    await worker.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2])))

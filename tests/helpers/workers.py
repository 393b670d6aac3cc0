"""A connection worker for one client in a scene of its own, started against a test's server."""

from __future__ import annotations

from app.net.connection.options import WorkerOptions
from app.net.connection.worker import ConnectionWorker
from tests.helpers.access import granted
from tests.helpers.common import make_client


def start_worker(url: str, events, interval: float = 0.2, **options) -> ConnectionWorker:
    """`options` are WorkerOptions; the host is granted; events go to `events`."""
    _scene, client = make_client(url, interval=interval)
    worker = ConnectionWorker(client, events, granted(url), WorkerOptions(**options))
    worker._scene = _scene  # keep the scene alive with the worker
    worker.start()
    return worker

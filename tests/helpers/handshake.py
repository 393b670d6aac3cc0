"""A client with a WebsocketHandshake on its slot, run by the real registry; a server that answers
with the handshake it received."""

from __future__ import annotations

import json
from typing import Any

from websockets.asyncio.server import ServerConnection

from app.log.events import EventSink
from app.model import WebsocketHandshake
from app.net.connection.options import WorkerOptions
from app.net.connections import SceneConnections
from tests.helpers.access import granted
from tests.helpers.common import make_client


async def mirror(ws: ServerConnection) -> None:
    """Sends the request headers it received (every one, in order, repeats kept), then echoes."""
    await ws.send(json.dumps({"headers": list(ws.request.headers.raw_items()), "path": ws.request.path}))
    async for message in ws:
        await ws.send(message)


def headers_of(event: Any) -> list[list[str]]:
    return json.loads(event.extra["data"])["headers"]


def with_handshake(url: str, events: Any, options: WorkerOptions | None = None, **fields: Any):
    """A started SceneConnections with a client for url and a WebsocketHandshake set to fields."""
    scene, client = make_client(url)
    handshake = WebsocketHandshake()
    for name, value in fields.items():
        handshake.set(name, value)
    client.slot.attach_component(handshake)
    sink = EventSink()
    sink.subscribe(events)
    connections = SceneConnections(scene, sink.emit, granted(url), options or WorkerOptions())
    connections.start()
    return connections, client, handshake

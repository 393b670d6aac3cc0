"""The behaviour registry: a component type that reacts to its client's connection, against a real server."""

from __future__ import annotations

import asyncio

from websockets.asyncio.server import ServerConnection

from app.log.events import EventSink
from app.model import Component, FieldSpec
from app.model.fields.scalar import BoolType, StringType
from app.net.behaviours import Behaviour, BehaviourRegistry, ClientLink
from app.net.connection.options import Handshake, HandshakeRefused
from app.net.connections import SceneConnections
from tests.helpers.access import granted
from tests.helpers.common import echo, make_client, wait_until


class Probe(Component):
    """A test-only component type: the behaviour below reacts for it."""

    TYPE_NAME = "Probe"
    FIELDS = (*Component.FIELDS, FieldSpec("Client", StringType(), ""), FieldSpec("Refuse", BoolType(), False))


class ProbeBehaviour(Behaviour):
    wants_messages = True

    def __init__(self, component, emit) -> None:
        super().__init__(component, emit)
        self.calls: list[str] = []

    def shape(self, handshake: Handshake) -> None:
        if self.component["Refuse"]:
            raise HandshakeRefused("the probe refuses")
        handshake.headers.append(("X-Probe", "1"))

    def connected(self, link: ClientLink) -> None:
        self.calls.append("connected")
        asyncio.get_running_loop().create_task(link.send("hello from the probe", by=self.component.path))

    def received(self, link: ClientLink, message: str | bytes) -> None:
        self.calls.append(f"received {message}")

    def disconnected(self, link: ClientLink) -> None:
        self.calls.append("disconnected")


def registry() -> BehaviourRegistry:
    reg = BehaviourRegistry()
    reg.register_client("WebsocketClient")
    reg.register("Probe", ProbeBehaviour)
    return reg


async def test_a_registered_behaviour_shapes_the_handshake_and_hears_its_client(ws_server, events):
    seen_headers: list[str | None] = []

    async def handler(ws: ServerConnection) -> None:
        seen_headers.append(ws.request.headers.get("X-Probe"))
        await echo(ws)

    server = await ws_server(handler)
    scene, client = make_client(server.url())
    probe = client.slot.attach_component(Probe())
    sink = EventSink()
    sink.subscribe(events)
    connections = SceneConnections(scene, sink.emit, granted(server.url()), registry=registry())
    connections.start()
    try:
        behaviour = connections.behaviour_for(probe)
        assert isinstance(behaviour, ProbeBehaviour)
        sent = await events.wait_for("send")
        assert sent.extra["by"] == probe.path and sent.extra["data"] == "hello from the probe"
        await wait_until(lambda: "received hello from the probe" in behaviour.calls)
        assert seen_headers == ["1"]
        await server.connections[0].close()
        await wait_until(lambda: "disconnected" in behaviour.calls)
        await events.wait_for("connected", count=2)  # reconnected: OnConnected fires again
        await wait_until(lambda: behaviour.calls.count("connected") == 2)
    finally:
        await connections.stop()


async def test_a_refused_handshake_is_a_logged_failure_and_a_retry(ws_server, events):
    server = await ws_server(echo)
    scene, client = make_client(server.url())
    probe = Probe()
    probe.set("Refuse", True)
    client.slot.attach_component(probe)
    connections = SceneConnections(scene, events, granted(server.url()), registry=registry())
    connections.start()
    try:
        retry = await events.wait_for("retry")
        assert retry.extra["reason"] == "the probe refuses"
        assert server.connections == []
        probe.set("Refuse", False)
        connections.worker_for(client).reconnect()
        await events.wait_for("connected")
    finally:
        await connections.stop()


async def test_the_client_reference_follows_a_slot_path_and_a_rename(ws_server, events):
    server = await ws_server(echo)
    scene, client = make_client(server.url(), slot_name="Chat")
    other = scene.root.add_child("Automation")
    probe = Probe()
    probe.set("Client", "Root/Chat")
    other.attach_component(probe)
    connections = SceneConnections(scene, events, granted(server.url()), registry=registry())
    connections.start()
    try:
        worker = connections.worker_for(client)
        assert worker.behaviours == (connections.behaviour_for(probe),)
        assert connections.behaviour_for(probe).link is worker
        client.slot.rename("Lobby")
        assert worker.behaviours == ()
        assert connections.behaviour_for(probe).link is None
        probe.set("Client", "Root/Lobby")
        assert worker.behaviours == (connections.behaviour_for(probe),)
        other.remove_component(probe)
        await wait_until(lambda: worker.behaviours == ())
    finally:
        await connections.stop()

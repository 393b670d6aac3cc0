"""Host access: allow, allow once, deny, dismiss, shared questions, revoking."""

from __future__ import annotations

import asyncio

from app.model import WebsocketClient
from app.net.connection.worker import ConnectionWorker
from app.net.host_access import Decision, HostAccess, host_key
from app.ui.inspector.status_words import state_words
from tests.helpers.access import AutoAsker
from tests.helpers.common import echo, make_client


def test_host_key_defaults_ports_and_brackets_ipv6():
    assert host_key("ws://example.com/x") == "example.com:80"
    assert host_key("wss://example.com/x") == "example.com:443"
    assert host_key("ws://[::1]:9000/") == "[::1]:9000"
    assert host_key("ws://Example.COM:81") == "example.com:81"


async def test_allow_is_remembered_and_reported(ws_server, events):
    server = await ws_server(echo)
    saved: list[list[str]] = []
    access = HostAccess()
    access.observe_grants(saved.append)
    asker = AutoAsker(access, Decision.ALLOWED)
    access.set_asker(asker)
    _scene, client = make_client(server.url())
    worker = ConnectionWorker(client, events, access)
    worker.start()
    await events.wait_for("connected")
    decisions = [e.extra["decision"] for e in events.of("host_access")]
    assert decisions == ["asked", "allowed"]
    assert saved == [[host_key(server.url())]]
    # a later connection does not ask again
    client.set("URL", server.url("/again"))
    await events.wait_for("connected", 2)
    assert asker.asked == [host_key(server.url())]
    assert events.of("host_access")[-1].extra["decision"] == "remembered"
    await worker.stop()


async def test_deny_never_retries_until_a_change(ws_server, events):
    server = await ws_server(echo)
    access = HostAccess()
    access.set_asker(AutoAsker(access, Decision.DENIED))
    _scene, client = make_client(server.url(), interval=0.1)
    worker = ConnectionWorker(client, events, access)
    worker.start()
    await events.wait_for("host_access", decision="denied")
    await asyncio.sleep(0.3)
    assert not server.connections
    assert not events.of("retry")
    assert state_words(worker.state) == "denied"
    # connecting by hand asks again
    access.asker.decision = Decision.ALLOWED_ONCE
    worker.connect()
    await events.wait_for("connected")
    assert access.remembered == []
    assert access.is_granted(host_key(server.url()))
    await worker.stop()


async def test_dismiss_counts_as_deny_for_this_attempt(ws_server, events):
    server = await ws_server(echo)
    access = HostAccess()
    access.set_asker(AutoAsker(access, Decision.DISMISSED))
    _scene, client = make_client(server.url(), interval=0.1)
    worker = ConnectionWorker(client, events, access)
    worker.start()
    denied = await events.wait_for("host_access", decision="denied")
    assert denied.extra["reason"] == "dialog dismissed"
    await asyncio.sleep(0.3)
    assert not server.connections
    assert not access.is_granted(host_key(server.url()))
    await worker.stop()


async def test_clients_waiting_on_one_host_share_one_question(ws_server, events):
    server = await ws_server(echo)
    access = HostAccess()
    asker = AutoAsker(access, None)
    access.set_asker(asker)
    scene, first = make_client(server.url("/one"))
    second = WebsocketClient()
    second.set("HandlingUser", first["HandlingUser"])
    second.set("URL", server.url("/two"))
    scene.root.add_child("Other").attach_component(second)
    workers = [ConnectionWorker(c, events, access) for c in (first, second)]
    for worker in workers:
        worker.start()
    await events.wait_for("host_access", 2, decision="asked")
    assert asker.asked == [host_key(server.url())]
    assert [r.requester for r in access.pending(host_key(server.url()))] == [first.path, second.path]
    access.decide(host_key(server.url()), Decision.ALLOWED_ONCE)
    await events.wait_for("connected", 2)
    for worker in workers:
        await worker.stop()


async def test_a_withdrawn_question_is_taken_back(ws_server, events):
    server = await ws_server(echo)
    access = HostAccess()
    asker = AutoAsker(access, None)
    access.set_asker(asker)
    _scene, client = make_client(server.url())
    worker = ConnectionWorker(client, events, access)
    worker.start()
    await events.wait_for("host_access", decision="asked")
    client.set("Enabled", False)
    await asyncio.sleep(0.05)
    assert asker.withdrawn == [host_key(server.url())]
    assert access.pending(host_key(server.url())) == []
    await worker.stop()


async def test_revoked_grant_asks_again(ws_server, events):
    server = await ws_server(echo)
    key = host_key(server.url())
    access = HostAccess(remembered=[key])
    asker = AutoAsker(access, Decision.DENIED)
    access.set_asker(asker)
    assert access.revoke(key)
    _scene, client = make_client(server.url())
    worker = ConnectionWorker(client, events, access)
    worker.start()
    await events.wait_for("host_access", decision="denied")
    assert asker.asked == [key]
    await worker.stop()

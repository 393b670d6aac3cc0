"""The demo's slots (`--demo`): clients that show an echo, a ticker, the idle timeout, retries, and a
feed driven by behaviours. Not persistent: the user's scene file never holds them."""

from __future__ import annotations

from collections.abc import Callable

from app.model import ReplyOnMatch, SavedMessages, Scene, SendOnConnect, Slot, WebsocketClient
from app.net.servers.demo_server import DemoServer
from app.net.servers.ws_server import unused_port

DEMO_SUBSCRIBE = '{"op": "subscribe", "channel": "ticker", "id": {{n}}}'
DEMO_PING = r'^\{"op": ?"ping", ?"id": ?(?P<id>\d+)'
DEMO_PONG = '{"op": "pong", "id": {{id}}}'
DEMO_SAVED = (
    ("subscribe", '{"op": "subscribe", "channel": "ticker"}'),
    ("unsubscribe", '{"op": "unsubscribe"}'),
    ("hello", '{"op": "hello", "at": "{{now}}"}'),
)


def add_demo_slots(scene: Scene, server: DemoServer, grant: Callable[[str], None]) -> Slot:
    """Add the Demo slot; `grant` allows a URL's host for this run. Returns the slot shown first
    (the Ticker: live traffic from the first second)."""
    demo = scene.root.add_child("Demo", persistent=False)
    nowhere = f"ws://127.0.0.1:{unused_port()}/"
    clients = [
        ("Echo", server.url("/echo"), "Echo server: sends back what you send", 5.0),
        ("Ticker", server.url("/ticker"), "Sends a JSON tick every second", 5.0),
        ("Silent", server.url("/silent"), "Never sends: shows the idle timeout", 5.0),
        ("Nowhere", nowhere, "Nothing listens here: shows the retries", 3.0),
    ]
    first = demo
    for name, url, reason, retry in clients:
        slot = demo.add_child(name)
        slot.attach_component(_client(scene, url, reason, retry, grant))
        if name == "Ticker":
            first = slot
    _add_feed(scene, demo.add_child("Feed"), server, grant)
    return first


def _client(scene: Scene, url: str, reason: str, retry: float, grant: Callable[[str], None]) -> WebsocketClient:
    client = WebsocketClient()
    client.set("HandlingUser", scene.users.local)
    client.set("URL", url)
    client.set("AccessReason", reason)
    client.set("ConnectRetryInterval", retry)
    grant(url)
    return client


def _add_feed(scene: Scene, slot: Slot, server: DemoServer, grant: Callable[[str], None]) -> None:
    """A client with behaviours (README, "Behaviours"): it subscribes on every connect, and
    answers the server's pings; saved messages for the send bar's picker."""
    reason = "A price feed: Send on connect subscribes, Reply on match answers pings"
    slot.attach_component(_client(scene, server.url("/feed"), reason, 5.0, grant))
    subscribe = SendOnConnect()
    subscribe.set("Data", DEMO_SUBSCRIBE)
    slot.attach_component(subscribe)
    pong = ReplyOnMatch()
    pong.set("Pattern", DEMO_PING)
    pong.set("Reply", DEMO_PONG)
    slot.attach_component(pong)
    saved = SavedMessages()
    saved.set("Messages", DEMO_SAVED)
    slot.attach_component(saved)

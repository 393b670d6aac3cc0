"""Observers hear real changes only; IsConnected belongs to the worker; the slot tree's paths."""

from __future__ import annotations

import pytest

from app.model import FieldError, Scene, Users, WebsocketClient


def test_observers_hear_real_changes_only():
    client = WebsocketClient()
    heard: list[tuple[str, object, object]] = []
    unsubscribe = client.observe(lambda c, name, old, new: heard.append((name, old, new)))
    client.set_text("URL", "ws://a")
    client.set_text("URL", "ws://a")  # same value: silent
    client.set_text("ConnectRetryInterval", "10")  # 10.0 already: silent
    client.set_text("UpdateOrder", "3")
    with pytest.raises(FieldError):
        client.set_text("UpdateOrder", "x")  # refused: unchanged, silent
    unsubscribe()
    client.set_text("UpdateOrder", "4")
    assert heard == [("URL", "", "ws://a"), ("UpdateOrder", 0, 3)]
    assert client["UpdateOrder"] == 4


def test_is_connected_is_written_only_by_the_worker():
    client = WebsocketClient()
    with pytest.raises(FieldError, match="read-only"):
        client.set("IsConnected", True)
    with pytest.raises(FieldError, match="read-only"):
        client.set_text("IsConnected", "true")
    client.set_connected(True)
    assert client["IsConnected"] is True


def test_paths_are_unique():
    scene = Scene(Users("me"))
    chat = scene.root.add_child("Chat")
    twin = scene.root.add_child("Chat")
    assert twin.name == "Chat 2"
    first, second = WebsocketClient(), WebsocketClient()
    chat.attach_component(first)
    chat.attach_component(second)
    assert first.path == "Root/Chat/WebsocketClient"
    assert second.path == "Root/Chat/WebsocketClient#2"
    assert scene.find_component("Root/Chat/WebsocketClient#2") is second
    with pytest.raises(FieldError, match="already a slot named"):
        twin.rename("Chat")
    with pytest.raises(FieldError, match="'/'"):
        twin.rename("a/b")
    with pytest.raises(FieldError, match="root"):
        scene.root.detach()


def test_scene_changes_flow_to_observers():
    scene = Scene(Users("me"))
    seen = []
    scene.observe(seen.append)
    slot = scene.root.add_child("A")
    client = slot.attach_component(WebsocketClient())
    client.set("URL", "ws://x")
    client.set_connected(True)
    slot.set_active(False)
    slot.detach()
    kinds = [(c.kind, c.name, c.persisted) for c in seen]
    assert kinds == [
        ("added", "", True),
        ("added", "", True),
        ("field", "URL", True),
        ("field", "IsConnected", False),
        ("slot", "active", True),
        ("removed", "", True),
    ]


def test_active_and_persistent_in_hierarchy():
    scene = Scene(Users("me"))
    parent = scene.root.add_child("P", persistent=False)
    child = parent.add_child("C")
    assert not child.persistent_in_hierarchy
    assert child.active_in_hierarchy
    parent.set_active(False)
    assert not child.active_in_hierarchy


def test_users_local_first_and_unique():
    users = Users("me", ["Host", "me", "Host", "Guest"])
    assert users.all() == ["me", "Host", "Guest"]


def test_a_failing_observer_does_not_silence_the_others():
    scene = Scene(Users("me"))
    client = scene.root.add_child("A").attach_component(WebsocketClient())
    heard: list[str] = []
    scene.observe(lambda change: heard.append(change.name))

    def broken(*_args: object) -> None:
        raise RuntimeError("observer bug")

    client.observe(broken)
    client.observe(lambda c, name, old, new: heard.append("second " + name))
    with pytest.raises(RuntimeError, match="observer bug"):
        client.set_connected(True)
    assert client["IsConnected"] is True
    assert heard == ["second IsConnected", "IsConnected"]


def test_duplicate_copies_the_subtree_beside_it():
    scene = Scene(Users("me"))
    chat = scene.root.add_child("Chat")
    inner = chat.add_child("Inner", active=False)
    client = inner.attach_component(WebsocketClient())
    client.set("URL", "ws://a")
    client.set_connected(True)
    scene.root.add_child("After")
    added = []
    scene.observe(lambda change: added.append((change.kind, change.target)))
    twin = chat.duplicate()
    assert [c.name for c in scene.root.children] == ["Chat", "Chat 2", "After"]
    copy = scene.find_component("Root/Chat 2/Inner/WebsocketClient")
    assert copy is not None and copy is not client
    assert copy["URL"] == "ws://a"
    assert copy["IsConnected"] is False  # the worker's, never copied
    assert scene.find_slot("Root/Chat 2/Inner").active is False
    assert added == [("added", twin)]
    assert twin.count() == (2, 1)


def test_insert_parent_moves_the_slot_under_a_new_one():
    scene = Scene(Users("me"))
    scene.root.add_child("A")
    b = scene.root.add_child("B")
    client = b.attach_component(WebsocketClient())
    seen = []
    scene.observe(lambda change: seen.append(change.kind))
    new = b.insert_parent()
    assert [c.name for c in scene.root.children] == ["A", "Parent"]
    assert new.children == [b]
    assert client.path == "Root/Parent/B/WebsocketClient"
    assert seen == ["added", "moved"]
    with pytest.raises(FieldError):
        scene.root.insert_parent()

"""The scene TOML format: round trip, what is saved, atomic writes, and broken files left alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.model import COMPONENT_TYPES, Component, FieldError, FieldSpec, Scene, Users, WebsocketClient
from app.model.fields.lists import PairsType, StringListType
from app.model.tree.slot import MAX_DEPTH
from app.session import Session, SessionConfig
from app.store.scene_file import SceneFile, SceneFileError, read_scene, scene_to_toml

HAND_WRITTEN = """\
format = 1
users = ["Host", "Guest"]        # other users in the session, besides the local user

[[slot]]
path = "Root/Chat"
active = true
persistent = true

[[slot]]
path = "Root/Off/Deep"
active = false

[[component]]
slot = "Root/Chat"
type = "WebsocketClient"
URL = "ws://127.0.0.1:9000/chat"
AccessReason = "Chat relay for the lobby screen"
ConnectRetryInterval = 2.0

[[component]]
slot = "Root/Off/Deep"
type = "WebsocketClient"
HandlingUser = "Guest"
Enabled = false
UpdateOrder = -3

[[component]]
slot = "Root/Off"
type = "WebsocketClient"
HandlingUser = ""
"""


def test_reads_the_readme_format(tmp_path: Path):
    path = tmp_path / "scene.toml"
    path.write_text(HAND_WRITTEN)
    scene = read_scene(path, local_user="me")
    assert scene.users.all() == ["me", "Host", "Guest"]
    chat = scene.find_component("Root/Chat/WebsocketClient")
    assert chat is not None
    assert chat["URL"] == "ws://127.0.0.1:9000/chat"
    assert chat["HandlingUser"] == "me"
    assert chat["ConnectRetryInterval"] == 2.0
    deep = scene.find_component("Root/Off/Deep/WebsocketClient")
    assert deep is not None
    assert (deep["HandlingUser"], deep["Enabled"], deep["UpdateOrder"]) == ("Guest", False, -3)
    assert scene.find_slot("Root/Off/Deep").active is False
    assert scene.find_component("Root/Off/WebsocketClient")["HandlingUser"] is None


def test_round_trip_is_stable(tmp_path: Path):
    path = tmp_path / "scene.toml"
    path.write_text(HAND_WRITTEN)
    scene = read_scene(path, local_user="me")
    again = tmp_path / "again.toml"
    again.write_text(scene_to_toml(scene))
    reread = read_scene(again, local_user="me")
    assert scene_to_toml(reread) == scene_to_toml(scene)
    assert [c.path for c in reread.components()] == [c.path for c in scene.components()]


def test_non_persistent_is_not_saved():
    scene = Scene(Users("me"))
    kept = scene.root.add_child("Kept")
    kept.attach_component(WebsocketClient())
    dropped_component = WebsocketClient()
    dropped_component.set("persistent", False)
    kept.attach_component(dropped_component)
    temp = scene.root.add_child("Temp", persistent=False)
    temp.add_child("Under").attach_component(WebsocketClient())
    text = scene_to_toml(scene)
    assert "Root/Kept" in text
    assert text.count("[[component]]") == 1
    assert "Temp" not in text
    assert "IsConnected" not in text


def test_failing_replace_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "scene.toml"
    path.write_text(HAND_WRITTEN)
    file = SceneFile(path)
    scene = file.load(local_user="me")
    scene.root.add_child("New")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        file.save(scene)
    assert path.read_text() == HAND_WRITTEN
    assert [p.name for p in tmp_path.iterdir()] == ["scene.toml"]  # no temporary file left behind


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("format = 1\n[[slot]\npath = 'Root/A'\n", "line 2, column"),
        (b"\x00\xff\xfe garbage", "not UTF-8"),
        ("[[component]]\nslot = 'Root'\ntype = 'Teleporter'\n", "unknown component type 'Teleporter'"),
        (
            "[[component]]\nslot = 'Root/A'\ntype = 'WebsocketClient'\nConnectRetryInterval = 'soon'\n",
            "component 1 (WebsocketClient on Root/A): ConnectRetryInterval: must be a number",
        ),
        (
            "[[component]]\nslot = 'Root/A'\ntype = 'WebsocketClient'\nUpdateOrder = 4294967296\n",
            "UpdateOrder: must be between",
        ),
        ("[[component]]\nslot = 'Root/A'\ntype = 'WebsocketClient'\nURL = 'http://x'\n", "URL: must start with ws://"),
        ("[[component]]\nslot = 'Root/A'\ntype = 'WebsocketClient'\nColour = 'red'\n", "unknown field 'Colour'"),
        ("[[component]]\nslot = 'Root/A'\ntype = 'WebsocketClient'\nIsConnected = true\n", "IsConnected"),
        ("[[component]]\nslot = 'Root/A'\ntype = 'WebsocketClient'\nHandlingUser = 'Nobody'\n", "no user named"),
        ("[[slot]]\npath = 'Elsewhere/A'\n", "must start with 'Root'"),
        ("[[slot]]\npath = 'Root/A'\nactive = 'yes'\n", "active must be true or false"),
        ("format = 2\n", "format = 2 is not supported"),
        ("colour = 'red'\n", "unknown top-level key 'colour'"),
    ],
)
def test_invalid_files_name_the_problem(tmp_path: Path, content, expected):
    path = tmp_path / "scene.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(SceneFileError) as caught:
        read_scene(path, local_user="me")
    assert expected in str(caught.value)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path):
    path = tmp_path / "scene.toml"
    with path.open("wb") as handle:
        handle.truncate(9 * 1024 * 1024)
    with pytest.raises(SceneFileError, match="at most 8 MiB"):
        read_scene(path)


async def test_invalid_file_is_never_overwritten(paths, tmp_path: Path):
    broken = paths.scene_file
    broken.parent.mkdir(parents=True)
    original = b"format = 1\n[[slot]\n"
    broken.write_bytes(original)
    session = Session(SessionConfig(paths=paths, local_user="me"))
    assert "Cannot use the scene file" in session.notices[0]
    assert "line 2" in session.notices[0]
    assert session.scene_file.path != broken
    assert session.scene_file.path.parent == broken.parent
    await session.start()
    session.scene.root.add_child("Work")
    await session.stop()
    assert broken.read_bytes() == original
    assert "Root/Work" in session.scene_file.path.read_text()


def test_a_file_with_many_problems_is_summarised(tmp_path: Path):
    path = tmp_path / "scene.toml"
    path.write_text("".join(f"[[component]]\nslot = 'Root/S{n}'\ntype = 'Nope'\n" for n in range(50)))
    with pytest.raises(SceneFileError) as caught:
        read_scene(path)
    assert len(caught.value.problems) == 50
    assert caught.value.summary().endswith("; and 40 more problems")
    assert len(str(caught.value)) < 2000


def test_user_names_with_control_characters_are_refused(tmp_path: Path):
    path = tmp_path / "scene.toml"
    path.write_text('users = ["\\u001b]52;c;x\\u001b\\\\Guest"]\n')
    with pytest.raises(SceneFileError, match="printable names"):
        read_scene(path, local_user="me")


def test_slot_names_with_spaces_at_an_end_are_reported(tmp_path: Path):
    path = tmp_path / "scene.toml"
    path.write_text('[[component]]\nslot = "Root/Chat "\ntype = "WebsocketClient"\n')
    with pytest.raises(SceneFileError, match="spaces at an end"):
        read_scene(path, local_user="me")


class Shaped(Component):
    """A test-only type with structured fields, like the handshake and saved-messages components."""

    TYPE_NAME = "Shaped"
    FIELDS = (
        *Component.FIELDS,
        FieldSpec("Headers", PairsType(), ()),
        FieldSpec("Subprotocols", StringListType(), ()),
    )


def test_lists_and_pairs_round_trip_through_the_file(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(COMPONENT_TYPES, "Shaped", Shaped)
    scene = Scene(Users("me"))
    slot = scene.root.add_child("Chat")
    shaped = Shaped()
    headers = [["X-Api-Key", "{{env:CHAT_KEY}}"], ["Accept-Language", "en"], ["X-Api-Key", 'two "quoted"\nlines']]
    shaped.set("Headers", headers)
    shaped.set("Subprotocols", ["chat.v2", "chat.v1"])
    slot.attach_component(shaped)
    file = SceneFile(tmp_path / "scene.toml")
    file.save(scene)
    text = file.path.read_text()
    assert 'Subprotocols = ["chat.v2", "chat.v1"]' in text  # hand-writable: one line, as people write it
    again = read_scene(file.path, "me").find_slot("Root/Chat").components[0]
    assert again["Headers"] == tuple(tuple(pair) for pair in headers)
    assert again["Subprotocols"] == ("chat.v2", "chat.v1")
    assert scene_to_toml(read_scene(file.path, "me")) == text  # and back again, exactly


def test_a_pairs_field_refuses_what_is_not_pairs(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(COMPONENT_TYPES, "Shaped", Shaped)
    path = tmp_path / "scene.toml"
    path.write_text('[[component]]\nslot = "Root"\ntype = "Shaped"\nHeaders = [["only a name"]]\n')
    with pytest.raises(SceneFileError, match="Headers: must be a list of pairs"):
        read_scene(path, "me")


def test_a_slot_path_2000_levels_deep_is_refused_with_a_message(tmp_path: Path, paths):
    deep = "/".join(["Root"] + [f"L{n}" for n in range(2000)])
    path = tmp_path / "deep.toml"
    path.write_text(f'[[slot]]\npath = "{deep}"\n\n[[component]]\nslot = "{deep}"\ntype = "WebsocketClient"\n')
    with pytest.raises(SceneFileError) as caught:
        read_scene(path)
    assert "the path is 2000 slots deep; at most 256" in caught.value.summary()
    session = Session(SessionConfig(paths=paths, scene_path=path, local_user="me"))  # no RecursionError
    assert "2000 slots deep" in session.notices[0]
    # as deep as allowed: loads, saves, and cannot be made deeper
    deepest = "/".join(["Root"] + [f"L{n}" for n in range(MAX_DEPTH)])
    path.write_text(f'[[slot]]\npath = "{deepest}"\n')
    scene = read_scene(path)
    assert deepest in scene_to_toml(scene)
    leaf = scene.find_slot(deepest)
    with pytest.raises(FieldError, match="at most 256 levels deep"):
        leaf.add_child("Deeper")
    with pytest.raises(FieldError, match="at most 256 levels deep"):
        scene.find_slot("Root/L0").insert_parent()

"""Settings, paths and autosave."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.model import Scene, Users
from app.session import Session, SessionConfig
from app.store.autosave import Autosaver
from app.store.paths import Paths
from app.store.scene_file import SceneFile
from app.store.settings import Settings, SettingsFile


def test_paths_honour_xdg(paths: Paths, tmp_path: Path):
    assert paths.scene_file == tmp_path / "data" / "ws-inspector" / "scene.toml"
    assert paths.settings_file == tmp_path / "config" / "ws-inspector" / "settings.toml"


def test_paths_command_prints_them(tmp_path: Path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    out = subprocess.run(
        [sys.executable, "-m", "app", "--paths"], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert str(tmp_path / "d" / "ws-inspector" / "scene.toml") in out
    assert str(tmp_path / "c" / "ws-inspector" / "settings.toml") in out


def test_settings_round_trip(tmp_path: Path):
    file = SettingsFile(tmp_path / "settings.toml")
    settings = Settings(allowed_hosts=["a:1"], theme="textual-light", idle_timeout=5.0)
    file.save(settings)
    assert SettingsFile(tmp_path / "settings.toml").load() == settings


def test_settings_with_wrong_types_fall_back_and_are_left_alone(tmp_path: Path):
    path = tmp_path / "settings.toml"
    text = 'allowed_hosts = "everything"\nidle_timeout = "soon"\ntheme = "textual-light"\n'
    path.write_text(text)
    file = SettingsFile(path)
    settings = file.load()
    assert settings.allowed_hosts == []
    assert settings.idle_timeout == 60.0
    assert settings.theme == "textual-light"
    assert any("allowed_hosts" in p for p in file.problems)
    with pytest.raises(PermissionError):
        file.save(settings)
    assert path.read_text() == text


async def test_autosave_writes_shortly_after_a_change(tmp_path: Path):
    scene = Scene(Users("me"))
    file = SceneFile(tmp_path / "scene.toml")
    saver = Autosaver(scene, file, delay=0.05)
    scene.root.add_child("Saved")
    await asyncio.sleep(0.2)
    assert "Root/Saved" in file.path.read_text()
    saver.close()


async def test_unwritable_data_directory_keeps_the_scene_and_retries(tmp_path: Path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data directory should be")  # mkdir fails, even for root
    scene = Scene(Users("me"))
    file = SceneFile(blocker / "ws-inspector" / "scene.toml")
    errors: list[str] = []
    saver = Autosaver(scene, file, delay=0.01, retry_delay=0.1)
    saver.observe_errors(errors.append)
    scene.root.add_child("Pending")
    await asyncio.sleep(0.1)
    assert errors and "Cannot save the scene to" in errors[0] and "kept in memory" in errors[0]
    assert scene.find_slot("Root/Pending") is not None
    blocker.unlink()  # the person fixes it; the next retry saves
    await asyncio.sleep(0.3)
    assert "Root/Pending" in file.path.read_text()
    saver.close()


def test_settings_file_of_binary_garbage_is_reported_and_left_alone(tmp_path: Path):
    path = tmp_path / "settings.toml"
    garbage = bytes(range(256)) * 4
    path.write_bytes(garbage)
    file = SettingsFile(path)
    assert file.load() == Settings()
    assert file.problems and "cannot read it" in file.problems[0]
    with pytest.raises(PermissionError):
        file.save(Settings())
    assert path.read_bytes() == garbage


async def test_disk_full_while_saving_keeps_the_scene_and_retries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    scene = Scene(Users("me"))
    file = SceneFile(tmp_path / "scene.toml")
    errors: list[str] = []
    saver = Autosaver(scene, file, delay=0.01, retry_delay=0.1)
    saver.observe_errors(errors.append)
    real_replace = os.replace

    def full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    scene.root.add_child("Pending")
    await asyncio.sleep(0.05)
    assert "No space left on device" in errors[0]
    assert not file.path.exists()
    monkeypatch.setattr(os, "replace", real_replace)
    await asyncio.sleep(0.2)
    assert "Root/Pending" in file.path.read_text()
    saver.close()


def test_an_idle_timeout_below_the_command_lines_minimum_is_refused(tmp_path: Path):
    path = tmp_path / "settings.toml"
    for text in ("idle_timeout = 1e-9\n", "idle_timeout = 0.05\n"):
        path.write_text(text)
        file = SettingsFile(path)
        assert file.load().idle_timeout == 60.0
        assert any("idle_timeout" in p for p in file.problems)
    path.write_text("idle_timeout = 0.1\n")
    assert SettingsFile(path).load().idle_timeout == 0.1


def test_a_scene_file_that_is_a_symlink_is_written_through_the_link_keeping_its_mode(tmp_path: Path):
    real = tmp_path / "shared" / "scene.toml"
    real.parent.mkdir()
    real.write_text("format = 1\n")
    real.chmod(0o640)
    link = tmp_path / "data" / "scene.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    file = SceneFile(link)
    scene = file.load("me")
    scene.root.add_child("Saved")
    assert file.save(scene)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "Root/Saved" in real.read_text()
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)


async def test_two_instances_on_one_scene_file_never_overwrite_each_other_silently(paths):
    paths.scene_file.parent.mkdir(parents=True)
    paths.scene_file.write_text('[[slot]]\npath = "Root/Shared"\n')
    first, second = (Session(SessionConfig(paths=paths, local_user="me")) for _ in range(2))
    await first.start()
    await second.start()
    try:
        first.scene.root.add_child("FromFirst")
        assert first.autosaver.save_now()
        second.scene.root.add_child("FromSecond")
        assert second.autosaver.save_now()  # saved, but not over the first one's work
        assert "Root/FromFirst" in paths.scene_file.read_text()
        assert "Root/FromSecond" not in paths.scene_file.read_text()
        moved = second.scene_file.path
        assert moved != paths.scene_file and "Root/FromSecond" in moved.read_text()
        said = [e.extra["reason"] for e in second.log.entries if e.event == "error"]
        assert any("changed by another program" in r and str(moved) in r for r in said)
        first.scene.root.add_child("AgainFirst")  # the first one's own file is still its own
        assert first.autosaver.save_now()
        assert "Root/AgainFirst" in paths.scene_file.read_text()
    finally:
        await first.stop()
        await second.stop()

"""In a real terminal (tmux): hostile files cannot set the title or the clipboard; signals end
the app like Ctrl+Q, leaving the terminal as it was."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.helpers.tmux import Tmux, needs_tmux
from tests.robustness.test_hostile_files import EVIL_HOST, HOSTILE, toml

pytestmark = needs_tmux


@pytest.fixture
def tmux(tmp_path):
    terminal = Tmux(tmp_path)
    yield terminal
    terminal.close()


def xdg(tmp_path) -> dict[str, str]:
    return {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}


def test_hostile_files_leave_the_title_and_the_clipboard_alone(tmux, tmp_path):
    scene = tmp_path / "data" / "ws-inspector" / "scene.toml"
    scene.parent.mkdir(parents=True)
    scene.write_text(
        f"[[component]]\nslot = {toml('Root/Other' + HOSTILE)}\ntype = {toml('Unknown' + HOSTILE)}\n"
        f"AccessReason = {toml('why' + HOSTILE)}\n"
    )
    settings = tmp_path / "config" / "ws-inspector" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(f"allowed_hosts = [{toml(EVIL_HOST)}]\n")
    tmux.start([], xdg(tmp_path))
    title = tmux.show("#{pane_title}")
    tmux.wait_for(lambda: "Hierarchy" in tmux.screen())
    time.sleep(0.5)  # the notice is drawn
    assert tmux.show("#{pane_title}") == title
    assert tmux.buffers() == ""  # OSC 52 would have made a paste buffer
    assert "Cannot use the scene file" in tmux.screen()
    tmux.run("send-keys", "C-g")  # the grants list names the hostile host
    tmux.wait_for(lambda: "Host access grants" in tmux.screen())
    tmux.run("send-keys", "Delete")  # and the toast quotes it
    tmux.wait_for(lambda: "Removed the grant" in tmux.screen())
    assert "PWNED" not in tmux.show("#{pane_title}")
    assert tmux.show("#{pane_title}") == title
    assert tmux.buffers() == ""  # OSC 52 would have made a paste buffer
    assert "\\x1b]52;c;UFdORUQ=" in tmux.screen() or "\\x1b]2;PWNED" in tmux.screen()


@pytest.mark.parametrize("name", ["TERM", "HUP"])
def test_a_signal_ends_the_app_like_ctrl_q(tmux, tmp_path, name):
    scene = tmp_path / "data" / "ws-inspector" / "scene.toml"
    scene.parent.mkdir(parents=True)
    scene.write_text('[[slot]]\npath = "Root/Kept"\n')
    record = tmp_path / "rec.jsonl"
    tmux.start(["--record", str(record)], xdg(tmp_path))
    tmux.wait_for(lambda: "Kept" in tmux.screen())
    assert tmux.show("#{alternate_on}") == "1"
    tmux.run("send-keys", "C-n")  # a new slot: saved a moment later, unless the app ends first
    tmux.wait_for(lambda: "└ Slot" in tmux.screen())
    os.kill(tmux.pid(), getattr(signal, f"SIG{name}"))
    tmux.wait_for(lambda: "EXITED" in tmux.screen())
    assert "EXITED 0" in tmux.screen()
    assert "Traceback" not in tmux.screen()
    assert tmux.show("#{alternate_on}") == "0"  # back from the alternate screen
    assert tmux.show("#{mouse_any_flag}#{mouse_standard_flag}#{mouse_button_flag}") == "000"
    assert tmux.show("#{cursor_flag}") == "1"  # the cursor shown again
    assert '/Slot"' in scene.read_text(), scene.read_text()
    assert f"SIG{name} received" in record.read_text()  # the recording flushed to its end


def test_the_terminal_closing_ends_the_app_with_the_scene_saved(tmux, tmp_path):
    scene = tmp_path / "data" / "ws-inspector" / "scene.toml"
    scene.parent.mkdir(parents=True)
    scene.write_text('[[slot]]\npath = "Root/Kept"\n')
    tmux.start([], xdg(tmp_path))
    tmux.wait_for(lambda: "Kept" in tmux.screen())
    tmux.run("send-keys", "C-n")
    tmux.wait_for(lambda: "└ Slot" in tmux.screen())
    pid = tmux.pid()
    tmux.close()  # the terminal goes away (SIGHUP, and nothing left to draw on)
    deadline = time.monotonic() + 15
    status = Path(f"/proc/{pid}/status")
    while status.exists() and "zombie" not in status.read_text():
        assert time.monotonic() < deadline, "the app outlived its terminal"
        time.sleep(0.1)
    assert '/Slot"' in scene.read_text()

"""In a real terminal (tmux): hostile files cannot set the title or the clipboard; signals end
the app like Ctrl+Q, leaving the terminal as it was."""

from __future__ import annotations

import time

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

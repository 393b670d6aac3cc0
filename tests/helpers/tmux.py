"""The app in a real terminal (tmux), for what shows only there: the pane title, tmux's paste
buffers (where OSC 52 clipboard writes land), the alternate screen, mouse and cursor modes."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One private tmux server (its own socket) with one pane running a command."""

    def __init__(self, home: Path, size: tuple[int, int] = (140, 40)) -> None:
        self.socket = f"wsi-test-{uuid.uuid4().hex[:10]}"
        self.home = home
        self.size = size

    def run(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10)
        return done.stdout

    def start(self, app_args: list[str], env: dict[str, str]) -> None:
        """Start the app (then a shell's wait, so the pane outlives it and can be inspected)."""
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        app = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "app", *app_args])
        command = f"cd {shlex.quote(str(ROOT))} && env {exports} {app}; echo EXITED $?; sleep 600"
        width, height = self.size
        new_session = ["new-session", "-d", "-x", str(width), "-y", str(height), "sh", "-c", command]
        subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *new_session],
            check=True,
            timeout=10,
            env={**os.environ, "TERM": "xterm-256color"},
        )
        self.run("set", "-g", "set-clipboard", "on")

    def show(self, what: str) -> str:
        """A pane variable, e.g. '#{pane_title}' or '#{alternate_on}'."""
        return self.run("display-message", "-p", what).strip()

    def screen(self) -> str:
        return self.run("capture-pane", "-p")

    def buffers(self) -> str:
        return self.run("list-buffers")

    def pid(self) -> int:
        """The app's process id (the child of the pane's shell)."""
        shell = int(self.show("#{pane_pid}"))
        children = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True).stdout.split()
        return int(next(c for c in children if "app" in Path(f"/proc/{c}/cmdline").read_text()))

    def wait_for(self, check: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; the screen:\n{self.screen()}")
            time.sleep(0.1)

    def close(self) -> None:
        self.run("kill-server")

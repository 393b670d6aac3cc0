"""The command line's exit codes and messages: no tracebacks for a person's mistakes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import app


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=30, check=False
    )


def test_version(tmp_path: Path):
    result = run("--version", tmp_path=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"ws-inspector {app.__version__}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["http://example.com"], "must start with ws:// or wss://"),
        (["ws://user:pw@host"], "credentials"),
        (["ws://"], "no host"),
        (["--idle-timeout", "nan"], "not NaN"),
        (["--idle-timeout", "-1"], "at least 0.1"),
        (["--retry-interval", "soon", "ws://h"], "must be a number"),
        (["--reason", "x"], "give a URL"),
        (["--no-such-flag"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(tmp_path: Path, args, message):
    result = run(*args, tmp_path=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unopenable_recording_exits_1_in_one_line(tmp_path: Path):
    result = run("--record", str(tmp_path / "missing-dir" / "rec.jsonl"), tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "cannot open the recording" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("target", "message"), [("/dev/zero", "not a regular file"), ("folder", "Is a directory")])
def test_a_recording_that_is_not_a_regular_file_is_refused(tmp_path: Path, target, message):
    target = str(tmp_path) if target == "folder" else target
    result = run("--open-recording", target, tmp_path=tmp_path)  # /dev/zero would fill the memory
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_ctrl_c_while_a_large_recording_loads_exits_without_a_traceback(tmp_path: Path):
    recording = tmp_path / "big.jsonl"
    line = b'{"ts": 1, "client": "Root/A/WebsocketClient", "event": "recv", "type": "text", "data": "x", "size": 1}\n'
    recording.write_bytes(line * 1_000_000)  # about 100 MB
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--open-recording", str(recording)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    try:
        assert process.stderr is not None
        assert process.stderr.read(len(b"\rReading")) == b"\rReading"  # the load is under way
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=60)
    finally:
        process.kill()  # whatever happened, no app is left running without a terminal
        process.wait()
    assert process.returncode == 130
    assert b"interrupted" in rest
    assert b"Traceback" not in rest


def test_paths_names_the_scene_this_run_opens_and_the_export_folder(tmp_path: Path):
    default = run("--paths", tmp_path=tmp_path).stdout
    assert "logs:" not in default  # no folder the app never writes
    assert f"exports:   {tmp_path / 'd' / 'ws-inspector' / 'exports'}" in default
    scene = run("--paths", "--scene", str(tmp_path / "mine.toml"), tmp_path=tmp_path).stdout
    assert f"scene:     {tmp_path / 'mine.toml'}" in scene

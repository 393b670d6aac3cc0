"""Running `python -m app ...` as a person would, from async tests (so a server in the test can answer)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Finished:
    status: int
    out: str
    err: str


def environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}


async def start(tmp_path: Path, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=environment(tmp_path),
    )


async def finish(process: asyncio.subprocess.Process, timeout: float = 30) -> Finished:
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return Finished(process.returncode, out.decode(), err.decode())


async def cli(tmp_path: Path, *args: str) -> Finished:
    return await finish(await start(tmp_path, *args))


async def interrupt(process: asyncio.subprocess.Process) -> Finished:
    """Ctrl+C, as a terminal sends it."""
    process.send_signal(signal.SIGINT)
    return await finish(process, timeout=10)


async def read_line(process: asyncio.subprocess.Process, timeout: float = 10) -> str:
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), timeout)
    assert line, "the command ended before printing a line"
    return line.decode()

"""What the subcommands share: reading a recording or failing in one line, plain lines for a
terminal, and running until Ctrl+C without a traceback."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.log.events import Event
from app.log.recording import read_recording, summarise_problems
from app.log.script import Connection, Message, connections_by_client
from app.ui.log.format import clock, describe, short_client
from app.ui.safe_text import escape_controls

if TYPE_CHECKING:
    from app.session import Session

BAD_INPUT = 2  # bad arguments, or a file that is not a readable recording
PREVIEW_CHARS = 80


class CommandError(Exception):
    """Ends a command with one line on stderr and an exit status."""

    def __init__(self, message: str, status: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


def fail(error: CommandError) -> int:
    say(f"ws-inspector: {error}", err=True)
    return error.status


def say(line: str, err: bool = False) -> None:
    """Every line the commands print: control characters escaped here, whatever a caller passed (a
    client name from a recording, a server's header, a file name), so a terminal is never driven."""
    stream = sys.stderr if err else sys.stdout
    try:
        print(escape_controls(line, keep_newlines=True), file=stream, flush=True)
    except BrokenPipeError:  # `| head`: the reader has gone; the rest goes nowhere, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def shown(path: Path) -> str:
    return escape_controls(str(path))


def load_events(path: Path) -> list[Event]:
    """The recording's events; a file that holds none is not a recording. Skipped lines of a
    recording that has good ones too are reported on stderr."""
    try:
        loaded = read_recording(path)
    except IsADirectoryError:
        raise CommandError(f"{shown(path)} is a folder, not a recording") from None
    except OSError as exc:
        raise CommandError(f"cannot read {shown(path)}: {exc.strerror or exc}") from None
    if loaded.problems and not loaded.events:
        raise CommandError(f"{shown(path)} is not a recording ({escape_controls(loaded.problems[0])})")
    if loaded.problems:
        say(f"ws-inspector: {escape_controls(summarise_problems(path, loaded.problems))}", err=True)
    return loaded.events


def event_line(event: Event) -> str:
    """One event as one line of plain text, every character safe for a terminal."""
    client = escape_controls(short_client(event.client))
    return f"{clock(event.ts)} {client} {escape_controls(event.event)} {describe(event)}"


def preview(message: Message) -> str:
    return escape_controls(message.preview(PREVIEW_CHARS))


def run_until_stopped(main: Callable[[asyncio.Event], Awaitable[int]]) -> int:
    """Run `main(stop)` on a new loop; Ctrl+C (or SIGTERM) sets `stop` instead of raising."""

    async def runner() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        return await main(stop)

    try:
        return asyncio.run(runner())
    except KeyboardInterrupt:  # before the handlers were in place
        return 130


def run_app(session: Session) -> int:
    """The interface on a session: the app itself, and `diff --open`. Textual draws at most
    TEXTUAL_FPS times a second (60 by default) and a key press waits for the next tick: at 120 the
    wait halves, and an idle screen is not drawn at all. Measured: key latency in a flood p50 22-27 ms
    instead of 29."""
    os.environ.setdefault("TEXTUAL_FPS", "120")
    from app.ui.app import InspectorApp  # here: the other commands never load Textual

    app = InspectorApp(session)
    app.run()
    return app.return_code or 0


def load_scripts(path: Path, verb: str) -> dict[str, list[Connection]]:
    """The recording as connections per client, for `replay` and `serve`: one line when it holds none."""
    scripts = connections_by_client(load_events(path))
    if not scripts:
        raise CommandError(f"{shown(path)} holds no messages to {verb}")
    return scripts

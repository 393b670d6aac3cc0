"""`ws-inspector serve RECORDING [--host H] [--port P]`: a recording as a mock server, until Ctrl+C.
Exit status: 0 stopped by Ctrl+C, 1 cannot listen (the port is in use...), 2 bad arguments."""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from app.commands.arguments import port
from app.commands.common import CommandError, fail, load_scripts, preview, run_until_stopped, say
from app.net.servers.recording_server import Note, RecordingServer
from app.net.servers.ws_server import ServerStartError
from app.ui.log.format import clock
from app.ui.safe_text import escape_controls


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ws-inspector serve",
        description="Act as the server a recording was made against: each client that connects gets the "
        "recorded server's messages, in step with what it sends (those before its first message at once, "
        "then after each message the next run of them). Prints the URL it listens on, then what clients "
        "send and where they depart from the recording. Runs until Ctrl+C. Exit status: 0 stopped, "
        "1 cannot listen (port in use), 2 bad arguments or a file that is not a recording.",
    )
    parser.add_argument("recording", type=Path, metavar="RECORDING", help="a recording (JSON Lines)")
    parser.add_argument("--host", default="127.0.0.1", metavar="H", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=port, default=0, metavar="P", help="port to listen on (default: a free one)")
    parser.add_argument(
        "--timed",
        action="store_true",
        help="send the recorded messages at their recorded times instead of in step",
    )
    return parser


def main(args: argparse.Namespace) -> int:
    try:
        scripts = load_scripts(args.recording, "serve")
    except CommandError as error:
        return fail(error)

    async def go(stop: asyncio.Event) -> int:
        server = RecordingServer(scripts, _print_note, args.host, args.port, timed=args.timed)
        try:
            await server.start()
        except ServerStartError as exc:
            return fail(CommandError(escape_controls(str(exc)), status=1))
        for client, url in server.urls():
            say(f"serving {escape_controls(client)} at {escape_controls(url)}")
        say(f"listening on {escape_controls(server.server.url())} (Ctrl+C stops)")
        try:
            await stop.wait()
        finally:
            await server.stop()
        say("stopped")
        return 0

    return run_until_stopped(go)


def _print_note(note: Note) -> None:
    say(f"{clock(time.time())} [{note.connection}] {_describe(note)}")


def _describe(note: Note) -> str:
    detail = escape_controls(note.detail)
    if note.kind == "connected":
        return f"connected: {detail}"
    if note.kind == "sent" and note.message is not None:
        return f"client sent {preview(note.message)}"
    if note.kind == "departed" and note.expected is not None:
        return f"departed from the recording at {detail}: it expected {preview(note.expected)}"
    if note.kind == "beyond":
        return f"beyond the recording: {detail}"
    return f"{note.kind} {detail}"

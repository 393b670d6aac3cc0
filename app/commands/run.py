"""`ws-inspector run SCENE [--duration S] [--until EXPR] [--record FILE] [--allow HOST:PORT] [--jsonl]`:
exit 0 the --until event came (or the duration passed without one given), 1 it did not, 2 bad arguments."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Callable
from pathlib import Path

from app.commands.arguments import seconds
from app.commands.common import CommandError, event_line, fail, run_until_stopped, say, shown
from app.headless import Until, UntilError, run_headless
from app.log.events import Event
from app.log.recorder import RecorderError
from app.net.host_access import host_key
from app.session import Session, SessionConfig
from app.store.paths import Paths
from app.store.scene_file import SceneFileError
from app.ui.safe_text import escape_controls


def _until(text: str) -> Until:
    try:
        return Until.parse(text)
    except UntilError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _host(text: str) -> str:
    host, colon, number = text.rpartition(":")
    if not colon or not host or not number.isdigit() or not 0 < int(number) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not HOST:PORT (e.g. 127.0.0.1:9000)")
    try:
        return host_key(f"ws://{text}")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not HOST:PORT (e.g. 127.0.0.1:9000)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ws-inspector run",
        description="Run a scene's clients without the interface, printing one line per event. Host access "
        "is what your settings allow plus --allow; a client that would need to ask is reported and skipped. "
        "Exit status: 0 the --until event came (or the duration passed, when no --until is given), "
        "1 it did not, 2 bad arguments or a scene file that cannot be used.",
    )
    parser.add_argument("scene", type=Path, metavar="SCENE", help="a scene file (TOML)")
    parser.add_argument("--duration", type=seconds(0.0), metavar="S", help="stop after S seconds")
    parser.add_argument(
        "--until",
        type=_until,
        metavar="EXPR",
        help="stop when this event comes: an event kind (connected, recv, error...) or 'recv ~ REGEX'",
    )
    parser.add_argument("--record", type=Path, metavar="FILE", help="append every event to FILE (JSON Lines)")
    parser.add_argument(
        "--allow",
        type=_host,
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="allow connections to this host for this run (repeatable)",
    )
    parser.add_argument("--jsonl", action="store_true", help="print events as JSON Lines (the recording format)")
    return parser


def main(args: argparse.Namespace) -> int:
    if not args.scene.is_file():
        return fail(CommandError(f"no scene file at {shown(args.scene)}"))
    config = SessionConfig(paths=Paths.default(), scene_path=args.scene, record=args.record, headless=True)
    try:
        session = Session(config)
    except SceneFileError as exc:
        return fail(CommandError(f"cannot use the scene file {escape_controls(str(exc))}"))
    except (RecorderError, OSError) as exc:
        return fail(CommandError(escape_controls(str(exc))))
    for notice in session.notices:
        say(f"ws-inspector: {escape_controls(notice)}", err=True)
    session.sink.subscribe(_printer(args.jsonl))

    async def go(stop: asyncio.Event) -> int:
        done = await run_headless(session, args.until, args.duration, stop, args.allow)
        if args.until is not None and not done:
            say("ws-inspector: the --until event did not come", err=True)
        return 0 if done else 1

    return run_until_stopped(go)


def _printer(jsonl: bool) -> Callable[[Event], None]:
    def show(event: Event) -> None:
        say(json.dumps(event.to_record()) if jsonl else event_line(event))

    return show

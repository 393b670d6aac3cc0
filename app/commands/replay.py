"""`ws-inspector replay RECORDING URL [--speed X | --in-step] [--record FILE]`:
exit 0 sent all, 1 failed to connect or a reply timed out in step, 2 bad arguments."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from app.commands.arguments import seconds, speed, url
from app.commands.common import CommandError, event_line, fail, load_scripts, run_until_stopped, say
from app.log.events import Event
from app.log.recorder import Recorder, RecorderError
from app.net.replay import ReplayFailed, ReplayOptions, replay


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ws-inspector replay",
        description="Send a recording's sent messages to URL, one connection per recorded client, and "
        "print what happens. Exit status: 0 sent all, 1 failed to connect or a reply timed out in step, "
        "2 bad arguments or a file that is not a recording.",
    )
    parser.add_argument("recording", type=Path, metavar="RECORDING", help="a recording (JSON Lines)")
    parser.add_argument("url", type=url, metavar="URL", help="where to send them (ws:// or wss://)")
    pace = parser.add_mutually_exclusive_group()
    pace.add_argument("--speed", type=speed, default=1.0, metavar="X", help="the recorded timing, X times faster")
    pace.add_argument(
        "--in-step",
        action="store_true",
        help="before each send, wait until as many replies arrived as in the recording",
    )
    parser.add_argument(
        "--timeout",
        type=seconds(0.1),
        default=10.0,
        metavar="SECONDS",
        help="in step: the longest wait for replies (default 10)",
    )
    parser.add_argument("--record", type=Path, metavar="FILE", help="record the replay to FILE (JSON Lines)")
    return parser


def main(args: argparse.Namespace) -> int:
    try:
        scripts = load_scripts(args.recording, "replay")
        recorder = Recorder(args.record) if args.record else None
    except RecorderError as exc:
        return fail(CommandError(str(exc)))
    except CommandError as error:
        return fail(error)
    total = sum(len(c.sends()) for conns in scripts.values() for c in conns)
    options = ReplayOptions(speed=args.speed, in_step=args.in_step, timeout=args.timeout)

    def emit(event: Event) -> None:
        say(event_line(event))
        if recorder is not None:
            recorder.write(event)

    async def go(stop: asyncio.Event) -> int:
        work = asyncio.ensure_future(replay(scripts, args.url, options, emit))
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait([work, stopping], return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not work.done():
            work.cancel()
            await asyncio.gather(work, return_exceptions=True)
            say("ws-inspector: replay interrupted", err=True)
            return 1
        try:
            sent = work.result()
        except ReplayFailed as exc:
            say(f"ws-inspector: {exc}", err=True)
            return 1
        say(f"replayed {sent} of {total} sent message(s) to {args.url}")
        return 0 if sent == total else 1

    try:
        return run_until_stopped(go)
    finally:
        if recorder is not None:
            recorder.close()

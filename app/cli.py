"""Command line: parse, check, wire, run. Exit codes: 0 normal, 2 bad arguments, 1 cannot start."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import app
from app import commands
from app.cli_handshake import add_handshake_flags, given, handshake_fields
from app.commands.arguments import seconds, url
from app.commands.common import run_app, say
from app.model import FieldError
from app.store.paths import Paths
from app.ui.safe_text import escape_controls


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ws-inspector",
        description="Resonite's Scene Inspector and WebsocketClient, live in a terminal.",
        epilog=commands.epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("url", nargs="?", type=url, help="connect a client (in a non-persistent slot) to this URL")
    parser.add_argument("--demo", action="store_true", help="start an embedded server and a demo scene")
    parser.add_argument("--scene", type=Path, metavar="FILE", help="open this scene file instead of your own")
    parser.add_argument("--record", type=Path, metavar="FILE", help="append every event to FILE as JSON Lines")
    parser.add_argument("--idle-timeout", type=seconds(0.1), metavar="SECONDS", help="no-traffic timeout (default 60)")
    parser.add_argument(
        "--retry-interval", type=seconds(0.1), metavar="SECONDS", help="ConnectRetryInterval of the URL's client"
    )
    parser.add_argument("--reason", metavar="TEXT", help="AccessReason of the URL's client")
    parser.add_argument("--open-recording", type=Path, metavar="FILE", help="show a recording, read-only")
    parser.add_argument("--paths", action="store_true", help="print where files live and exit")
    parser.add_argument("--version", action="version", version=f"ws-inspector {app.__version__}")
    add_handshake_flags(parser)
    return parser


def _show_progress(path: Path | None):
    """Reading a large recording takes a while before the screen appears: say how far it got."""

    def show(done: int, size: int) -> None:
        print(
            f"\rReading {escape_controls(str(path))}: {done / 1e6:,.0f} of {size / 1e6:,.0f} MB",
            end="",
            file=sys.stderr,
            flush=True,
        )

    return show if path is not None else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in commands.COMMANDS:
        return commands.run_command(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = Paths.default()
    if args.paths:
        say(paths.describe(args.scene))
        return 0
    if args.open_recording is not None and (args.url or args.demo or args.record or args.scene):
        parser.error("--open-recording shows a recording only: no URL, --demo, --scene or --record with it")
    if (args.retry_interval is not None or args.reason is not None) and not args.url:
        parser.error("--retry-interval and --reason apply to the client for URL; give a URL")
    if given(args) and not args.url:
        parser.error(
            "the handshake flags (-H, -s, -o, --auth, --bearer, -n, --ca, --cert, --key, --proxy, --compress) "
            "apply to the client for URL; give a URL"
        )
    try:
        handshake = handshake_fields(args)
    except FieldError as exc:
        say(f"ws-inspector: {exc}", err=True)
        return 2

    from app.log.recorder import RecorderError
    from app.session import Session, SessionConfig

    config = SessionConfig(
        paths=paths,
        scene_path=args.scene,
        url=args.url,
        retry_interval=args.retry_interval,
        reason=args.reason,
        idle_timeout=args.idle_timeout,
        record=args.record,
        demo=args.demo,
        open_recording=args.open_recording,
        handshake=handshake,
        progress=_show_progress(args.open_recording),
    )
    try:
        session = Session(config)
    except KeyboardInterrupt:  # Ctrl+C while a recording loads
        say("\nws-inspector: interrupted", err=True)
        return 130
    except RecorderError as exc:
        say(f"ws-inspector: {exc}", err=True)
        return 1
    except OSError as exc:  # the recording to open
        say(f"ws-inspector: cannot read {exc.filename}: {exc.strerror or exc}", err=True)
        return 1

    return run_app(session)

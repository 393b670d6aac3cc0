"""`ws-inspector diff A B [--ignore KEY,...]`: exit 0 same, 1 different, 2 bad arguments or unreadable files."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.commands.common import CommandError, fail, load_events, preview, run_app, say, shown
from app.log.diff import Difference, DiffResult, diff_recordings
from app.log.diff_view import annotated
from app.log.events import Event
from app.ui.safe_text import escape_controls

WHERE = {"changed": "", "missing": "  (in A only)", "extra": "  (in B only)"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ws-inspector diff",
        description="Compare two recordings: per client, messages aligned in order; JSON compared by "
        "structure, text as text, binary as bytes. Timing is reported, never counted as a difference. "
        "Exit status: 0 same, 1 different, 2 bad arguments or unreadable files.",
    )
    parser.add_argument("a", type=Path, metavar="A", help="a recording (JSON Lines, as --record writes)")
    parser.add_argument("b", type=Path, metavar="B", help="the recording to compare with it")
    parser.add_argument(
        "--ignore",
        metavar="KEY,...",
        default="",
        help="JSON keys allowed to differ, at any depth (e.g. ts,seq,time)",
    )
    parser.add_argument(
        "--open",
        action="store_true",
        help="show A in the log viewer with each difference marked (n / N: next / previous difference)",
    )
    return parser


def main(args: argparse.Namespace) -> int:
    try:
        if _same_file(args.a, args.b):
            raise CommandError(f"A and B are the same file ({shown(args.a)}): give two recordings to compare")
        a, b = load_events(args.a), load_events(args.b)
    except CommandError as error:
        return fail(error)
    ignore = [key.strip() for key in args.ignore.split(",") if key.strip()]
    result = diff_recordings(a, b, ignore)
    if args.open:
        _open_viewer(args.a, args.b, annotated(a, result))
    for line in report(result):
        say(line)
    return 0 if result.matches else 1


def _open_viewer(a: Path, b: Path, events: list[Event]) -> None:
    """The log viewer, read-only, on A's events with the differences among them."""
    from app.session import Session, SessionConfig
    from app.store.paths import Paths

    title = f"Diff: {a} against {b} (read-only; n / N: next / previous difference)"
    config = SessionConfig(paths=Paths.default(), open_recording=a, shown_events=events, title=title)
    run_app(Session(config))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them cannot be read: load_events says which
        return False


def report(result: DiffResult) -> list[str]:
    """Each difference, then a summary per client and in all."""
    lines = [_difference_line(d) for d in result.differences]
    for client in result.clients:
        drift = max(client.drifts, default=0.0)
        lines.append(
            f"{escape_controls(client.client)}: {client.same} same, {client.count('changed')} changed, "
            f"{client.count('missing')} missing, {client.count('extra')} extra; timing drift up to {drift:.3f} s"
        )
    largest, mean = result.drift()
    verdict = "same" if result.matches else "different"
    lines.append(
        f"{verdict}: {result.same} same, {result.count('changed')} changed, {result.count('missing')} missing, "
        f"{result.count('extra')} extra; timing drift up to {largest:.3f} s (mean {mean:.3f} s)"
    )
    return lines


def _difference_line(difference: Difference) -> str:
    message = difference.a or difference.b
    assert message is not None
    head = f"{difference.kind:<8} {escape_controls(difference.client)} #{difference.index} {message.direction}"
    if difference.kind == "changed":
        assert difference.a is not None and difference.b is not None
        return (
            f"{head}  {escape_controls(difference.detail)}\n"
            f"    A: {preview(difference.a)}\n    B: {preview(difference.b)}"
        )
    return f"{head}  {preview(message)}{WHERE[difference.kind]}"

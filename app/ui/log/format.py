"""One log entry as one line of styled segments; never markup, always escaped."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style

from app.log.diff_view import DIFF_KIND
from app.log.events import Event
from app.log.filter import BEHAVIOUR_KINDS
from app.ui.safe_text import clip, escape_controls

if TYPE_CHECKING:
    from textual.theme import Theme  # only a type: the headless commands use this module too

PREVIEW_CHARS = 400
CLIENT_WIDTH = 16  # the log's client column
BINARY_PREVIEW_BYTES = 64


@dataclass
class LogPalette:
    time: Style
    client: Style
    recv: Style
    send: Style
    good: Style
    bad: Style
    warn: Style
    info: Style
    body: Style

    @classmethod
    def for_theme(cls, theme: Theme, base: Style) -> LogPalette:
        def fg(color: str | None, **kw: bool) -> Style:
            return base + (Style(color=color, **kw) if color else Style(**kw))

        return cls(
            time=base + Style(dim=True),
            client=fg(theme.secondary),
            recv=fg(theme.primary, bold=True),
            send=fg(theme.accent, bold=True),
            good=fg(theme.success, bold=True),
            bad=fg(theme.error, bold=True),
            warn=fg(theme.warning, bold=True),
            info=base + Style(dim=True, bold=True),
            body=base,
        )


KIND_LABELS = {
    "recv": ("← recv", "recv"),
    "send": ("→ send", "send"),
    "connected": ("● connected", "good"),
    "connecting": ("… connecting", "info"),
    "disconnected": ("○ disconnected", "warn"),
    "retry": ("↻ retry", "info"),
    "timeout": ("◔ timeout", "bad"),
    "error": ("✗ error", "bad"),
    "send_error": ("✗ send error", "bad"),
    "host_access": ("? host access", "warn"),
    DIFF_KIND: ("≠ differs", "bad"),  # a difference found by `ws-inspector diff --open`
    "ping": ("⇄ ping", "info"),
    "pong": ("⇄ pong", "info"),
    "close": ("⇄ close", "warn"),
}
ARROWS = {"recv": "←", "send": "→"}


DECISION_WORDS = {  # the recording keeps the names; the screen says them in words
    "asked": "asking you",
    "allowed": "allowed (remembered)",
    "remembered": "allowed (remembered)",
    "allowed_once": "allowed once",
    "denied": "denied",
    "dismissed": "not now",
}


def kind_words(kind: str) -> str:
    """An event kind as people read it: `send_error` → `send error` (no internal names on screen)."""
    return KIND_LABELS[kind][0].split(" ", 1)[1] if kind in KIND_LABELS else kind


@lru_cache(maxsize=4096)
def short_client(path: str) -> str:
    """`Root/Demo/Echo/WebsocketClient` → `Demo/Echo`: the slot, which is what people name."""
    if path.startswith("Root/"):
        path = path[5:]
    head, _, last = path.rpartition("/")
    if head and last == "WebsocketClient":
        return head
    return path


def describe(event: Event) -> str:
    """The entry's details as plain text, every character safe to draw. Events from a recording
    can hold anything, so a value of an unexpected type falls back to its JSON."""
    try:
        text = _describe(event)
    except (TypeError, ValueError, KeyError, OverflowError, AttributeError):
        text = clip(json.dumps(event.extra, default=repr), PREVIEW_CHARS * 2)
    return escape_controls(text)


def row_words(event: Event) -> str:
    """What an entry's row shows besides the time and the payload: client, kind and the event's
    words (the text filter looks here too, so what is seen can be found)."""
    label = KIND_LABELS.get(event.event, (event.event, ""))[0]
    if event.event in ("recv", "send"):
        details = f"{event.extra.get('type', '')} {event.extra.get('size', '')} B"
    else:
        details = describe(event)
    return f"{short_client(event.client)} {label} {details}"


def _describe(event: Event) -> str:
    text = _details(event)
    by = sent_by(event)
    return f"by {short_client(by)}  {text}" if by else text


def sent_by(event: Event) -> str | None:
    """The behaviour that sent it (or failed to), when one did; a disconnect's `by` is another thing."""
    by = event.extra.get("by")
    return by if isinstance(by, str) and by and event.event in BEHAVIOUR_KINDS else None


def _details(event: Event) -> str:
    x = event.extra
    kind = event.event
    if kind in ("recv", "send"):
        data = x.get("data", "")
        size = x.get("size", 0)
        if x.get("type") == "binary":
            raw = bytes(data[:BINARY_PREVIEW_BYTES]) if isinstance(data, bytes | bytearray) else b""
            more = " …" if size > BINARY_PREVIEW_BYTES else ""
            return f"binary {size} B  {raw.hex(' ')}{more}"
        text = data if isinstance(data, str) else str(data)
        return f"text {size} B  {clip(text, PREVIEW_CHARS)}"
    if kind == "connecting":
        return f"attempt {x.get('attempt')}  {clip(str(x.get('url', '')), PREVIEW_CHARS)}"
    if kind == "connected":
        text = clip(str(x.get("url", "")), PREVIEW_CHARS)
        if x.get("subprotocol"):
            text += f"  subprotocol {clip(str(x['subprotocol']), 100)}"
        if x.get("extensions"):
            text += f"  {clip(', '.join(map(str, x['extensions'])), 200)}"
        return text
    if kind in ("ping", "pong", "close"):
        return _control_frame(x)
    if kind == "disconnected":
        parts = [f"by {x.get('by')}"]
        if "code" in x:
            parts.append(f"code {x['code']}")
        if x.get("reason"):
            parts.append(clip(str(x["reason"]), PREVIEW_CHARS))
        return "  ".join(parts)
    if kind == "retry":
        reason = clip(str(x.get("reason", "")), 200)
        return f"attempt {x.get('attempt')} in {float(x.get('delay_s', 0)):g} s  ({reason})"
    if kind == "timeout":
        return f"no traffic from the server for {x.get('idle_s')} s"
    if kind == "host_access":
        extra = f"  ({clip(str(x['reason']), 200)})" if x.get("reason") else ""
        decision = DECISION_WORDS.get(str(x.get("decision")), str(x.get("decision")))
        return f"{clip(str(x.get('host')), 200)}: {decision}{extra}"
    text = clip(str(x.get("reason", "")), PREVIEW_CHARS * 2)
    if "repeat" in x:
        text += f"  ×{x['repeat']} (last at {clock(float(x.get('last_ts', event.ts)))[:8]})"
    return text


def _control_frame(x: dict) -> str:
    parts = [f"{ARROWS.get(str(x.get('direction')), '?')} {x.get('size', 0)} B"]
    if "code" in x:
        parts.append(f"code {x['code']}")
    if x.get("reason"):
        parts.append(clip(str(x["reason"]), 200))
    data = x.get("data")
    if isinstance(data, bytes | bytearray):
        parts.append(bytes(data[:BINARY_PREVIEW_BYTES]).hex(" "))
    elif data:
        parts.append(clip(str(data), 200))
    if "rtt_ms" in x:
        parts.append(f"round trip {float(x['rtt_ms']):.3f} ms")
    return "  ".join(parts)


def clock(ts: float) -> str:
    """Wall-clock time of an event, to the millisecond (a time from a bad recording shows as ?)."""
    try:
        return time.strftime("%H:%M:%S", time.localtime(ts)) + f".{int(ts * 1000) % 1000:03d}"
    except (OverflowError, ValueError, OSError):
        return "??:??:??.???"


def delta(seconds: float) -> str:
    """Time since the previous entry, in the same width as `clock`."""
    if seconds < 10:
        return f"+{seconds:.6f}"[:12].ljust(12)
    if seconds < 100_000:
        return f"+{seconds:.3f}s".ljust(12)
    return f"+{seconds / 3600:.1f}h".ljust(12)


def event_segments(event: Event, palette: LogPalette, stamp: str) -> list[Segment]:
    label, tone = KIND_LABELS.get(event.event, (escape_controls(clip(event.event, 15)), "info"))
    client = escape_controls(short_client(event.client))
    if len(client) > CLIENT_WIDTH:  # a long name is cut, with a mark that says so, not pushing the columns
        client = client[: CLIENT_WIDTH - 1] + "…"
    return [
        Segment(stamp + " ", palette.time),
        Segment(f"{client:<{CLIENT_WIDTH}} ", palette.client),
        Segment(f"{label:<15} ", getattr(palette, tone)),
        Segment(describe(event), palette.body),
    ]

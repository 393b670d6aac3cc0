"""One log entry as one line of styled segments; never markup, always escaped."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style

from app.net.events import Event
from app.ui.safe_text import clip, escape_controls

PREVIEW_CHARS = 400
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
}


def short_client(path: str) -> str:
    """`Root/Demo/Echo/WebsocketClient` → `Demo/Echo`: the slot, which is what people name."""
    if path.startswith("Root/"):
        path = path[5:]
    head, _, last = path.rpartition("/")
    if head and last == "WebsocketClient":
        return head
    return path


def describe(event: Event) -> str:
    """The entry's details as plain text (escaped), used by the log pane and tests."""
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
        preview = escape_controls(clip(text, PREVIEW_CHARS))
        return f"text {size} B  {preview}"
    if kind == "connecting":
        return f"attempt {x.get('attempt')}  {escape_controls(str(x.get('url', '')))}"
    if kind == "connected":
        return escape_controls(str(x.get("url", "")))
    if kind == "disconnected":
        parts = [f"by {x.get('by')}"]
        if "code" in x:
            parts.append(f"code {x['code']}")
        if x.get("reason"):
            parts.append(escape_controls(clip(str(x["reason"]), PREVIEW_CHARS)))
        return "  ".join(parts)
    if kind == "retry":
        return f"attempt {x.get('attempt')} in {x.get('delay_s'):g} s  ({escape_controls(str(x.get('reason', '')))})"
    if kind == "timeout":
        return f"no traffic from the server for {x.get('idle_s')} s"
    if kind == "host_access":
        extra = f"  ({x['reason']})" if x.get("reason") else ""
        return f"{escape_controls(str(x.get('host')))}: {x.get('decision')}{extra}"
    text = escape_controls(clip(str(x.get("reason", "")), PREVIEW_CHARS * 2))
    if "repeat" in x:
        last = time.strftime("%H:%M:%S", time.localtime(x["last_ts"]))
        text += f"  ×{x['repeat']} (last at {last})"
    return text


def clock(ts: float) -> str:
    """Wall-clock time of an event, to the millisecond."""
    return time.strftime("%H:%M:%S", time.localtime(ts)) + f".{int(ts * 1000) % 1000:03d}"


def delta(seconds: float) -> str:
    """Time since the previous entry, in the same width as `clock`."""
    if seconds < 10:
        return f"+{seconds:.6f}"[:12].ljust(12)
    if seconds < 100_000:
        return f"+{seconds:.3f}s".ljust(12)
    return f"+{seconds / 3600:.1f}h".ljust(12)


def event_segments(event: Event, palette: LogPalette, stamp: str) -> list[Segment]:
    label, tone = KIND_LABELS.get(event.event, (event.event, "info"))
    client = escape_controls(short_client(event.client))
    return [
        Segment(stamp + " ", palette.time),
        Segment(f"{client:<16} ", palette.client),
        Segment(f"{label:<15} ", getattr(palette, tone)),
        Segment(describe(event), palette.body),
    ]

"""One log entry in full: wrapped text, JSON pretty-printed, binary as a hex dump; copy it."""

from __future__ import annotations

import json
import time

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from app.log.events import Event
from app.ui.log.exchange_view import exchange_text
from app.ui.log.format import describe, kind_words
from app.ui.safe_text import escape_controls

SHOWN_LIMIT = 256 * 1024  # characters or bytes drawn; copy takes everything


def hex_dump(data: bytes, limit: int = SHOWN_LIMIT) -> str:
    """Offset, sixteen hex bytes, and the printable characters, per line."""
    lines = []
    for offset in range(0, min(len(data), limit), 16):
        chunk = data[offset : offset + 16]
        hex_part = " ".join(f"{b:02x}" for b in chunk[:8]) + "  " + " ".join(f"{b:02x}" for b in chunk[8:])
        printable = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)
        lines.append(f"{offset:08x}  {hex_part:<48}  |{printable}|")
    if len(data) > limit:
        lines.append(f"… {len(data) - limit:,} more bytes (copy or export for all)")
    return "\n".join(lines)


def pretty_json(text: str) -> str | None:
    """The text re-indented when it is a JSON object or array, else None."""
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return escape_controls(json.dumps(value, indent=2, ensure_ascii=False), keep_newlines=True)


def body_of(event: Event) -> Syntax | Text:
    exchange = exchange_text(event.extra)
    if exchange is not None:
        return exchange
    data = event.extra.get("data")
    if isinstance(data, bytes | bytearray):
        return Text(hex_dump(bytes(data)))
    if isinstance(data, str):
        pretty = pretty_json(data) if len(data) <= SHOWN_LIMIT else None
        if pretty is not None:
            return Syntax(pretty, "json", word_wrap=True, theme="monokai", background_color="default")
        shown = data[:SHOWN_LIMIT]
        text = Text(escape_controls(shown, keep_newlines=True))
        if len(data) > SHOWN_LIMIT:
            text.append(f"\n… {len(data) - SHOWN_LIMIT:,} more characters (copy or export for all)", style="dim")
        return text
    return Text(describe(event))


def clipboard_text(event: Event) -> str:
    data = event.extra.get("data")
    if isinstance(data, bytes | bytearray):
        return bytes(data).hex(" ")
    if isinstance(data, str):
        return data
    return json.dumps(event.to_record(), ensure_ascii=False)


class DetailScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("c", "copy", "Copy"),
    ]

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        event = self.event
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(event.ts)) + f".{int(event.ts * 1000) % 1000:03d}"
        size = event.extra.get("size")
        kind = kind_words(event.event) + (f" ({event.extra.get('type')})" if "type" in event.extra else "")
        kind = escape_controls(kind)
        header = Text()
        header.append(f"{kind}", style="bold")
        if isinstance(size, int) and not isinstance(size, bool):  # a recording may hold anything here
            header.append(f"   {size:,} bytes")
        header.append(f"\n{stamp}   {escape_controls(event.client)}", style="dim")
        with Vertical(id="detail"):
            yield Static(header, id="detail-header")
            with VerticalScroll(id="detail-body"):
                yield Static(body_of(event), id="detail-content")
            yield Static(Text("c: copy to the clipboard   Escape: close"), id="detail-keys")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(clipboard_text(self.event))
        self.notify("Copied to the clipboard (through the terminal).", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

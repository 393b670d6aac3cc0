"""The send bar under the log: text or hex to the selected client, commands, and a history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from app.model.fields.hex_bytes import parse_hex
from app.ui.safe_text import safe
from app.ui.widgets.quiet_update import show_text
from app.ui.widgets.safe_input import SafeInput
from app.ui.words import sentence

HELP = (
    "Enter sends text; Ctrl+B switches to binary (hex). Commands: /connect [URL] [USER], "
    "/disconnect, /ping [TEXT], /close [CODE] [REASON], /hex HEX, /text TEXT, //text starts with a slash. "
    "Ctrl+O: saved messages."
)
MAX_CONTROL_PAYLOAD = 125  # bytes in a ping; a close reason gets 123 (two go to the code)


OutgoingKind = Literal["text", "binary", "connect", "disconnect", "ping", "close"]


@dataclass
class Outgoing:
    """What the person asked for: a message to send, or a node-like command."""

    kind: OutgoingKind
    data: str | bytes = ""
    url: str | None = None
    user: str | None = None
    code: int = 1000  # /close


def parse_close(rest: str) -> Outgoing:
    """`/close [CODE] [REASON]`: 1000 or 3000-4999, and a reason of at most 123 bytes."""
    first, _, reason = rest.partition(" ")
    code = 1000
    if first:
        if not first.isdigit():
            raise ValueError(f"/close: {first!r} is not a close code; use 1000 or 3000-4999")
        code = int(first)
        if code != 1000 and not 3000 <= code <= 4999:
            raise ValueError(f"/close: {code} cannot be sent; use 1000 or 3000-4999")
    reason = reason.strip()
    if len(reason.encode("utf-8")) > MAX_CONTROL_PAYLOAD - 2:
        raise ValueError(f"/close: the reason is over {MAX_CONTROL_PAYLOAD - 2} bytes")
    return Outgoing("close", reason, code=code)


def interpret(line: str, binary_mode: bool) -> Outgoing:
    """Raises ValueError (a HexError for bad hex) with a message for the person."""
    if line.startswith("//"):
        return Outgoing("text", line[1:])
    if line.startswith("/"):
        command, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        if command == "connect":
            words = rest.split()
            if len(words) > 2:
                raise ValueError("/connect takes at most a URL and a user")
            return Outgoing("connect", url=words[0] if words else None, user=words[1] if len(words) > 1 else None)
        if command == "disconnect":
            return Outgoing("disconnect")
        if command == "ping":
            if len(rest.encode("utf-8")) > MAX_CONTROL_PAYLOAD:
                raise ValueError(f"/ping: the text is over {MAX_CONTROL_PAYLOAD} bytes")
            return Outgoing("ping", rest)
        if command == "close":
            return parse_close(rest)
        if command == "hex":
            return Outgoing("binary", parse_hex(rest))
        if command == "text":
            return Outgoing("text", rest)
        raise ValueError(f"unknown command /{command}. {HELP}")
    if binary_mode:
        return Outgoing("binary", parse_hex(line))
    return Outgoing("text", line)


class SendInput(SafeInput):
    """Up and Down walk through what was sent before."""

    BINDINGS = [
        Binding("up", "history(-1)", "Previous", show=False),
        Binding("down", "history(1)", "Next", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._position = 0
        self._draft = ""

    def remember(self, line: str) -> None:
        if not self.history or self.history[-1] != line:
            self.history.append(line)
        self._position = len(self.history)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position == len(self.history):
            self._draft = self.value
        self._position = max(0, min(len(self.history), self._position + step))
        self.value = self._draft if self._position == len(self.history) else self.history[self._position]
        self.cursor_position = len(self.value)


class SendBar(Horizontal):
    BINDINGS = [
        Binding("ctrl+b", "toggle_binary", "Text/hex", show=True),
        Binding("ctrl+o", "screen.saved_messages", "Saved", show=True),
    ]

    class Send(Message):
        def __init__(self, bar: SendBar, line: str, outgoing: Outgoing) -> None:
            super().__init__()
            self.bar = bar
            self.line = line
            self.outgoing = outgoing

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.binary = False

    def compose(self) -> ComposeResult:
        yield Label("→ (no client)", id="send-target")
        yield SendInput(placeholder="message to send (Enter) · /connect /disconnect /hex", id="send-input")
        yield Label("text", id="send-mode")

    @property
    def input(self) -> SendInput:
        return self.query_one(SendInput)

    def set_target(self, name: str | None) -> None:
        show_text(self.query_one("#send-target", Label), safe(f"→ {name}" if name else "→ (no client)"))

    def action_toggle_binary(self) -> None:
        self.binary = not self.binary
        self.query_one("#send-mode", Label).update("hex" if self.binary else "text")
        self.input.placeholder = "hex bytes, e.g. 48 65 6c 6c 6f (Enter)" if self.binary else "message to send (Enter)"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        line = event.value
        if not line:
            return
        try:
            outgoing = interpret(line, self.binary)
        except ValueError as exc:
            self.notify(sentence(str(exc)), severity="error", markup=False)
            return
        self.post_message(self.Send(self, line, outgoing))

    def sent(self, line: str) -> None:
        """The message went out: clear the field and remember it."""
        self.input.remember(line)
        if self.input.value == line:
            self.input.value = ""

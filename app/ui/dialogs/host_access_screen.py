"""Resonite's "Host Access" dialog, with "Allow once" and the name of what asks."""

from __future__ import annotations

import time

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from app.net.host_access import AccessRequest, Decision
from app.ui.dialogs.typing_guard import TypingGuard
from app.ui.safe_text import escape_controls, safe

WARNING = "Warning: World is trying to access 3rd party host"
EXPLANATION = (
    "Granting access can allow the third party to gather personal information, "
    "such as your IP and geographical location."
)


KEYS = "a / o / d answer after a pause in typing · Tab to the buttons · Escape: not now (deny this attempt)"
KEYS_IGNORED = "Ignored keys typed as this opened; a / o / d are off for this question: Tab and Enter, or click"


class HostAccessDialog(ModalScreen[Decision]):
    """A server decides when this opens, so a key typed for something else must not answer it:
    the letter keys act only once the dialog has been shown a moment and after a pause in
    typing; a key typed before that turns them off for this question; no button has the focus
    at first (Enter or space presses nothing)."""

    AUTO_FOCUS = ""  # nothing: not None, which means the app's "*"
    BINDINGS = [
        Binding("a", "decide('allowed')", "Allow"),
        Binding("o", "decide('allowed_once')", "Allow once"),
        Binding("d", "decide('denied')", "Deny"),
        Binding("escape", "decide('dismissed')", "Dismiss"),
    ]

    def __init__(self, host: str, requests: list[AccessRequest], typing: TypingGuard | None = None) -> None:
        super().__init__(classes="host-access")
        self.host = host
        self.requests = requests
        self.typing = typing or TypingGuard()
        self.shown_since = time.monotonic()
        self.letters_off = False

    def on_mount(self) -> None:
        self.shown_since = time.monotonic()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Host Access"), id="dialog-title")
            yield Static(Text(WARNING), id="dialog-warning")
            yield Static(Text(EXPLANATION), id="dialog-explanation")
            yield Static(safe(f"Target Host: {self.host}"), id="dialog-host")
            yield Static(self._reasons(), id="dialog-reasons")
            with Horizontal(id="dialog-buttons"):
                yield Button(Text("Allow (a)"), id="allowed", variant="success")
                yield Button(Text("Allow once (o)"), id="allowed_once", variant="primary")
                yield Button(Text("Deny (d)"), id="denied", variant="error")
            yield Static(Text(KEYS), id="dialog-keys")

    def _reasons(self) -> Text:
        text = Text()
        for index, req in enumerate(self.requests):
            if index:
                text.append("\n")
            text.append(f"Reason: {escape_controls(req.reason)}\n")
            text.append(f"Asked by: {escape_controls(req.requester)}", style="dim")
        return text

    def update_requests(self, requests: list[AccessRequest]) -> None:
        self.requests = requests
        if self.is_mounted:
            self.query_one("#dialog-reasons", Static).update(self._reasons())

    def accepts_keys(self) -> bool:
        """Whether a, o or d pressed now would answer."""
        return not self.letters_off and self.typing.would_be_deliberate(self.shown_since)

    def on_key(self, event: events.Key) -> None:
        """Typing that goes on into the dialog (no button focused yet) turns the letters off."""
        typed = event.is_printable or event.key in ("enter", "space", "backspace")
        if typed and self.focused is None and not self.typing.deliberate(self.shown_since):
            self._letters_off()

    def _letters_off(self) -> None:
        self.letters_off = True
        self.query_one("#dialog-keys", Static).update(Text(KEYS_IGNORED))

    def action_decide(self, decision: str) -> None:
        if decision != "dismissed" and (self.letters_off or not self.typing.deliberate(self.shown_since)):
            self._letters_off()
            return
        self.dismiss(Decision(decision))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id:
            self.dismiss(Decision(event.button.id))

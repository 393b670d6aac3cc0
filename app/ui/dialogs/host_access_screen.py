"""Resonite's "Host Access" dialog, with "Allow once" and the name of what asks."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from app.net.host_access import AccessRequest, Decision
from app.ui.safe_text import escape_controls, safe

WARNING = "Warning: World is trying to access 3rd party host"
EXPLANATION = (
    "Granting access can allow the third party to gather personal information, "
    "such as your IP and geographical location."
)


class HostAccessDialog(ModalScreen[Decision]):
    BINDINGS = [
        Binding("a", "decide('allowed')", "Allow"),
        Binding("o", "decide('allowed_once')", "Allow once"),
        Binding("d", "decide('denied')", "Deny"),
        Binding("escape", "decide('dismissed')", "Dismiss"),
    ]

    def __init__(self, host: str, requests: list[AccessRequest]) -> None:
        super().__init__(classes="host-access")
        self.host = host
        self.requests = requests

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
            yield Static(Text("Escape: not now (deny this attempt)"), id="dialog-keys")

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

    def action_decide(self, decision: str) -> None:
        self.dismiss(Decision(decision))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id:
            self.dismiss(Decision(event.button.id))

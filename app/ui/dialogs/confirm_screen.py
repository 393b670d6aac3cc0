"""A yes/no question before something that cannot be undone."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from app.ui.safe_text import escape_controls, safe


def quit_question(lost: list[str]) -> str:
    """Before quitting with work the scene file will not keep (paths of slots and components)."""
    shown = escape_controls(", ".join(lost[:3])) + (f" and {len(lost) - 3} more" if len(lost) > 3 else "")
    why = "It is under a slot that is not persistent, so the scene file does not keep it."
    return f"Not saved: {shown}. {why} Quit anyway?"


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, question: str, yes: str = "Destroy") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(safe(self.title_text), id="confirm-title")
            yield Static(safe(self.question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(safe(f"{self.yes} (y)"), id="yes", variant="error")
                yield Button(Text("Cancel (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

"""Export the log, or just the filtered entries, to a JSON Lines file (the recording format)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from app.ui.widgets.safe_input import SafeInput


class ExportScreen(ModalScreen[tuple[Path, bool] | None]):
    """Answers (path, only the filtered entries) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, filtered: bool, folder: Path) -> None:
        super().__init__()
        self.filtered = filtered
        self.folder = folder  # offered, in full, so the person sees where the file goes

    def compose(self) -> ComposeResult:
        default = self.folder / f"ws-inspector-export-{datetime.now():%Y%m%d-%H%M%S}.jsonl"
        with Vertical(id="export"):
            yield Static(Text("Export the log as JSON Lines"), id="export-title")
            yield SafeInput(str(default), id="export-path")
            yield Checkbox("only the entries that match the filter", value=self.filtered, id="export-filtered")
            yield Static(Text("Enter exports; Escape cancels. An existing file is replaced."), id="export-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            try:
                path = Path(event.value.strip()).expanduser().absolute()  # the message names it in full
            except RuntimeError as exc:  # ~nosuchuser/...
                self.notify(f"Cannot use that path: {exc}", severity="error", markup=False)
                return
            self.dismiss((path, self.query_one(Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)

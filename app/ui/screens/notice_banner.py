"""The banner over everything for a problem the person must see at start (a broken file). It
goes away with Escape or a click; the log keeps the message."""

from __future__ import annotations

from textual import events
from textual.widgets import Static

from app.ui.safe_text import safe


class NoticeBanner(Static):
    def show(self, message: str) -> None:
        self.update(safe(message, keep_newlines=True))
        self.add_class("-shown")

    def hide(self) -> None:
        self.remove_class("-shown")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.hide()

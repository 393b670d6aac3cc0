"""The recording viewer: the log of a recording, read-only, connecting nowhere."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

from app.ui.log.pane import LogPane
from app.ui.log.view import LogView
from app.ui.safe_text import escape_controls, safe
from app.ui.screens.log_screen import LogScreen
from app.ui.screens.notice_banner import NoticeBanner


class RecordingScreen(LogScreen):
    def widgets(self) -> ComposeResult:
        yield NoticeBanner("", id="notice")
        yield LogPane(self.session, last_key=self.last_key, id="log-pane")
        yield Footer()

    def started(self) -> None:
        super().started()
        config = self.session.config
        title = escape_controls(config.title or f"Recording: {config.open_recording} (read-only)")
        self.app.title = title
        log = self.query_one(LogView)
        log.border_title = safe(title)
        log.focus()

"""What both screens share: a log pane, a start-up notice, and the log's keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from app.session import Session
from app.ui.log.pane import LogPane
from app.ui.log.view import LogView
from app.ui.screens.notice_banner import NoticeBanner
from app.ui.screens.zoom import toggle_zoom

QUIT = Binding("ctrl+q", "app.quit", "Quit", priority=True)  # the app binds it too, for dialogs
HELP = Binding("f1", "app.help", "Help")
CLEAR_LOG = Binding("ctrl+l", "clear_log", "Clear log")
FOCUS_LOG = Binding("f6", "focus_log", "Log", show=False)
FILTER = Binding("ctrl+f", "filter", "Filter")
STATS = Binding("f8", "stats", "Stats")
EXPORT = Binding("f9", "export", "Export", show=False)
ZOOM = Binding("f5", "zoom", "Zoom", show=False)
HIDE_NOTICE = Binding("escape", "hide_notice", "Hide notice", show=False)


class LogScreen(Screen[None]):
    """The footer lists the screen's keys in this order, the app's Quit and Help first."""

    BINDINGS = [QUIT, HELP, CLEAR_LOG, FOCUS_LOG, FILTER, STATS, EXPORT, ZOOM, HIDE_NOTICE]

    def __init__(self, session: Session, last_key: Callable[[], float]) -> None:
        super().__init__()
        self.session = session
        self.last_key = last_key  # when the last key was pressed (the log draws a key's change first)

    @property
    def log_pane(self) -> LogPane:
        return self.query_one(LogPane)

    def widgets(self) -> ComposeResult:
        """What the screen shows; the app mounts it (see InspectorApp.compose)."""
        raise NotImplementedError

    def started(self) -> None:
        """The widgets are mounted: show what loading the files found."""
        for message in self.session.notices:
            self.show_notice(message)

    async def before_connecting(self) -> None:
        """The session's slots are in the scene and no connection has started (see Session.start)."""

    def after_start(self) -> None:
        """The session has started its connections."""

    def show_notice(self, message: str) -> None:
        """A problem the person must see (a broken file): a banner and the log."""
        self.query_one(NoticeBanner).show(message)
        self.session.notice(message)

    def action_hide_notice(self) -> None:
        """Escape, where no field or dialog takes it (a click works too)."""
        self.query_one(NoticeBanner).hide()

    def action_zoom(self) -> None:
        toggle_zoom(self)

    def action_filter(self) -> None:
        self.log_pane.open_filter()

    def action_stats(self) -> None:
        self.log_pane.show_stats()

    def action_export(self) -> None:
        self.log_pane.export()

    def action_clear_log(self) -> None:
        self.query_one(LogView).clear()

    def action_focus_log(self) -> None:
        self.query_one(LogView).focus()

    def action_toggle_time(self) -> None:
        self.query_one(LogView).action_toggle_time()

    def commands(self) -> Iterable[SystemCommand]:
        """The log's entries in the command palette."""
        yield SystemCommand("Clear log", "Empty the log pane (the recording keeps everything)", self.action_clear_log)
        yield SystemCommand("Filter log", "Text, regex, client, direction, kind", self.action_filter)
        yield SystemCommand("Statistics", "Rates, totals, reconnects per client", self.action_stats)
        yield SystemCommand("Export log", "Write the log (or the filtered entries) as JSON Lines", self.action_export)
        yield SystemCommand("Toggle timestamps", "Wall clock or time since the previous entry", self.action_toggle_time)

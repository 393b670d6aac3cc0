"""The Textual app: themes, the session's life, global keys and the palette. The screens do the rest:
the live inspector (app/ui/screens/live_screen.py) or a recording's viewer (recording_screen.py)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from app.gc_policy import GcPolicy
from app.session import Session
from app.ui import quit_signals
from app.ui.dialogs.confirm_screen import ConfirmScreen, quit_question
from app.ui.dialogs.help_screen import HelpScreen
from app.ui.dialogs.host_asker import HostAsker
from app.ui.dialogs.unsaved_quit import may_quit_now
from app.ui.guarded_app import GuardedApp
from app.ui.inspector.slot_panel import SlotPanel
from app.ui.screens.live_screen import LiveScreen
from app.ui.screens.log_screen import LogScreen
from app.ui.screens.recording_screen import RecordingScreen
from app.ui.styles import style_paths
from app.ui.themes import DEFAULT_THEME, THEMES

QUIT_GRACE = 5.0  # seconds an orderly quit after a signal may take


class InspectorApp(GuardedApp):
    TITLE = "WebSocket Inspector"
    CSS_PATH = style_paths()
    # Screen classes for small terminals (see styles/): narrower hierarchy, fewer blank rows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]
    ESCAPE_TO_MINIMIZE = False  # Escape keeps its meaning in fields while a pane is zoomed (F5 again)
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),  # the screens show it
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        for theme in THEMES:
            self.register_theme(theme)
        self.asker = HostAsker(self, session.access, self.typing)
        self._gc = GcPolicy()

    def get_default_screen(self) -> Screen:
        """The live inspector, or a recording's viewer: the screen under every dialog."""
        gc = self._gc
        kind = RecordingScreen if self.session.read_only else LiveScreen
        return kind(self.session, last_key=lambda: gc.last_key)

    def compose(self) -> ComposeResult:
        """The main screen's widgets, mounted on it by the app before the app is ready (a screen that
        composes itself is ready a moment after the app: the first keys would reach an empty screen)."""
        yield from self.main_screen.widgets()

    async def on_mount(self) -> None:
        wanted = self.session.settings.theme
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.session.access.set_asker(self.asker)
        screen = self.main_screen
        screen.started()
        quit_signals.install(self._signalled)
        await self.session.start(before_connecting=screen.before_connecting)
        screen.after_start()
        if not self.session.read_only:
            self._gc.start()
            self.set_interval(1.0, self._gc.tick)

    def on_key(self) -> None:
        self._gc.key_pressed()

    def _signalled(self, name: str) -> None:
        self.session.notice(f"{name} received: quitting")
        self.session.save_and_flush()  # first: the terminal may be gone, and the quit never end
        quit_signals.exit_anyway_after(QUIT_GRACE)
        self.exit()

    async def on_unmount(self) -> None:
        quit_signals.remove()
        self._gc.stop()
        await self.session.stop()

    def _theme_changed(self, theme: Theme) -> None:
        if self.session.settings.theme != theme.name:
            self.session.settings.theme = theme.name
            self.session.save_settings()

    @property
    def main_screen(self) -> LogScreen:
        """The live or recording screen, under any dialog."""
        return next(s for s in reversed(self.screen_stack) if isinstance(s, LogScreen))

    @property
    def slot_panel(self) -> SlotPanel:
        """The panel of the slot the live inspector shows."""
        screen = self.main_screen
        assert isinstance(screen, LiveScreen)
        return screen.slot_panel

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, LogScreen):
            yield from screen.commands()

    async def action_quit(self) -> None:
        """A scene that cannot be saved, or work under a non-persistent slot (which the scene file does
        not keep): say so first (Ctrl+Q again quits anyway)."""
        if not may_quit_now(self, self.session.autosaver):
            return
        lost = self.session.unsaved.lost() if self.session.unsaved is not None else []
        if not lost or isinstance(self.screen, ConfirmScreen):
            self.exit()
            return
        self.push_screen(
            ConfirmScreen("Quit", quit_question(lost), yes="Quit"), lambda yes: self.exit() if yes else None
        )

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

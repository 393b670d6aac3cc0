"""The Textual app: hierarchy left, inspector right, log below; the session does the work."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.markup import escape as escape_markup
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Button, Footer, Static

from app.gc_policy import GcPolicy
from app.model import Change, Component, FieldError, Slot, WebsocketClient
from app.net.worker import ConnectionWorker
from app.session import Session
from app.ui.dialogs.confirm_screen import ConfirmScreen
from app.ui.dialogs.grants_screen import GrantsScreen
from app.ui.dialogs.help_screen import HelpScreen
from app.ui.dialogs.host_asker import HostAsker
from app.ui.inspector.attach_component_screen import ComponentPicker
from app.ui.inspector.component_card import ComponentCard
from app.ui.inspector.hierarchy import HierarchyPane
from app.ui.inspector.inspector import Inspector
from app.ui.inspector.slot_panel import SlotPanel
from app.ui.log.format import short_client
from app.ui.log.pane import LogPane
from app.ui.log.send_bar import SendBar
from app.ui.log.view import LogView
from app.ui.safe_text import escape_controls
from app.ui.styles import style_paths
from app.ui.themes import DEFAULT_THEME, THEMES

SLOT_PANEL_DELAY = 0.25  # seconds the tree cursor rests before the slot panel is rebuilt


class InspectorApp(App[int]):
    TITLE = "WebSocket Inspector"
    CSS_PATH = style_paths()
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("ctrl+n", "add_child", "Add child", show=False),
        Binding("ctrl+w,f4", "attach", "Attach", key_display="^w/f4"),
        Binding("ctrl+l", "clear_log", "Clear log"),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("f6", "focus_log", "Log", show=False),
        Binding("f7", "focus_send", "Send"),
        Binding("ctrl+g", "grants", "Grants"),
        Binding("ctrl+f", "filter", "Filter"),
        Binding("f8", "stats", "Stats"),
        Binding("f9", "export", "Export", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        for theme in THEMES:
            self.register_theme(theme)
        self.asker = HostAsker(self, session.access)
        self._gc = GcPolicy()
        self._pending_slot: Slot | None = None
        self._slot_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="notice")
        with Horizontal(id="main"):
            yield HierarchyPane(self.session.scene, id="hierarchy")
            yield Inspector(self.session.scene.root, self.session.connections, id="inspector")
        yield LogPane(self.session, last_key=lambda: self._gc.last_key, id="log-pane")
        yield SendBar(id="send-bar")
        yield Footer()

    async def on_mount(self) -> None:
        wanted = self.session.settings.theme
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.session.access.set_asker(self.asker)
        await self.session.start()
        for message in self.session.notices:
            self.show_notice(message)
        if self.session.read_only:
            self.screen.add_class("-recording")
            self.title = self.session.config.title or f"Recording: {self.session.config.open_recording} (read-only)"
            log = self.query_one(LogView)
            log.border_title = Text(escape_controls(self.title))
            log.focus()
            return
        self.session.scene.observe(self._scene_changed)
        self.query_one(HierarchyPane).tree.focus()
        self._gc.start()
        self.set_interval(1.0, self._gc.tick)

    def on_key(self) -> None:
        self._gc.key_pressed()

    async def on_unmount(self) -> None:
        self._gc.stop()
        if self._slot_timer is not None:
            self._slot_timer.stop()
        await self.session.stop()

    def _theme_changed(self, theme: Theme) -> None:
        if self.session.settings.theme != theme.name:
            self.session.settings.theme = theme.name
            self.session.save_settings()

    def show_notice(self, message: str) -> None:
        """A problem the person must see (a broken file): a banner and the log."""
        notice = self.query_one("#notice", Static)
        notice.update(Text(message))
        notice.add_class("-shown")
        self.session.notice(message)

    # --- selection and structure --------------------------------------------------------
    def on_hierarchy_pane_slot_selected(self, event: HierarchyPane.SlotSelected) -> None:
        """Moving through the tree should feel instant: the panel follows once the cursor rests."""
        self._pending_slot = event.slot
        if self._slot_timer is not None:
            self._slot_timer.stop()
        self._slot_timer = self.set_timer(SLOT_PANEL_DELAY, self._show_pending_slot)

    async def _show_pending_slot(self) -> None:
        if self._slot_timer is not None:
            self._slot_timer.stop()
        self._slot_timer = None
        slot, self._pending_slot = self._pending_slot, None
        inspectors = self.query(Inspector)  # none while the app shuts down
        if slot is not None and slot.scene is self.session.scene and inspectors:
            await inspectors.first().show(slot)
            self._show_target()

    def _scene_changed(self, change: Change) -> None:
        if change.kind in ("added", "removed"):
            self.call_later(self._show_target)

    def target_client(self) -> WebsocketClient | None:
        """The client that the send bar and the connect commands act on: the selected slot's first."""
        slot = self.selected_slot()
        return next((c for c in slot.components if isinstance(c, WebsocketClient)), None)

    def target_worker(self) -> ConnectionWorker | None:
        client = self.target_client()
        worker = self.session.connections.worker_for(client) if client is not None else None
        if worker is None:
            self.notify("Select a slot with a WebsocketClient first.", severity="warning", markup=False)
        return worker

    def _show_target(self) -> None:
        client = self.target_client()
        self.query_one(SendBar).set_target(short_client(client.path) if client is not None else None)

    async def on_send_bar_send(self, event: SendBar.Send) -> None:
        worker = self.target_worker()
        if worker is None:
            return
        outgoing = event.outgoing
        if outgoing.kind == "connect":
            try:
                worker.connect(outgoing.url, outgoing.user)
            except FieldError as exc:
                self.notify(f"/connect: {exc}", severity="error", markup=False)
                return
            event.bar.sent(event.line)
        elif outgoing.kind == "disconnect":
            worker.disconnect()
            event.bar.sent(event.line)
        elif await worker.send(outgoing.data):
            event.bar.sent(event.line)
        # on a send error the line stays in the field, and the log says why

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Connect", "Connect the selected slot's client", self.action_connect)
        yield SystemCommand("Disconnect", "Disconnect the selected slot's client", self.action_disconnect)
        yield SystemCommand("Send", "Type a message for the selected client", self.action_focus_send)
        yield SystemCommand("Save scene", "Write the scene file now", self.action_save)
        yield SystemCommand("Clear log", "Empty the log pane (the recording keeps everything)", self.action_clear_log)
        yield SystemCommand("Filter log", "Text, regex, client, direction, kind", self.action_filter)
        yield SystemCommand("Statistics", "Rates, totals, reconnects per client", self.action_stats)
        yield SystemCommand("Export log", "Write the log (or the filtered entries) as JSON Lines", self.action_export)
        yield SystemCommand("Toggle timestamps", "Wall clock or time since the previous entry", self._toggle_time)
        yield SystemCommand("Host access grants", "See and remove allowed hosts", self.action_grants)
        for host in self.session.access.remembered:
            yield SystemCommand(
                f"Remove host grant {escape_markup(escape_controls(host))}",
                "Ask again next time",
                lambda host=host: self._revoke(host),
            )
        yield SystemCommand("Add child slot", "Under the selected slot", self.action_add_child)
        yield SystemCommand("Attach WebsocketClient", "To the selected slot", self.action_attach)

    def _toggle_time(self) -> None:
        self.query_one(LogView).action_toggle_time()

    def action_connect(self) -> None:
        worker = self.target_worker()
        if worker is not None:
            worker.connect()

    def action_disconnect(self) -> None:
        worker = self.target_worker()
        if worker is not None:
            worker.disconnect()

    def action_focus_send(self) -> None:
        self.query_one(SendBar).input.focus()

    def action_grants(self) -> None:
        self.push_screen(GrantsScreen(self.session.access))

    def _revoke(self, host: str) -> None:
        if self.session.access.revoke(host):
            self.notify(f"Removed the grant for {host}; it will be asked again.", markup=False)

    @property
    def slot_panel(self) -> SlotPanel:
        """The panel of the slot the inspector shows."""
        return self.query_one(Inspector).current

    def selected_slot(self) -> Slot:
        return self.slot_panel.slot

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "attach":
            event.stop()
            self.action_attach()

    def action_add_child(self) -> None:
        self.query_one(HierarchyPane).action_add_child()

    def action_attach(self) -> None:
        slot = self.selected_slot()

        def chosen(kind: type[Component] | None) -> None:
            if kind is not None and slot.scene is not None:
                component = kind()
                if "HandlingUser" in kind.field_names():
                    component.set("HandlingUser", self.session.scene.users.local)
                slot.attach_component(component)

        self.push_screen(ComponentPicker(), chosen)

    def on_hierarchy_pane_rename_requested(self, event: HierarchyPane.RenameRequested) -> None:
        self.slot_panel.start_rename()

    async def on_hierarchy_pane_edit_requested(self, event: HierarchyPane.EditRequested) -> None:
        await self._show_pending_slot()  # the panel may still be waiting for the cursor to rest
        self.slot_panel.start_edit()

    def on_component_card_duplicate(self, event: ComponentCard.Duplicate) -> None:
        slot = event.component.slot
        if slot is not None:
            slot.attach_component(event.component.copy())

    def on_component_card_destroy(self, event: ComponentCard.Destroy) -> None:
        component = event.component

        def answered(yes: bool | None) -> None:
            if yes and component.slot is not None:
                component.slot.remove_component(component)

        question = f"Destroy {component.path}? Its connection closes and its settings are gone."
        self.push_screen(ConfirmScreen("Destroy component", question), answered)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    # --- log ----------------------------------------------------------------------------
    @property
    def log_pane(self) -> LogPane:
        return self.query_one(LogPane)

    def action_filter(self) -> None:
        self.log_pane.toggle_filter()

    def action_stats(self) -> None:
        self.log_pane.show_stats()

    def action_export(self) -> None:
        self.log_pane.export()

    def action_clear_log(self) -> None:
        self.query_one(LogView).clear()

    def action_focus_log(self) -> None:
        self.query_one(LogView).focus()

    def action_save(self) -> None:
        if self.session.autosaver is not None and self.session.autosaver.save_now():
            self.notify(f"Scene saved to {self.session.scene_file.path}", markup=False)

"""The Textual app: hierarchy left, inspector right, log below; the session does the work."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Static

from app.model import FieldError, Slot, WebsocketClient
from app.net.host_access import Decision
from app.session import Session
from app.ui.component_card import ComponentCard
from app.ui.hierarchy import HierarchyPane
from app.ui.host_dialog import HostAccessDialog
from app.ui.log_view import LogView
from app.ui.slot_panel import SlotPanel
from app.ui.styles import style_paths


class InspectorApp(App[int]):
    TITLE = "WebSocket Inspector"
    CSS_PATH = style_paths()
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+n", "add_child", "Add child"),
        Binding("ctrl+w", "attach", "Attach client"),
        Binding("ctrl+l", "clear_log", "Clear log"),
        Binding("ctrl+s", "save", "Save"),
        Binding("f6", "focus_log", "Log"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._asking: HostAccessDialog | None = None
        self._queue: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="notice")
        with Horizontal(id="main"):
            yield HierarchyPane(self.session.scene, id="hierarchy")
            yield SlotPanel(self.session.scene.root, self.session.connections, id="slot-panel")
        yield LogView(self.session.log, id="log")
        yield Footer()

    async def on_mount(self) -> None:
        if self.session.settings.theme in self.available_themes:
            self.theme = self.session.settings.theme
        self.session.access.asker = self
        await self.session.start()
        for message in self.session.notices:
            self.show_notice(message)
        self.query_one(HierarchyPane).tree.focus()

    async def on_unmount(self) -> None:
        await self.session.stop()

    def show_notice(self, message: str) -> None:
        """A problem the person must see (a broken file): a banner and the log."""
        notice = self.query_one("#notice", Static)
        notice.update(Text(message))
        notice.add_class("-shown")
        self.session.notice(message)

    # --- host access (the session's Asker) ----------------------------------------------
    def ask(self, host: str) -> None:
        if host not in self._queue:
            self._queue.append(host)
        if self._asking is None:
            self._ask_next()
        elif self._asking.host == host:
            self._asking.update_requests(self.session.access.pending(host))

    def withdraw(self, host: str) -> None:
        if host in self._queue:
            self._queue.remove(host)
        if self._asking is not None and self._asking.host == host:
            dialog, self._asking = self._asking, None
            dialog.dismiss(None)

    def _ask_next(self) -> None:
        if not self._queue:
            return
        host = self._queue[0]
        dialog = HostAccessDialog(host, self.session.access.pending(host))
        self._asking = dialog

        def decided(decision: Decision | None) -> None:
            if self._asking is dialog:
                self._asking = None
            if host in self._queue:
                self._queue.remove(host)
            if decision is not None:
                self.session.access.decide(host, decision)
            self._ask_next()

        self.push_screen(dialog, decided)

    # --- selection and structure --------------------------------------------------------
    async def on_hierarchy_pane_slot_selected(self, event: HierarchyPane.SlotSelected) -> None:
        await self.query_one(SlotPanel).show(event.slot)

    def selected_slot(self) -> Slot:
        return self.query_one(SlotPanel).slot

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"attach": self.action_attach, "add-child": self.action_add_child}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()
        elif event.button.id == "destroy-slot":
            event.stop()
            self._destroy_slot(self.selected_slot())

    def action_add_child(self) -> None:
        child = self.selected_slot().add_child("Slot")
        self.query_one(HierarchyPane).select(child)

    def action_attach(self) -> None:
        client = WebsocketClient()
        client.set("HandlingUser", self.session.scene.users.local)
        self.selected_slot().attach_component(client)

    def _destroy_slot(self, slot: Slot) -> None:
        parent = slot.parent
        try:
            slot.detach()
        except FieldError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if parent is not None:
            self.query_one(HierarchyPane).select(parent)

    def on_component_card_destroy(self, event: ComponentCard.Destroy) -> None:
        slot = event.component.slot
        if slot is not None:
            slot.remove_component(event.component)

    # --- log ----------------------------------------------------------------------------
    def action_clear_log(self) -> None:
        self.query_one(LogView).clear()

    def action_focus_log(self) -> None:
        self.query_one(LogView).focus()

    def action_save(self) -> None:
        if self.session.autosaver is not None and self.session.autosaver.save_now():
            self.notify(f"Scene saved to {self.session.scene_file.path}", markup=False)

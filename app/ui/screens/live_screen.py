"""The live inspector: the hierarchy and the inspector over the log and the send bar."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.markup import escape as escape_markup
from textual.screen import Screen
from textual.widgets import Button, Footer

from app.model import Change, ChangeKind, Component, FieldError, Slot, WebsocketClient
from app.session import Session
from app.ui.dialogs.grants_screen import GrantsScreen
from app.ui.inspector.attach_component_screen import ComponentPicker
from app.ui.inspector.hierarchy import HierarchyPane
from app.ui.inspector.inspector import Inspector
from app.ui.inspector.slot_panel import SlotPanel
from app.ui.log.pane import LogPane
from app.ui.safe_text import escape_controls
from app.ui.screens.log_screen import (
    CLEAR_LOG,
    EXPORT,
    FILTER,
    FOCUS_LOG,
    HELP,
    HIDE_NOTICE,
    QUIT,
    STATS,
    ZOOM,
    LogScreen,
)
from app.ui.screens.notice_banner import NoticeBanner
from app.ui.send.send_bar import SendBar
from app.ui.send.send_target import SendTarget


class LiveScreen(LogScreen, inherit_bindings=False):
    """Its keys in the footer's order (Resonite's operations first); Screen's own keep working."""

    BINDINGS = [
        *Screen.BINDINGS,
        QUIT,
        HELP,
        Binding("ctrl+n", "add_child", "Add child", show=False),
        Binding("f4", "attach", "Attach"),  # Ctrl+W stays Textual's delete-word in the text fields
        CLEAR_LOG,
        Binding("ctrl+s", "save", "Save", show=False),
        FOCUS_LOG,
        Binding("f7", "focus_send", "Send"),
        Binding("ctrl+g", "grants", "Grants"),
        FILTER,
        STATS,
        EXPORT,
        ZOOM,
        HIDE_NOTICE,
    ]

    def __init__(self, session: Session, last_key: Callable[[], float]) -> None:
        super().__init__(session, last_key)
        self._pending_slot: Slot | None = None
        self._idle = asyncio.Event()  # clear while a slot's panel is being shown: a newer selection waits
        self._idle.set()
        self._shown_slot: Slot | None = None  # remembered for the next run of this scene
        self._unsubscribe = lambda: None
        self.target = SendTarget(self)

    def widgets(self) -> ComposeResult:
        yield NoticeBanner("", id="notice")
        with Horizontal(id="main"):
            yield HierarchyPane(self.session.scene, id="hierarchy")
            yield Inspector(self.session.scene.root, self.session.connections, id="inspector")
        yield LogPane(self.session, last_key=self.last_key, id="log-pane")
        yield SendBar(id="send-bar")
        yield Footer()

    def started(self) -> None:
        super().started()
        self._unsubscribe = self.session.scene.observe(self._scene_changed)
        self.query_one(HierarchyPane).tree.focus()

    async def before_connecting(self) -> None:
        """The client the person asked for (see Session.first_slot), shown before any connection
        starts: building its panel takes the loop for a moment, which a live socket would feel."""
        hierarchy = self.query_one(HierarchyPane)
        hierarchy.rebuild()  # with the slots the session just added
        first = self.session.first_slot()
        hierarchy.select(first)
        self._pending_slot = first  # shown now, not when the tree gets round to saying so
        await self._show_pending_slot()

    def after_start(self) -> None:
        self.slot_panel.rebind(self.slot_panel.slot)  # its cards get the workers just started

    def on_unmount(self) -> None:
        self._unsubscribe()
        if self._shown_slot is not None and self._shown_slot.scene is self.session.scene:
            self.session.remember_slot(self._shown_slot)

    # --- selection and structure --------------------------------------------------------
    def on_hierarchy_pane_slot_selected(self, event: HierarchyPane.SlotSelected) -> None:
        """The slot's panel at once, as in Resonite (a scroll, or a panel rebound in place: a few
        milliseconds). A key held down selects faster than panels are shown: the newest waits."""
        pending = self.query_one(HierarchyPane).pending_selection
        if pending is not None and event.slot is not pending:
            return  # said before the tree set off for another slot (the root, as the tree was built)
        self._pending_slot = event.slot
        if self._idle.is_set():
            self.call_later(self._show_pending_slot)

    async def _show_pending_slot(self) -> None:
        if not self._idle.is_set():  # the one under way shows the newest selection when it is done
            await self._idle.wait()
            return
        self._idle.clear()
        try:
            while (slot := self._pending_slot) is not None:
                self._pending_slot = None
                inspectors = self.query(Inspector)  # none while the app shuts down
                if slot.scene is self.session.scene and inspectors:
                    self._shown_slot = slot  # before the panel's await: a quit meanwhile keeps the choice
                    await inspectors.first().show(slot)
                    self.target.show()
        finally:
            self._idle.set()

    def _scene_changed(self, change: Change) -> None:
        if change.kind in (ChangeKind.ADDED, ChangeKind.REMOVED):
            self.call_later(self.target.show)
        target = change.target
        if change.kind is ChangeKind.ADDED and isinstance(target, Component) and target.slot is self.selected_slot():
            # attached or duplicated here: its card comes into view and, a client, takes the send bar
            if isinstance(target, WebsocketClient):
                self.target.aimed = target
            self.call_later(self.query_one(Inspector).reveal, target, self.target.show)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.target.follow_focus(event.widget)

    @property
    def slot_panel(self) -> SlotPanel:
        """The panel of the slot the inspector shows."""
        return self.query_one(Inspector).current

    def selected_slot(self) -> Slot:
        return self.slot_panel.slot

    # --- sending and connecting ----------------------------------------------------------
    async def on_send_bar_send(self, event: SendBar.Send) -> None:
        worker = self.target.worker()
        if worker is None:
            return
        outgoing = event.outgoing
        if outgoing.kind == "connect":
            try:
                worker.connect(outgoing.url, outgoing.user)
            except FieldError as exc:
                self.notify(f"Cannot connect: {exc}", severity="error", markup=False)
                return
            event.bar.sent(event.line)
        elif outgoing.kind == "disconnect":
            worker.disconnect()
            event.bar.sent(event.line)
        elif outgoing.kind == "close":
            worker.disconnect(outgoing.code, str(outgoing.data))
            event.bar.sent(event.line)
        elif outgoing.kind == "ping":
            event.bar.sent(event.line)  # the pong, or why none came, is in the log
            self.run_worker(worker.ping(str(outgoing.data)), group="ping")
        elif await worker.send(outgoing.data):
            event.bar.sent(event.line)
        # on a send error the line stays in the field, and the log says why

    def action_connect(self) -> None:
        worker = self.target.worker()
        if worker is not None:
            worker.connect()

    def action_disconnect(self) -> None:
        worker = self.target.worker()
        if worker is not None:
            worker.disconnect()

    def action_focus_send(self) -> None:
        self.query_one(SendBar).input.focus()

    # --- control frames (README, "Control frames") ------------------------------------------
    def action_ping(self) -> None:
        worker = self.target.worker()
        if worker is not None:
            self.run_worker(worker.ping(), group="ping")

    def _prompt_close(self) -> None:
        send = self.query_one(SendBar).input
        send.value = "/close 1000 "
        send.cursor_position = len(send.value)
        send.focus()

    def action_toggle_control_frames(self) -> None:
        shown = not self.session.options.control_frames
        self.session.connections.show_control_frames(shown)
        self.notify(f"Control frames {'shown' if shown else 'hidden'} in the log.", markup=False)

    def action_saved_messages(self) -> None:
        self.log_pane.pick_saved(self.target.client())

    # --- grants, saving -------------------------------------------------------------------
    def action_grants(self) -> None:
        self.app.push_screen(GrantsScreen(self.session.access))

    def _revoke(self, host: str) -> None:
        if self.session.access.revoke(host):
            self.notify(f"Removed the grant for {escape_controls(host)}; it will be asked again.", markup=False)

    def action_save(self) -> None:
        if self.session.autosaver is not None and self.session.autosaver.save_now():
            self.notify(f"Scene saved to {escape_controls(str(self.session.scene_file.path))}", markup=False)

    # --- components -----------------------------------------------------------------------
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

        self.app.push_screen(ComponentPicker(), chosen)

    def on_hierarchy_pane_rename_requested(self, event: HierarchyPane.RenameRequested) -> None:
        self.slot_panel.start_rename()

    async def on_hierarchy_pane_edit_requested(self, event: HierarchyPane.EditRequested) -> None:
        await self._show_pending_slot()  # the panel may still be on its way
        self.slot_panel.start_edit()

    # --- the palette ----------------------------------------------------------------------
    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Connect", "Connect the selected slot's client", self.action_connect)
        yield SystemCommand("Disconnect", "Disconnect the selected slot's client", self.action_disconnect)
        yield SystemCommand("Send", "Type a message for the selected client", self.action_focus_send)
        yield SystemCommand("Saved messages", "Send one, or edit it in the send bar", self.action_saved_messages)
        yield SystemCommand("Ping", "Send a ping; the log shows the round trip", self.action_ping)
        yield SystemCommand("Close with a code", "Type /close CODE REASON in the send bar", self._prompt_close)
        shown = self.session.options.control_frames
        yield SystemCommand(
            "Hide control frames" if shown else "Show control frames",
            "Ping, pong and close frames from both sides in the log and the recording",
            self.action_toggle_control_frames,
        )
        yield SystemCommand("Save scene", "Write the scene file now", self.action_save)
        yield from super().commands()
        yield SystemCommand("Host access grants", "See and remove allowed hosts", self.action_grants)
        for host in self.session.access.remembered:
            yield SystemCommand(
                f"Remove host grant {escape_markup(escape_controls(host))}",
                "Ask again next time",
                lambda host=host: self._revoke(host),
            )
        yield SystemCommand("Add child slot", "Under the selected slot", self.action_add_child)
        yield SystemCommand("Attach Component", "To the selected slot (ProtoFlux behaviours too)", self.action_attach)

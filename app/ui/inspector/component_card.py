"""A component as the Scene Inspector draws it: header, status in words, one row per field."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, Static

from app.model import Component
from app.model.protoflux.components import ProtoFluxComponent
from app.net.behaviours import Behaviour
from app.net.connection.worker import ConnectionWorker
from app.net.connection.worker_state import StateKind
from app.net.protoflux import BehaviourStatus
from app.ui.dialogs.confirm_screen import ConfirmScreen
from app.ui.inspector.field_row import FieldRow
from app.ui.inspector.panel_view import in_view
from app.ui.inspector.status_words import state_words
from app.ui.safe_text import safe
from app.ui.widgets.quiet_update import show_text


class ComponentCard(Vertical):
    def __init__(
        self, component: Component, worker: ConnectionWorker | None, behaviour: Behaviour | None = None
    ) -> None:
        super().__init__(classes="component-card")
        self.component = component
        self.worker = worker
        self.behaviour = behaviour
        self._unsubscribe: Callable[[], None] = _nothing
        self._unobserve_state: Callable[[], None] = _nothing
        self._unobserve_status: Callable[[], None] = _nothing

    def compose(self) -> ComposeResult:
        with Horizontal(classes="card-header"):
            yield Checkbox("", value=bool(self.component["Enabled"]), classes="card-enabled", tooltip="Enabled")
            yield Label(safe(self.component.TYPE_NAME), classes="card-type")
            yield Button("Duplicate", classes="card-duplicate", compact=True)
            yield Button("Destroy", classes="card-destroy", compact=True, variant="error")
        # The status and Connect/Disconnect are always built and shown while there is a worker: the
        # first screen's card is built before the connections start (see InspectorApp).
        yield Static("", classes="card-status")
        if self.component.BEYOND_RESONITE:
            yield Static("", classes="card-behaviour")  # says so, and what a behaviour did
        for spec in self.component.FIELDS:
            yield FieldRow(self.component, spec)
        with Horizontal(classes="card-actions"):
            yield Button("Connect", classes="card-connect", compact=True)
            yield Button("Disconnect", classes="card-disconnect", compact=True)

    def on_mount(self) -> None:
        self._unsubscribe = self.component.observe(self._field_changed)
        if self.worker is not None:
            self._unobserve_state = self.worker.observe_state(self._state_changed)
        self.set_interval(0.25, self.show_state)
        self._observe_behaviour()
        self._show_worker_parts()
        self.show_state()

    def _show_worker_parts(self) -> None:
        for part in self.query(".card-status, .card-actions"):
            if part.display != (self.worker is not None):
                part.display = self.worker is not None

    def rebind(self, component: Component, worker: ConnectionWorker | None, behaviour: Behaviour | None = None) -> None:
        """Show another component of the same type in these widgets."""
        self._unsubscribe()
        self._unobserve_state()
        self.component, self.worker, self.behaviour = component, worker, behaviour
        self._observe_behaviour()
        self._unsubscribe = component.observe(self._field_changed)
        if worker is not None:
            self._unobserve_state = worker.observe_state(self._state_changed)
        mirror = self.query_one(".card-enabled", Checkbox)
        with mirror.prevent(Checkbox.Changed):
            mirror.value = bool(component["Enabled"])
        for row in self.query(FieldRow):
            row.rebind(component)
        self._show_worker_parts()
        self._shown_words = ""
        self.show_state()

    def _field_changed(self, component: Component, name: str, old: object, new: object) -> None:
        if name == "Enabled" and self.is_attached and self.children and in_view(self):
            mirror = self.query_one(".card-enabled", Checkbox)
            with mirror.prevent(Checkbox.Changed):
                mirror.value = bool(new)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.has_class("card-enabled"):
            event.stop()
            self.component.set("Enabled", event.value)

    def on_unmount(self) -> None:
        self._unsubscribe()
        self._unobserve_state()
        self._unobserve_status()

    # --- a behaviour's status: how many it sent, its last problem -----------------------
    def _observe_behaviour(self) -> None:
        self._unobserve_status()
        self._unobserve_status = _nothing
        status = getattr(self.behaviour, "status", None)
        if isinstance(status, BehaviourStatus):
            self._unobserve_status = status.observe(self._status_changed)
        self._show_behaviour()

    _behaviour_stale = False

    def _status_changed(self, status: BehaviourStatus) -> None:
        """Up to 100 sends a second: the line is redrawn with the card's state, four times a second."""
        self._behaviour_stale = True

    def _show_behaviour(self) -> None:
        lines = self.query(".card-behaviour")
        if not lines or not in_view(self):
            return
        self._behaviour_stale = False
        status = getattr(self.behaviour, "status", None)
        status = status if isinstance(status, BehaviourStatus) else None
        words = safe("beyond Resonite", style="italic")
        if status is not None:
            words.append(f" · sent {status.sent}")
            if status.last_error:
                words.append("  ✗ ", style="bold")
                words.append_text(safe(status.last_error))
        elif isinstance(self.component, ProtoFluxComponent):
            words.append(" · not running (no scene connections)", style="dim")
        show_text(lines.first(Static), words)

    def _state_changed(self, worker: ConnectionWorker) -> None:
        self.show_state()

    _shown_words = ""

    def show_state(self) -> None:
        """Redraw the status only when its words change (a restyle of the card is not free)."""
        if self._behaviour_stale:
            self._show_behaviour()
        if self.worker is None or not in_view(self):
            return
        words = state_words(self.worker.state)
        if words == self._shown_words:
            return
        self._shown_words = words
        show_text(self.query_one(".card-status", Static), safe(words))  # every second; a fixed line
        connected = self.worker.state.kind is StateKind.CONNECTED
        if connected != self.has_class("-connected"):
            self.set_class(connected, "-connected")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.has_class("card-destroy"):
            self.destroy_component()
        elif event.button.has_class("card-duplicate"):
            self.duplicate_component()
        elif self.worker is not None and event.button.has_class("card-connect"):
            self.worker.connect()
        elif self.worker is not None and event.button.has_class("card-disconnect"):
            self.worker.disconnect()

    def duplicate_component(self) -> None:
        """Resonite's Duplicate: a copy beside it on the same slot."""
        slot = self.component.slot
        if slot is not None:
            slot.attach_component(self.component.copy())

    def destroy_component(self) -> None:
        """Resonite's Destroy, asked first (as the hierarchy asks before destroying a slot)."""
        component = self.component

        def answered(yes: bool | None) -> None:
            if yes and component.slot is not None:
                component.slot.remove_component(component)

        question = f"Destroy {component.path}? Its connection closes and its settings are gone."
        self.app.push_screen(ConfirmScreen("Destroy component", question), answered)


def _nothing() -> None:
    pass

"""The right column: "Slot: name", the slot's own properties, its component cards."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from app.model import Change, FieldError, Slot
from app.net.connections import SceneConnections
from app.ui.inspector.component_card import ComponentCard
from app.ui.inspector.field_row import FieldRow
from app.ui.quiet_update import show_text
from app.ui.safe_input import SafeInput
from app.ui.safe_text import safe


class SlotPanel(VerticalScroll):
    def __init__(
        self,
        slot: Slot,
        connections: SceneConnections,
        *,
        in_view: bool = True,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.panel_in_view = in_view  # see app.ui.inspector.panel_view
        self.is_current = in_view  # the panel the inspector shows (set by the Inspector)
        self.slot = slot
        self.connections = connections
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        slot = self.slot
        yield Static(safe(f"Slot: {slot.name}"), id="slot-title")
        with Horizontal(classes="field-line"):
            yield Label("Name", classes="field-name")
            yield SafeInput(slot.name, id="slot-name", classes="field-editor", disabled=slot.parent is None)
        yield Static("", id="slot-error", classes="field-error")
        with Horizontal(classes="field-line"):
            yield Label("Active", classes="field-name")
            yield Checkbox("", value=slot.active, id="slot-active", classes="field-editor")
        with Horizontal(classes="field-line"):
            yield Label("Persistent", classes="field-name")
            yield Checkbox("", value=slot.persistent, id="slot-persistent", classes="field-editor")
        for component in slot.components:
            yield ComponentCard(
                component, self.connections.worker_for(component), self.connections.behaviour_for(component)
            )
        with Horizontal(id="slot-actions"):
            yield Button("Attach Component", id="attach", compact=True)

    def on_mount(self) -> None:
        self.border_title = "Inspector"
        scene = self.slot.scene
        if scene is not None:
            self._unsubscribe = scene.observe(self._changed)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def allow_focus_children(self) -> bool:
        """Panels scrolled out of view keep their widgets out of Tab's reach."""
        return self.is_current

    def rebind(self, slot: Slot) -> None:
        """Show another slot of the same shape in the widgets already here: no mounting, no layout."""
        self.slot = slot
        self._show_slot_fields()
        self._slot_error("")
        name = self.query_one("#slot-name", Input)
        name.disabled = slot.parent is None
        for card, component in zip(self.query(ComponentCard), slot.components, strict=True):
            card.rebind(component, self.connections.worker_for(component), self.connections.behaviour_for(component))
        self.scroll_home(animate=False)

    def _show_slot_fields(self) -> None:
        slot = self.slot
        show_text(self.query_one("#slot-title", Static), safe(f"Slot: {slot.name}"))
        name = self.query_one("#slot-name", Input)
        if not name.has_focus:
            with name.prevent(Input.Changed):
                name.value = slot.name
        with self.prevent(Checkbox.Changed):
            self.query_one("#slot-active", Checkbox).value = slot.active
            self.query_one("#slot-persistent", Checkbox).value = slot.persistent

    def _changed(self, change: Change) -> None:
        if change.kind == "slot" and change.target is self.slot and self.is_attached and self.panel_in_view:
            self._show_slot_fields()

    def start_rename(self) -> None:
        name = self.query_one("#slot-name", Input)
        if not name.disabled:
            name.focus()
            name.select_all()

    def start_edit(self) -> None:
        """Focus the first client's URL, the field people came to change; else the slot's Name."""
        for row in self.query(FieldRow):
            if row.spec.name == "URL":
                row.editor.focus()
                return
        self.start_rename()

    def _slot_error(self, message: str) -> None:
        show_text(self.query_one("#slot-error", Static), safe(message and f"✗ {message}"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "slot-name":
            event.stop()
            self._rename(event.value)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if event.input.id == "slot-name" and event.value != self.slot.name:
            event.stop()
            self._rename(event.value)

    def _rename(self, name: str) -> None:
        try:
            self.slot.rename(name)
        except FieldError as exc:
            self._slot_error(str(exc))
        else:
            self._slot_error("")

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "slot-active":
            event.stop()
            self.slot.set_active(event.value)
        elif event.checkbox.id == "slot-persistent":
            event.stop()
            self.slot.set_persistent(event.value)

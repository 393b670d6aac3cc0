"""The right column: "Slot: name", the slot's own properties, its component cards."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from app.model import Change, FieldError, Slot
from app.net.connections import SceneConnections
from app.ui.inspector.component_card import ComponentCard
from app.ui.inspector.field_row import FieldRow
from app.ui.safe_text import safe
from app.ui.widgets.clipped_input import ClippedInput
from app.ui.widgets.quiet_update import show_text


def persistence_note(slot: Slot) -> Text:
    """Persistent may be ticked on a slot whose parent is not: then it is not saved either."""
    above = slot.parent
    while above is not None and above.persistent:
        above = above.parent
    if above is None:
        return safe("")
    return safe(f"not saved: {above.name} above is not persistent", style="italic")


class SlotNameInput(ClippedInput):
    """The slot's Name: like every field, Escape puts back the current name."""

    BINDINGS = [Binding("escape", "revert", "Revert", show=False)]

    def action_revert(self) -> None:
        panel = next(a for a in self.ancestors if isinstance(a, SlotPanel))
        with self.prevent(Input.Changed):
            self.value = panel.slot.name
        panel.show_slot_error("")


class SlotPanel(VerticalScroll, can_focus=False):
    """Not a Tab stop itself (panels out of view would be invisible stops); focus goes to its
    fields, and a focused field is scrolled into view."""

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
            yield SlotNameInput(slot.name, id="slot-name", classes="field-editor", disabled=slot.parent is None)
        yield Static("", id="slot-error", classes="field-error")
        with Horizontal(classes="field-line"):
            yield Label("Active", classes="field-name")
            yield Checkbox("", value=slot.active, id="slot-active", classes="field-editor")
        with Horizontal(classes="field-line"):
            yield Label("Persistent", classes="field-name")
            yield Checkbox("", value=slot.persistent, id="slot-persistent")
            yield Static(persistence_note(slot), id="slot-persistence-note")
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
        self.show_slot_error("")
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
        show_text(self.query_one("#slot-persistence-note", Static), persistence_note(slot))

    def _changed(self, change: Change) -> None:
        ours = change.target is self.slot or change.name == "persistent"  # a parent's persistence shows here
        if change.kind == "slot" and ours and self.is_attached and self.panel_in_view:
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

    def show_slot_error(self, message: str) -> None:
        error = self.query_one("#slot-error", Static)
        show_text(error, safe(message and f"✗ {message}"))
        if error.has_class("-shown") != bool(message):
            error.set_class(bool(message), "-shown")  # no blank row while there is nothing to say

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "slot-name":
            event.stop()
            self._rename(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        """A refusal was about the name typed then: it goes as soon as the text changes."""
        if event.input.id == "slot-name":
            event.stop()
            if self.query_one("#slot-error").has_class("-shown"):
                self.show_slot_error("")

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if event.input.id == "slot-name" and event.value != self.slot.name:
            event.stop()
            self._rename(event.value)

    def _rename(self, name: str) -> None:
        try:
            self.slot.rename(name)
        except FieldError as exc:
            self.show_slot_error(str(exc))
        else:
            self.show_slot_error("")

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "slot-active":
            event.stop()
            self.slot.set_active(event.value)
        elif event.checkbox.id == "slot-persistent":
            event.stop()
            self.slot.set_persistent(event.value)

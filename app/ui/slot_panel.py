"""The right column: "Slot: name", the slot's own properties, its component cards."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from app.model import Change, FieldError, Slot
from app.net.connections import SceneConnections
from app.ui.component_card import ComponentCard


class SlotPanel(VerticalScroll):
    def __init__(self, slot: Slot, connections: SceneConnections, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.slot = slot
        self.connections = connections
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        slot = self.slot
        yield Static(Text(f"Slot: {slot.name}"), id="slot-title")
        with Horizontal(classes="field-line"):
            yield Label("Name", classes="field-name")
            yield Input(slot.name, id="slot-name", classes="field-editor", disabled=slot.parent is None)
        yield Static("", id="slot-error", classes="field-error")
        with Horizontal(classes="field-line"):
            yield Label("Active", classes="field-name")
            yield Checkbox("", value=slot.active, id="slot-active", classes="field-editor")
        with Horizontal(classes="field-line"):
            yield Label("Persistent", classes="field-name")
            yield Checkbox("", value=slot.persistent, id="slot-persistent", classes="field-editor")
        for component in slot.components:
            yield ComponentCard(component, self.connections.worker_for(component))
        with Horizontal(id="slot-actions"):
            yield Button("Attach Component", id="attach", compact=True)

    async def show(self, slot: Slot) -> None:
        if slot is self.slot:
            return
        self.slot = slot
        await self.recompose()

    def on_mount(self) -> None:
        self.border_title = "Inspector"
        scene = self.slot.scene
        if scene is not None:
            self._unsubscribe = scene.observe(self._changed)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def _changed(self, change: Change) -> None:
        target = change.target
        mine = target is self.slot or getattr(target, "slot", None) is self.slot
        if change.kind in ("added", "removed") and mine and target is not self.slot:
            self.call_later(self.recompose)
        elif change.kind == "slot" and target is self.slot:
            self.query_one("#slot-title", Static).update(Text(f"Slot: {self.slot.name}"))
            with self.prevent(Checkbox.Changed):
                self.query_one("#slot-active", Checkbox).value = self.slot.active
                self.query_one("#slot-persistent", Checkbox).value = self.slot.persistent

    def start_rename(self) -> None:
        name = self.query_one("#slot-name", Input)
        if not name.disabled:
            name.focus()
            name.select_all()

    def _slot_error(self, message: str) -> None:
        self.query_one("#slot-error", Static).update(Text(message and f"✗ {message}"))

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

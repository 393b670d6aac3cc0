"""The right column: "Slot: name", the slot's own properties, its component cards."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from app.model import Change, Component, FieldError, Scene, Slot
from app.net.connections import SceneConnections
from app.ui.component_card import ComponentCard
from app.ui.field_row import FieldRow
from app.ui.quiet_update import show_text


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
        self.panel_in_view = in_view  # see app.ui.panel_view
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
        inspector = self.parent
        return not isinstance(inspector, Inspector) or inspector.current is self

    def rebind(self, slot: Slot) -> None:
        """Show another slot of the same shape in the widgets already here: no mounting, no layout."""
        self.slot = slot
        self._show_slot_fields()
        self._slot_error("")
        name = self.query_one("#slot-name", Input)
        name.disabled = slot.parent is None
        for card, component in zip(self.query(ComponentCard), slot.components, strict=True):
            card.rebind(component, self.connections.worker_for(component))
        self.scroll_home(animate=False)

    def _show_slot_fields(self) -> None:
        slot = self.slot
        show_text(self.query_one("#slot-title", Static), Text(f"Slot: {slot.name}"))
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
        show_text(self.query_one("#slot-error", Static), Text(message and f"✗ {message}"))

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


def shape_of(slot: Slot) -> tuple[bool, tuple[type, ...]]:
    """Slots of one shape (root or not, the same component types in order) share a panel."""
    return slot.parent is None, tuple(type(c) for c in slot.components)


class Inspector(Vertical):
    """The right column. Building a panel's few dozen widgets, or even showing a hidden one (a layout
    of the whole screen, then every widget drawn anew), takes longer than a key press should wait.
    So panels stay mounted, one per shape of slot, stacked one above the other, each as tall as the
    column, and the column scrolls to the one it shows: a scroll lays out and draws only what comes
    into view. Moving to a slot of the same shape rebinds a panel's widgets in place. The scene's
    shapes get their panels right after start, so a first visit is as quick as the next."""

    KEEP = 6

    def __init__(self, root: Slot, connections: SceneConnections, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.connections = connections
        self._panels: OrderedDict[tuple[bool, tuple[type, ...]], SlotPanel] = OrderedDict()
        self._first = root
        self._unsubscribe: Callable[[], None] | None = None
        self._building = asyncio.Lock()  # one change of the set of panels at a time

    def compose(self) -> ComposeResult:
        panel = SlotPanel(self._first, self.connections)
        self._panels[shape_of(self._first)] = panel
        yield panel

    def on_mount(self) -> None:
        scene = self._first.scene
        if scene is not None:
            self._unsubscribe = scene.observe(self._changed)
            self.call_after_refresh(self._prepare, scene)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    @property
    def current(self) -> SlotPanel:
        return next(reversed(self._panels.values()))

    async def _prepare(self, scene: Scene) -> None:
        """A panel for each other shape of slot in the scene (up to KEEP), built in one go."""
        async with self._building:
            slots: dict[tuple[bool, tuple[type, ...]], Slot] = {}
            for slot in scene.slots():
                if shape_of(slot) not in self._panels:
                    slots.setdefault(shape_of(slot), slot)
            built = {shape: SlotPanel(slot, self.connections, in_view=False) for shape, slot in slots.items()}
            built = dict(list(built.items())[: self.KEEP - len(self._panels)])
            if built and self.is_attached:
                await self.mount_all(built.values())  # after the shown panel: it stays in view
                self._panels = OrderedDict([*built.items(), *self._panels.items()])  # the shown one stays last

    def _changed(self, change: Change) -> None:
        """A component added to or removed from the shown slot changes its shape."""
        target = change.target
        if change.kind in ("added", "removed") and isinstance(target, Component) and target.slot is self.current.slot:
            self.call_later(self.show, self.current.slot, True)

    async def show(self, slot: Slot, force: bool = False) -> None:
        async with self._building:
            current = self.current
            if slot is current.slot and not force:
                return
            shape = shape_of(slot)
            panel = self._panels.pop(shape, None)
            if panel is None:
                panel = SlotPanel(slot, self.connections)
                self._panels[shape] = panel
                await self.mount(panel)
                while len(self._panels) > self.KEEP:
                    _shape, oldest = self._panels.popitem(last=False)
                    await oldest.remove()
            elif panel is current:
                self._panels[shape] = panel
                panel.rebind(slot)
            else:
                # Out of view it has missed updates, and may show another slot. Its widgets are
                # brought up to date once the scroll has put them in view (see app.ui.panel_view).
                self._panels[shape] = panel
                panel.slot = slot
                self.call_after_refresh(self._bring_up_to_date, panel)
            if panel is not current:
                current.panel_in_view = False
                focused = self.screen.focused
                if focused is not None and current in focused.ancestors:
                    self.screen.set_focus(None)  # keys must not go on into a panel out of view
                self._scroll_to_current()

    def _bring_up_to_date(self, panel: SlotPanel) -> None:
        if panel is self.current and panel.is_attached:
            panel.panel_in_view = True
            panel.rebind(panel.slot)

    def _scroll_to_current(self) -> None:
        """Every panel is exactly as tall as the column, so the n-th starts n heights down. (Asking
        the panel for its place instead would make Textual arrange the whole screen to find it, and
        then draw all of it rather than the inspector alone.) Until a layout has made room for a
        panel just mounted, the scroll waits for it."""
        panel = self.current
        if not panel.is_attached or panel not in self.children:
            return
        y = self.children.index(panel) * self.size.height
        if y > self.max_scroll_y:
            self.call_after_refresh(self._scroll_to_current)
        elif y != self.scroll_y:
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def watch_virtual_size(self) -> None:
        """Panels mounted or removed: the shown one may have moved."""
        self.call_after_refresh(self._scroll_to_current)

    def on_resize(self) -> None:
        self.call_after_refresh(self._scroll_to_current)

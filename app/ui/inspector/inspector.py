"""The right column: one panel per shape of slot, stacked, scrolled to the one shown."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical

from app.model import Change, Component, Scene, Slot
from app.net.connections import SceneConnections
from app.ui.inspector.component_card import ComponentCard
from app.ui.inspector.slot_panel import SlotPanel


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

    ALLOW_MAXIMIZE = True  # F5 zooms it

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
                # brought up to date once the scroll has put them in view (see app.ui.inspector.panel_view).
                self._panels[shape] = panel
                panel.slot = slot
                self.call_after_refresh(self._bring_up_to_date, panel)
            if panel is not current:
                current.panel_in_view = current.is_current = False
                panel.is_current = True
                focused = self.screen.focused
                if focused is not None and current in focused.ancestors:
                    self.screen.set_focus(None)  # keys must not go on into a panel out of view
                self.scroll_to_current()

    def reveal(self, component: Component, then: Callable[[], None], tries: int = 50) -> None:
        """Scroll the shown panel to a new card once it is built (a new shape of slot is a new
        panel, mounted a moment later), then call `then`."""
        panel = self.current
        card = next((c for c in panel.query(ComponentCard) if c.component is component), None)
        if card is not None and card.region:
            panel.scroll_to_widget(card, animate=False, top=True)
            then()
        elif tries and component.slot is not None:
            self.set_timer(0.02, lambda: self.reveal(component, then, tries - 1))

    def _bring_up_to_date(self, panel: SlotPanel) -> None:
        if panel is self.current and panel.is_attached:
            panel.panel_in_view = True
            panel.rebind(panel.slot)

    def scroll_to_current(self) -> None:
        """Every panel is exactly as tall as the column, so the n-th starts n heights down. (Asking
        the panel for its place instead would make Textual arrange the whole screen to find it, and
        then draw all of it rather than the inspector alone.) Until a layout has made room for a
        panel just mounted, the scroll waits for it."""
        panel = self.current
        if not panel.is_attached or panel not in self.children:
            return
        y = self.children.index(panel) * self.size.height
        if y > self.max_scroll_y:
            self.call_after_refresh(self.scroll_to_current)
        elif y != self.scroll_y:
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def watch_virtual_size(self) -> None:
        """Panels mounted or removed: the shown one may have moved."""
        self.call_after_refresh(self.scroll_to_current)

    def on_resize(self) -> None:
        self.call_after_refresh(self.scroll_to_current)

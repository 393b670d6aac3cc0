"""A scene: the root slot, the session's users, and one stream of changes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from app.model.tree.changes import Change, SceneObserver
from app.model.tree.component import Component
from app.model.tree.observers import Observers
from app.model.tree.slot import Slot
from app.model.tree.users import Users

ROOT_NAME = "Root"


class Scene:
    def __init__(self, users: Users | None = None) -> None:
        self.users = users or Users()
        self._observers: Observers[SceneObserver] = Observers()
        self.root = Slot(ROOT_NAME)
        self.root.scene = self

    def observe(self, observer: SceneObserver) -> Callable[[], None]:
        """Hear every change in the scene; returns the unsubscribe."""
        return self._observers.add(observer)

    def emit(self, change: Change) -> None:
        self._observers.notify(change)

    def slots(self) -> Iterator[Slot]:
        return self.root.walk()

    def components(self) -> Iterator[Component]:
        for slot in self.slots():
            yield from slot.components

    def find_slot(self, path: str) -> Slot | None:
        parts = path.split("/")
        if not parts or parts[0] != self.root.name:
            return None
        slot: Slot | None = self.root
        for name in parts[1:]:
            slot = slot.child(name) if slot is not None else None
        return slot

    def ensure_slot(self, path: str) -> Slot:
        """The slot at `path`, creating it and its parents as needed."""
        parts = path.split("/")
        if parts[0] != self.root.name:
            raise ValueError(f"a slot path must start with {self.root.name!r}")
        slot = self.root
        for name in parts[1:]:
            slot = slot.child(name) or slot.add_child(name)
        return slot

    def find_component(self, path: str) -> Component | None:
        return next((c for c in self.components() if c.path == path), None)

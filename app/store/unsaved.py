"""Work that will not be saved: slots and components added or edited, during this run, under a
slot that is not persistent (itself or above). The scene file keeps only persistent slots, so
quitting loses such work; the app says so before it quits."""

from __future__ import annotations

from collections.abc import Callable

from app.model import Change, ChangeKind, Component, Scene, Slot


def persisted(target: Slot | Component) -> bool:
    """Whether the scene file keeps this slot or component (Resonite's inherited non-persistence)."""
    if isinstance(target, Component):
        slot = target.slot
        return bool(target.get("persistent")) and (slot is None or slot.persistent_in_hierarchy)
    return target.persistent_in_hierarchy


class UnsavedWork:
    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        self._touched: dict[int, Slot | Component] = {}
        self._unsubscribe: Callable[[], None] = scene.observe(self._changed)

    def _changed(self, change: Change) -> None:
        deliberate = change.name == "persistent"  # unticking Persistent is a choice, not work to lose
        if (
            change.kind in (ChangeKind.ADDED, ChangeKind.FIELD, ChangeKind.SLOT)
            and change.persisted
            and not deliberate
            and not persisted(change.target)
        ):
            self._touched[id(change.target)] = change.target

    def lost(self) -> list[str]:
        """Paths of what quitting now would lose (still in the scene, still not persistent)."""
        paths = []
        for target in self._touched.values():
            slot = target.slot if isinstance(target, Component) else target
            if slot is not None and slot.scene is self.scene and not persisted(target):
                paths.append(target.path)
        return sorted(set(paths))

    def close(self) -> None:
        self._unsubscribe()

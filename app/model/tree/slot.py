"""The slot tree, as in Resonite's hierarchy: names, Active, Persistent, children, components."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from app.model.fields.scalar import FieldError
from app.model.tree.changes import Change, ChangeKind
from app.model.tree.ids import next_id

if TYPE_CHECKING:
    from app.model.tree.component import Component
    from app.model.tree.scene import Scene


MAX_DEPTH = 256  # slots under the root, at most; deeper trees are refused, not walked into a RecursionError


def check_slot_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise FieldError("a slot name cannot be empty")
    if "/" in name:
        raise FieldError("a slot name cannot contain '/'")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise FieldError("a slot name cannot contain control characters")
    return name


class Slot:
    def __init__(self, name: str, *, active: bool = True, persistent: bool = True) -> None:
        self._name = check_slot_name(name)
        self._active = active
        self._persistent = persistent
        self.parent: Slot | None = None
        self.children: list[Slot] = []
        self.components: list[Component] = []
        self.scene: Scene | None = None
        self.id = next_id()  # stable for the slot's life in memory, whatever its name or place

    # --- properties -------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def active(self) -> bool:
        return self._active

    @property
    def persistent(self) -> bool:
        return self._persistent

    @property
    def path(self) -> str:
        return self._name if self.parent is None else f"{self.parent.path}/{self._name}"

    @property
    def depth(self) -> int:
        """How many slots are above this one (the root: 0)."""
        depth, slot = 0, self.parent
        while slot is not None:
            depth, slot = depth + 1, slot.parent
        return depth

    def height(self) -> int:
        """How many levels this subtree has below this slot (a leaf: 0), walked without recursion."""
        deepest, stack = 0, [(self, 0)]
        while stack:
            slot, level = stack.pop()
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in slot.children)
        return deepest

    def _check_room(self, levels: int) -> None:
        """Refuse to nest anything `levels` below this slot past MAX_DEPTH."""
        if self.depth + levels > MAX_DEPTH:
            raise FieldError(f"slots nest at most {MAX_DEPTH} levels deep")

    def lineage(self) -> Iterator[Slot]:
        """This slot, then each slot above it up to the root."""
        slot: Slot | None = self
        while slot is not None:
            yield slot
            slot = slot.parent

    @property
    def active_in_hierarchy(self) -> bool:
        return all(slot._active for slot in self.lineage())

    @property
    def persistent_in_hierarchy(self) -> bool:
        return all(slot._persistent for slot in self.lineage())

    def rename(self, name: str) -> None:
        name = check_slot_name(name)
        if name == self._name:
            return
        if self.parent is not None and self.parent.child(name) is not None:
            raise FieldError(f"there is already a slot named {name!r} here")
        if self.parent is None:
            raise FieldError("the root slot keeps its name")
        self._set("name", name)

    def set_active(self, active: bool) -> None:
        self._set("active", bool(active))

    def set_persistent(self, persistent: bool) -> None:
        self._set("persistent", bool(persistent))

    def _set(self, attr: str, value: Any) -> None:
        old = getattr(self, "_" + attr)
        if old == value:
            return
        setattr(self, "_" + attr, value)
        self._emit(Change(ChangeKind.SLOT, self, attr, old, value))

    # --- tree -------------------------------------------------------------------
    def child(self, name: str) -> Slot | None:
        return next((c for c in self.children if c._name == name), None)

    def unique_child_name(self, base: str) -> str:
        base = check_slot_name(base)
        if self.child(base) is None:
            return base
        n = 2
        while self.child(f"{base} {n}") is not None:
            n += 1
        return f"{base} {n}"

    def add_child(self, name: str, **kwargs: Any) -> Slot:
        """Add a child; a name already taken among siblings gets a number."""
        child = Slot(self.unique_child_name(name), **kwargs)
        self.attach_child(child)
        return child

    def attach_child(self, child: Slot, index: int | None = None) -> None:
        if self.child(child.name) is not None:
            raise FieldError(f"there is already a slot named {child.name!r} here")
        self._check_room(1 + child.height())
        child.parent = self
        if index is None:
            self.children.append(child)
        else:
            self.children.insert(index, child)
        child._set_scene(self.scene)
        self._emit(Change(ChangeKind.ADDED, child))

    def detach(self) -> None:
        """Remove this slot (and everything under it) from the tree."""
        parent = self.parent
        if parent is None:
            raise FieldError("the root slot cannot be destroyed")
        self._emit(Change(ChangeKind.REMOVED, self))
        parent.children.remove(self)
        self.parent = None
        self._set_scene(None)

    def duplicate(self) -> Slot:
        """Copy this slot, its children and components, beside it under a free name."""
        parent = self.parent
        if parent is None:
            raise FieldError("the root slot cannot be duplicated")
        twin = self._copy(parent.unique_child_name(self._name))
        parent.attach_child(twin, parent.children.index(self) + 1)
        return twin

    def _copy(self, name: str) -> Slot:
        twin = Slot(name, active=self._active, persistent=self._persistent)
        for component in self.components:
            copy = component.copy()
            copy.slot = twin
            twin.components.append(copy)
        for child in self.children:
            grandchild = child._copy(child._name)
            grandchild.parent = twin
            twin.children.append(grandchild)
        return twin

    def insert_parent(self, name: str = "Parent") -> Slot:
        """Put a new slot where this one is, and this one under it."""
        parent = self.parent
        if parent is None:
            raise FieldError("the root slot cannot get a parent")
        parent._check_room(2 + self.height())
        index = parent.children.index(self)
        new = Slot(parent.unique_child_name(name))
        new.parent = parent
        parent.children.insert(index, new)
        new._set_scene(self.scene)
        parent.children.remove(self)
        self.parent = new
        new.children.append(self)
        self._emit(Change(ChangeKind.ADDED, new))
        self._emit(Change(ChangeKind.MOVED, self))
        return new

    def count(self) -> tuple[int, int]:
        """(slots, components) in this subtree, this slot included."""
        slots = list(self.walk())
        return len(slots), sum(len(s.components) for s in slots)

    def walk(self) -> Iterator[Slot]:
        yield self
        for child in self.children:
            yield from child.walk()

    def attach_component(self, component: Component) -> Component:
        component.slot = self
        self.components.append(component)
        self._emit(Change(ChangeKind.ADDED, component))
        return component

    def remove_component(self, component: Component) -> None:
        self._emit(Change(ChangeKind.REMOVED, component))
        self.components.remove(component)
        component.slot = None

    # --- notification -----------------------------------------------------------
    def _set_scene(self, scene: Scene | None) -> None:
        for slot in self.walk():
            slot.scene = scene

    def notify_field(self, component: Component, name: str, old: Any, new: Any) -> None:
        self._emit(Change(ChangeKind.FIELD, component, name, old, new))

    def _emit(self, change: Change) -> None:
        if self.scene is not None:
            self.scene.emit(change)

    def __repr__(self) -> str:
        return f"Slot({self.path!r})"

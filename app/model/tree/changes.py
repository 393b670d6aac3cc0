"""What changed in a scene, and who can listen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.model.tree.component import Component
    from app.model.tree.slot import Slot


class ChangeKind(StrEnum):
    FIELD = "field"  # a component's field: name, old, new
    SLOT = "slot"  # a slot's own property (name, active, persistent): name, old, new
    ADDED = "added"  # a slot (with its whole subtree) or a component arrived
    REMOVED = "removed"  # about to leave: still in the tree when observers hear it
    MOVED = "moved"  # a slot got a new parent (Insert Parent)


@dataclass(frozen=True)
class Change:
    """`added` of a slot covers its whole subtree (a duplicate arrives with children and components)."""

    kind: ChangeKind
    target: Slot | Component
    name: str = ""
    old: Any = None
    new: Any = None

    @property
    def persisted(self) -> bool:
        """Whether the change can alter the saved file (IsConnected never does)."""
        return not (self.kind == ChangeKind.FIELD and self.name == "IsConnected")


SceneObserver = Callable[[Change], None]

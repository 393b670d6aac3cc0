"""The slot hierarchy, left column: "Root: name" and the tree of slots."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from app.model import Change, Scene, Slot


class SlotTree(Tree[Slot]):
    """Non-persistent slots in the theme's warning colour, inactive ones dimmed."""

    def render_label(self, node: TreeNode[Slot], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        slot = node.data
        if slot is not None:
            theme = self.app.current_theme
            if not slot.persistent and theme.warning:
                text.stylize(Style(color=theme.warning))
            if not slot.active:
                text.stylize(Style(dim=True, italic=True))
        return text


class HierarchyPane(Vertical):
    class SlotSelected(Message):
        def __init__(self, slot: Slot) -> None:
            super().__init__()
            self.slot = slot

    def __init__(self, scene: Scene, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.scene = scene
        self._slot_nodes: dict[Slot, TreeNode[Slot]] = {}
        self._dirty = False
        self._seen: set[Slot] = set()
        self._wanted: Slot | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Root: {self.scene.root.name}"), id="root-header")
        tree = SlotTree(Text(self.scene.root.name), data=self.scene.root, id="slot-tree")
        tree.show_root = True
        tree.guide_depth = 2
        yield tree

    @property
    def tree(self) -> SlotTree:
        return self.query_one(SlotTree)

    def on_mount(self) -> None:
        self.border_title = "Hierarchy"
        self.rebuild()
        self.tree.root.expand_all()
        self._unsubscribe = self.scene.observe(self._changed)

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _changed(self, change: Change) -> None:
        if change.kind in ("added", "removed", "slot") and isinstance(change.target, Slot) and not self._dirty:
            self._dirty = True
            self.call_later(self.rebuild)

    def rebuild(self) -> None:
        """Redraw the tree from the scene, keeping what was expanded and what was selected."""
        self._dirty = False
        tree = self.tree
        expanded = {slot for slot, node in self._slot_nodes.items() if node.is_expanded}
        selected = tree.cursor_node.data if tree.cursor_node is not None else None
        tree.clear()
        tree.root.set_label(Text(self.scene.root.name))
        self._slot_nodes = {self.scene.root: tree.root}
        self._add_children(tree.root, self.scene.root, expanded)
        tree.root.expand()
        if selected is not None and self._wanted is None:
            self._wanted = selected
        self.call_after_refresh(self._apply_selection)

    def _add_children(self, node: TreeNode[Slot], slot: Slot, expanded: set[Slot]) -> None:
        for child in slot.children:
            expand = child in expanded or child not in self._seen  # new slots open
            self._seen.add(child)
            new = node.add(Text(child.name), data=child, expand=expand)
            new.allow_expand = bool(child.children)
            self._slot_nodes[child] = new
            self._add_children(new, child, expanded)

    def select(self, slot: Slot) -> None:
        """Move the cursor to `slot` once the tree has laid out its lines."""
        self._wanted = slot
        self.call_after_refresh(self._apply_selection)

    def _apply_selection(self) -> None:
        slot, self._wanted = self._wanted, None
        node = self._slot_nodes.get(slot) if slot is not None else None
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.tree.move_cursor(node)

    def selected(self) -> Slot:
        node = self.tree.cursor_node
        return node.data if node is not None and node.data is not None else self.scene.root

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Slot]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.SlotSelected(event.node.data))

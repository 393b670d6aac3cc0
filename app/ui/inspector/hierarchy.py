"""The slot hierarchy, left column: "Root: name", Root Up / Set Root, the tree, and its operations."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.widgets import Button, Static, Tree
from textual.widgets.tree import TreeNode

from app.model import Change, FieldError, Scene, Slot
from app.ui.dialogs.confirm_screen import ConfirmScreen
from app.ui.safe_text import safe
from app.ui.words import count, sentence


class SlotTree(Tree[Slot]):
    """Slots the scene file does not keep (not persistent, themselves or above: Resonite draws them
    orange) in the theme's warning colour; inactive ones dimmed."""

    BINDINGS = [
        Binding("n", "pane('add_child')", "Add child"),
        Binding("i", "pane('insert_parent')", "Insert parent", show=False),
        Binding("d", "pane('duplicate')", "Duplicate", show=False),
        Binding("delete", "pane('destroy')", "Destroy"),
        Binding("f2,r", "pane('rename')", "Rename"),
        Binding("e", "pane('edit')", "Edit URL"),
        Binding("s", "pane('set_root')", "Set root", show=False),
        Binding("u", "pane('root_up')", "Root up", show=False),
    ]

    def action_pane(self, action: str) -> None:
        pane = next(a for a in self.ancestors if isinstance(a, HierarchyPane))
        getattr(pane, f"action_{action}")()

    def render_label(self, node: TreeNode[Slot], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        slot = node.data
        if slot is not None:
            theme = self.app.current_theme
            if not slot.persistent_in_hierarchy and theme.warning:
                text.stylize(Style(color=theme.warning))
            if not slot.active:
                text.stylize(Style(dim=True, italic=True))
        return text


class HierarchyPane(Vertical):
    ALLOW_MAXIMIZE = True  # F5 zooms it

    class SlotSelected(Message):
        def __init__(self, slot: Slot) -> None:
            super().__init__()
            self.slot = slot

    class RenameRequested(Message):
        """Rename happens in the slot panel's Name field."""

    class EditRequested(Message):
        """Jump to the first client's URL field (or the slot's Name) in the slot panel."""

    def __init__(self, scene: Scene, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.scene = scene
        self.view_root = scene.root
        self._slot_nodes: dict[Slot, TreeNode[Slot]] = {}
        self._dirty = False
        self._seen: set[Slot] = set()
        self._wanted: Slot | None = None
        self._line_waits = 0

    def compose(self) -> ComposeResult:
        yield Static(id="root-header")
        with Grid(id="root-bar", classes="hierarchy-actions"):
            yield Button("Root Up", id="root-up", compact=True)
            yield Button("Set Root", id="set-root", compact=True)
        tree = SlotTree(safe(self.scene.root.name), data=self.scene.root, id="slot-tree")
        tree.guide_depth = 2
        yield tree
        with Grid(id="slot-actions-bar", classes="hierarchy-actions"):
            yield Button("Add Child", id="add-child", compact=True)
            yield Button("Insert Parent", id="insert-parent", compact=True)
            yield Button("Duplicate", id="duplicate", compact=True)
            yield Button("Destroy", id="destroy", compact=True, variant="error")

    @property
    def tree(self) -> SlotTree:
        return self.query_one(SlotTree)

    def on_mount(self) -> None:
        self.border_title = "Hierarchy"
        for button in self.query(Button):  # every button has a key: keep Tab for the tree and the fields
            button.can_focus = False
        self.rebuild()
        self._unsubscribe = self.scene.observe(self._changed)

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _changed(self, change: Change) -> None:
        relevant = change.kind in ("added", "removed", "slot", "moved") and isinstance(change.target, Slot)
        if relevant and not self._dirty:
            self._dirty = True
            self.call_later(self.rebuild)

    # --- drawing ------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Redraw the tree from the scene, keeping what was expanded and what was selected."""
        self._dirty = False
        if self.view_root.scene is not self.scene:  # the shown root was destroyed
            self.view_root = self.scene.root
        tree = self.tree
        expanded = {slot for slot, node in self._slot_nodes.items() if node.is_expanded}
        selected = tree.cursor_node.data if tree.cursor_node is not None else None
        tree.clear()
        tree.root.data = self.view_root
        tree.root.set_label(safe(self.view_root.name))
        self._slot_nodes = {self.view_root: tree.root}
        self._add_children(tree.root, self.view_root, expanded)
        tree.root.expand()
        self.query_one("#root-header", Static).update(safe(f"Root: {self.view_root.name}"))
        self.query_one("#root-up", Button).disabled = self.view_root.parent is None
        if selected is not None and selected.scene is self.scene and self._wanted is None:
            self._wanted = selected
        self.call_after_refresh(self._apply_selection)

    def _add_children(self, node: TreeNode[Slot], slot: Slot, expanded: set[Slot]) -> None:
        for child in slot.children:
            expand = child in expanded or child not in self._seen  # new slots open
            self._seen.add(child)
            new = node.add(safe(child.name), data=child, expand=expand)
            new.allow_expand = bool(child.children)
            self._slot_nodes[child] = new
            self._add_children(new, child, expanded)

    def select(self, slot: Slot) -> None:
        """Move the cursor to `slot` once the tree has laid out its lines (after the pending rebuild,
        when there is one: a slot just added has no line before it)."""
        self._wanted = slot
        if not self._dirty:
            self.call_after_refresh(self._apply_selection)

    def _apply_selection(self) -> None:
        slot = self._wanted
        node = self._slot_nodes.get(slot) if slot is not None else None
        if node is None:
            if not self._dirty:  # a slot just added has its node once the pending rebuild has run
                self._wanted = None
            return
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:  # expanding again would lay the tree out again
                parent.expand()
            parent = parent.parent
        if node.line < 0 and self._line_waits < 10:  # no line laid out yet (just rebuilt or expanded)
            self._line_waits += 1
            self.call_after_refresh(self._apply_selection)
            return
        self._wanted = None
        self._line_waits = 0
        self.tree.move_cursor(node)

    @property
    def pending_selection(self) -> Slot | None:
        """The slot the cursor is on its way to (after a rebuild), if any."""
        return self._wanted

    def selected(self) -> Slot:
        node = self.tree.cursor_node
        return node.data if node is not None and node.data is not None else self.view_root

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Slot]) -> None:
        event.stop()
        if self._wanted is not None and event.node.data is not self._wanted:
            return  # the cursor passing by while a rebuilt tree gets to the slot wanted (the root, say)
        if event.node.data is not None:
            self.post_message(self.SlotSelected(event.node.data))

    # --- operations (keys on the tree, buttons below it) --------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = (event.button.id or "").replace("-", "_")
        getattr(self, f"action_{action}")()

    def _attempt(self, operation: str) -> Slot | None:
        try:
            return getattr(self.selected(), operation)()
        except FieldError as exc:
            self.notify(sentence(str(exc)), severity="warning", markup=False)
            return None

    def action_add_child(self) -> None:
        self.select(self.selected().add_child("Slot"))

    def action_insert_parent(self) -> None:
        new = self._attempt("insert_parent")
        if new is not None:
            self.select(new)

    def action_duplicate(self) -> None:
        twin = self._attempt("duplicate")
        if twin is not None:
            self.select(twin)

    def action_rename(self) -> None:
        self.post_message(self.RenameRequested())

    def action_edit(self) -> None:
        self.post_message(self.EditRequested())

    def action_destroy(self) -> None:
        slot = self.selected()
        if slot.parent is None:
            self.notify("The root slot cannot be destroyed.", severity="warning", markup=False)
            return
        slots, components = slot.count()
        question = (
            f"Destroy {slot.path}"
            + (f" and the {count(slots - 1, 'slot')} under it" if slots > 1 else "")
            + (f", with {count(components, 'component')}" if components else "")
            + "? Connections close. This cannot be undone."
        )

        def answered(yes: bool | None) -> None:
            if yes and slot.parent is not None:
                parent = slot.parent
                slot.detach()
                self.select(parent)

        self.app.push_screen(ConfirmScreen("Destroy slot", question), answered)

    def action_set_root(self) -> None:
        self.view_root = self.selected()
        self.rebuild()

    def action_root_up(self) -> None:
        if self.view_root.parent is not None:
            shown = self.view_root
            self.view_root = self.view_root.parent
            self.rebuild()
            self.select(shown)

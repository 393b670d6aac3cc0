"""One row of a component card: the field's name, its editor, and why an edit was refused."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from app.internals.textual_parts import LateLabelSelect
from app.model import Component, FieldError, FieldSpec
from app.model.fields.lists import PairsType
from app.model.fields.scalar import BoolType, FloatType, UriType, UserRefType
from app.ui.inspector.pairs_editor import PairsArea
from app.ui.inspector.panel_view import in_view
from app.ui.safe_text import safe
from app.ui.widgets.clipped_input import ClippedInput
from app.ui.widgets.quiet_update import show_text

NO_USER = "\x00none"


class FieldInput(ClippedInput):
    """Enter or leaving applies; Escape puts back the model's value."""

    BINDINGS = [Binding("escape", "revert", "Revert", show=False)]

    def action_revert(self) -> None:
        row = next(a for a in self.ancestors if isinstance(a, FieldRow))
        row.revert()


class UserSelect(LateLabelSelect):
    """HandlingUser's choice."""


def connected_text(connected: bool) -> Text:
    """Not colour alone: a filled or hollow dot and a word."""
    return Text("● connected" if connected else "○ not connected", style="bold" if connected else "dim")


class FieldRow(Widget):
    """A grid row: name, editor (and unit); the refusal message, when there is one, spans a
    second row. Kept to three or four widgets: a card has eight of these, and every widget
    costs layout time when the inspector switches slots."""

    DEFAULT_CSS = """
    FieldRow { layout: grid; grid-size: 2; grid-columns: 22 1fr; grid-rows: auto; height: auto; }
    FieldRow.-with-unit { grid-size: 3; grid-columns: 22 1fr auto; }
    """

    _options: list[tuple[Text, str]] | None = None  # HandlingUser's choices, as last given to the Select

    def __init__(self, component: Component, spec: FieldSpec) -> None:
        unit = isinstance(spec.type, FloatType) and bool(spec.type.unit)
        super().__init__(classes="field-row -with-unit" if unit else "field-row")
        self.component = component
        self.spec = spec

    def compose(self) -> ComposeResult:
        yield Label(self.spec.name, classes="field-name")
        yield self._editor()
        if isinstance(self.spec.type, FloatType) and self.spec.type.unit:
            yield Label(self.spec.type.unit, classes="field-unit")

    def _editor(self) -> Widget:
        spec, value = self.spec, self.component.get(self.spec.name)
        if spec.read_only:
            return Static(connected_text(bool(value)), classes="field-indicator")
        if isinstance(spec.type, BoolType):
            return Checkbox(self._warning_words(value), value=bool(value), classes="field-editor")
        if isinstance(spec.type, UserRefType):
            self._options = self._user_options()
            return UserSelect(self._options, value=value or NO_USER, allow_blank=False, classes="field-editor")
        if isinstance(spec.type, PairsType):
            return PairsArea(self.component.format(spec.name), classes="field-editor")
        placeholder = "ws://host:port/path" if isinstance(spec.type, UriType) else spec.hint
        # Numbers take any text: Textual's number inputs drop characters they do not expect, which
        # turned 1.5 into 15. The field's type refuses what is not a number, with a message.
        return FieldInput(
            self.component.format(spec.name), placeholder=placeholder, password=spec.secret, classes="field-editor"
        )

    def _user_options(self) -> list[tuple[str, str]]:
        users = self.component.users() or []
        current = self.component.get(self.spec.name)
        if current and current not in users:
            users = [*users, current]
        return [(safe(u), u) for u in users] + [(Text("none"), NO_USER)]

    def _warning_words(self, value: Any) -> str:
        """The words of a value shown as a warning (TLSVerify off), or ""; sets the row's colours."""
        warning = self.spec.warning
        warned = warning is not None and value == warning[0]
        if warned or self.has_class("-warning"):
            self.set_class(warned, "-warning")
        return warning[1] if warning is not None and warned else ""

    @property
    def editor(self) -> Widget:
        return self.query_one(".field-editor, .field-indicator")

    # --- model → screen ---------------------------------------------------------------
    def on_mount(self) -> None:
        self._unsubscribe = self.component.observe(self._model_changed)

    def on_unmount(self) -> None:
        self._unsubscribe()

    def rebind(self, component: Component) -> None:
        """Show the same field of another component (same type) in this row."""
        self._unsubscribe()
        self.component = component
        self._unsubscribe = component.observe(self._model_changed)
        editor = self.editor
        if isinstance(editor, Select) and (options := self._user_options()) != self._options:
            self._options = options
            with editor.prevent(Select.Changed):
                editor.set_options(options)
        self.show_value(component.get(self.spec.name))

    def _model_changed(self, component: Component, name: str, old: Any, new: Any) -> None:
        if name == self.spec.name and self.is_attached and self.children and in_view(self):
            self.show_value(new)

    def show_value(self, value: Any) -> None:
        editor = self.editor
        if isinstance(editor, Checkbox):  # before Static: a Checkbox is one
            with editor.prevent(Checkbox.Changed):
                editor.value = bool(value)
            if self.spec.warning is not None:
                editor.label = self._warning_words(value)
        elif isinstance(editor, Static):
            show_text(editor, connected_text(bool(value)))
        elif isinstance(editor, Select):
            with editor.prevent(Select.Changed):
                editor.value = value or NO_USER
        elif isinstance(editor, Input):
            with editor.prevent(Input.Changed):
                editor.value = self.component.format(self.spec.name)
        elif isinstance(editor, PairsArea):
            text = self.component.format(self.spec.name)
            if editor.text != text:  # loading resets the cursor and the undo history
                editor.load_text(text)
        self.show_error("")

    def revert(self) -> None:
        self.show_value(self.component.get(self.spec.name))

    def show_error(self, message: str) -> None:
        errors = self.query(".field-error")
        if errors:
            show_text(errors.first(Static), safe(message and f"✗ {message}"))
        elif message:
            self.mount(Static(safe(f"✗ {message}"), classes="field-error"))
        if message or self.has_class("-refused"):
            self.set_class(bool(message), "-refused")

    # --- screen → model ---------------------------------------------------------------
    def _apply(self, action: Any) -> bool:
        try:
            action()
        except FieldError as exc:
            self.show_error(str(exc))
            return False
        self.show_error("")
        return True

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if not self._apply(lambda: self.component.set(self.spec.name, event.value)):
            self.revert()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value == NO_USER else event.value
        if not self._apply(lambda: self.component.set(self.spec.name, value)):
            self.revert()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply(lambda: self.component.set_text(self.spec.name, event.value))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        if event.value != self.component.format(self.spec.name):
            self._apply(lambda: self.component.set_text(self.spec.name, event.value))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving a list of pairs applies it (Enter there starts a new line)."""
        area = event.widget
        if isinstance(area, PairsArea) and area.text != self.component.format(self.spec.name):
            self._apply(lambda: self.component.set_text(self.spec.name, area.text))

    def on_input_changed(self, event: Input.Changed) -> None:
        """URLs validate as you type; the value applies on Enter or leaving. A refusal of an earlier
        value goes as soon as the text changes: it was about that value, not this one."""
        event.stop()
        if not isinstance(self.spec.type, UriType):
            if self.has_class("-refused"):
                self.show_error("")
        else:
            try:
                self.spec.type.parse(event.value)
            except FieldError as exc:
                self.show_error(str(exc))
            else:
                self.show_error("")

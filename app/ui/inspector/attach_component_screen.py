"""Attach Component: a searchable list of component types, as Resonite's component browser."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from app.model import COMPONENT_TYPES, Component
from app.ui.safe_text import safe
from app.ui.widgets.safe_input import SafeInput


class ComponentPicker(ModalScreen[type[Component] | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(Text("Attach Component"), id="picker-title")
            yield SafeInput(placeholder="search component types", id="picker-search")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        words = query.lower().split()
        labels = {name: f"{cls.CATEGORY}/{name}" for name, cls in COMPONENT_TYPES.items()}
        for name, label in sorted(labels.items(), key=lambda item: item[1]):  # by category, as Resonite
            if all(word in label.lower() for word in words):
                options.add_option(Option(safe(label), id=name))
        if options.option_count:
            options.highlighted = 0
        else:
            options.add_option(Option(safe(f"No component type matches {query!r}"), disabled=True))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose()

    def _choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        name = options.get_option_at_index(options.highlighted).id
        if name in COMPONENT_TYPES:
            self.dismiss(COMPONENT_TYPES[name])

    def action_cancel(self) -> None:
        self.dismiss(None)

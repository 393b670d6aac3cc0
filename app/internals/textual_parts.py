"""Overrides of Textual 8.2 private details (see this package's docstring). No other module of ours
calls a private Textual method or overrides one."""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widgets import Select

LAYOUT_HANDLER = "_on_layout"  # Screen's handler of a widget's request for a layout pass (tests spy on it)


class LateLabelSelect(Select):
    """Textual's Select writes its value into a label of a child that, when the Select is mounted
    while much else is (the inspector builds its panels at start), may not be composed yet: then
    the value is shown once it is. Overrides `Select._watch_value` (Textual 8.2)."""

    def _watch_value(self, value: Any) -> None:
        try:
            super()._watch_value(value)
        except NoMatches:
            self.call_after_refresh(self._show_value_later)

    def _show_value_later(self) -> None:
        if self.is_attached:
            self._watch_value(self.value)


def set_rows_without_layout(view: ScrollView, rows: int) -> None:
    """A new row count changes only this widget's scrollbars, never the screen's layout: set the
    virtual size without the reactive's full layout pass (which would run at frame rate in a flood),
    then let the view update its scrollbars (`ScrollView._scroll_update`, Textual 8.2)."""
    size = Size(0, rows)
    if size != view.virtual_size:
        view.set_reactive(ScrollView.virtual_size, size)
        view._scroll_update(size)

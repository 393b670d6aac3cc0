"""The editor of a list of pairs (a client's headers, saved messages): one `name: value` a line,
so several can be typed. Enter starts a new line; leaving the field applies, Escape puts back."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea


class PairsArea(TextArea):
    BINDINGS = [Binding("escape", "revert", "Revert", show=False)]

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(text, soft_wrap=False, show_line_numbers=False, tab_behavior="focus", **kwargs)  # type: ignore[arg-type]

    def action_revert(self) -> None:
        row = next(a for a in self.ancestors if hasattr(a, "revert"))
        row.revert()  # type: ignore[attr-defined]

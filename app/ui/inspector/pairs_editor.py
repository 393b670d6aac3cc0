"""The editor of a list of pairs (a client's headers, saved messages): one `name: value` a line,
so several can be typed. Enter starts a new line; leaving the field applies, Escape puts back."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import TextArea

from app.ui.safe_text import picture_controls


class PairsArea(TextArea):
    BINDINGS = [Binding("escape", "revert", "Revert", show=False)]

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(text, soft_wrap=False, show_line_numbers=False, tab_behavior="focus", **kwargs)  # type: ignore[arg-type]

    def get_line(self, line_index: int) -> Text:
        """A line as drawn: control characters as pictures, one for one (a pasted or loaded value
        may hold escape sequences); tabs stay, the editor expands them."""
        line = self.document.get_line(line_index)
        return Text("\t".join(map(picture_controls, line.split("\t"))), end="", no_wrap=True)

    def action_revert(self) -> None:
        row = next(a for a in self.ancestors if hasattr(a, "revert"))
        row.revert()  # type: ignore[attr-defined]

"""An Input that draws control characters as visible pictures: a value can come from a file or
a paste, and its escape sequences must not reach the terminal."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input

from app.ui.safe_text import picture_controls


class SafeInput(Input):
    """Every text field of the app. The value is kept exactly; only what is drawn changes, one
    character for one, so the cursor still lines up."""

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(picture_controls(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

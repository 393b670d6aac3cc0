"""A one-line field that, when it is not being edited and its value is wider than the field, shows
the start of the value and an ellipsis, rather than the end cut anywhere (a URL's last ten
characters, `0` for `5.0`). Focused, it edits and scrolls as any input does."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.strip import Strip

from app.ui.widgets.safe_input import SafeInput


class ClippedInput(SafeInput):
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        value = self._value
        if y != 0 or self.has_focus or not self.value or cell_len(value.plain) <= width or width < 2:
            return super().render_line(y)
        shown = Text(end="", no_wrap=True)
        shown.append_text(value)
        shown.truncate(width, overflow="ellipsis")
        console = self.app.console
        strip = Strip(console.render(shown, self.app.console_options.update_width(width)))
        return strip.extend_cell_length(width + 1).apply_style(self.rich_style)

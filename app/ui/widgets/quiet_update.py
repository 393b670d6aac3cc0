"""Text updates that spare the screen a layout pass.

`Static.update` lays out the whole screen by default: every widget is arranged again and the
inspector drawn anew, 10-20 ms with a client's card showing, more in a flood. A one-line label
whose size cannot change (fixed width and height in the CSS), or whose text keeps its width,
needs only to be drawn again.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def _fixed_size(widget: Static) -> bool:
    width, height = widget.styles.width, widget.styles.height
    return width is not None and height is not None and not width.is_auto and not height.is_auto


def show_text(widget: Static, text: Text) -> None:
    """Show one line of text; lay the screen out again only when the widget's size may change."""
    old = widget.content
    if isinstance(old, str):  # as composed, e.g. Static("")
        old = Text(old)
    if isinstance(old, Text) and old == text:
        return
    same_width = isinstance(old, Text) and old.cell_len == text.cell_len
    widget.update(text, layout=not (_fixed_size(widget) or same_width) or "\n" in text.plain)

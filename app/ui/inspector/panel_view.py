"""Whether a widget is in the inspector panel that is in view.

The inspector keeps a panel per shape of slot, scrolled out of view when another is shown.
Updating a widget out of view would make Textual arrange the whole screen to find where it is
(and draw all of it on the next frame), so the card and field rows leave such updates alone;
a panel is refreshed from the model when it comes back into view.
"""

from __future__ import annotations

from textual.widget import Widget


def in_view(widget: Widget) -> bool:
    return all(getattr(node, "panel_in_view", True) for node in widget.ancestors)

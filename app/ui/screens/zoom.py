"""F5: the pane with the focus (hierarchy, inspector or log) fills the screen; F5 again goes back.
At 80x24 the panes share 22 rows; zooming one shows all of it."""

from __future__ import annotations

from textual.screen import Screen

from app.ui.inspector.hierarchy import HierarchyPane
from app.ui.inspector.inspector import Inspector
from app.ui.log.pane import LogPane

PANES = (HierarchyPane, Inspector, LogPane)


def toggle_zoom(screen: Screen[object]) -> None:
    if screen.maximized is not None:
        screen.minimize()  # it scrolls the focus into view, which may scroll the inspector's stack
        for inspector in screen.query(Inspector):
            screen.call_after_refresh(inspector.scroll_to_current)
        return
    focused = screen.focused
    pane = next((a for a in focused.ancestors_with_self if isinstance(a, PANES)), None) if focused else None
    if pane is not None:
        screen.maximize(pane, container=False)

"""The log pane: a line-API ScrollView that draws only the visible rows of the log buffer."""

from __future__ import annotations

from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from app.net.log_buffer import LogBuffer
from app.ui.log_format import LogPalette, event_segments

FRAME_INTERVAL = 1 / 30


class LogView(ScrollView, can_focus=True):
    """Follows the newest entry; scrolling up pauses and counts what arrives meanwhile."""

    BINDINGS = [
        Binding("end", "follow", "Follow", show=False),
        Binding("home", "scroll_home", "Top", show=False),
    ]

    def __init__(self, buffer: LogBuffer, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.buffer = buffer
        self.following = True
        self.unseen = 0
        self._seen_total = 0
        self._seen_revision = 0
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self._palette: LogPalette | None = None

    def on_mount(self) -> None:
        self.border_title = "Log"
        self.set_interval(FRAME_INTERVAL, self.catch_up)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._reset_palette())

    def _reset_palette(self) -> None:
        self._palette = None
        self._cache.clear()
        self.refresh()

    def palette(self) -> LogPalette:
        if self._palette is None:
            theme = self.app.current_theme

            def fg(color: str | None, **kw: bool) -> Style:
                return Style(color=color, **kw) if color else Style(**kw)

            self._palette = LogPalette(
                time=Style(dim=True),
                client=fg(theme.secondary),
                recv=fg(theme.primary, bold=True),
                send=fg(theme.accent, bold=True),
                good=fg(theme.success, bold=True),
                bad=fg(theme.error, bold=True),
                warn=fg(theme.warning, bold=True),
                info=Style(dim=True, bold=True),
                body=Style(),
            )
        return self._palette

    # --- catching up with the buffer, at most once a frame ------------------------------
    def catch_up(self) -> None:
        total = self.buffer.total
        if self.buffer.revision != self._seen_revision:
            self._seen_revision = self.buffer.revision
            self.refresh()
        if total == self._seen_total:
            return
        arrived = total - self._seen_total
        self._seen_total = total
        count = len(self.buffer.entries)
        dropped = self._first_index_shift(total, count)
        self.virtual_size = Size(0, count)
        if self.following:
            self.scroll_to(y=max(0, count - self.scrollable_content_region.height), animate=False, immediate=True)
        else:
            self.unseen += arrived
            if dropped:
                self.scroll_to(y=max(0, self.scroll_y - dropped), animate=False, immediate=True)
        self._show_status()
        self.refresh()

    _first_seq = 0

    def _first_index_shift(self, total: int, count: int) -> int:
        """How many entries fell off the front since the last frame."""
        first = total - count
        shift, self._first_seq = first - self._first_seq, first
        return shift

    def clear(self) -> None:
        self.buffer.clear()
        self._cache.clear()
        self.virtual_size = Size(0, 0)
        self.unseen = 0
        self._show_status()
        self.refresh()

    # --- follow and pause ---------------------------------------------------------------
    def watch_scroll_y(self, old: float, new: float) -> None:
        at_end = new >= self.max_scroll_y
        if at_end and not self.following:
            self.following = True
            self.unseen = 0
        elif not at_end and new < old:
            self.following = False
        self._show_status()
        super().watch_scroll_y(old, new)

    def action_follow(self) -> None:
        self.following = True
        self.unseen = 0
        self.scroll_end(animate=False, immediate=True)
        self._show_status()

    def _show_status(self) -> None:
        if self.following:
            count = len(self.buffer)
            self.border_subtitle = f"{count} {'entry' if count == 1 else 'entries'} · following"
        else:
            self.border_subtitle = f"paused · {self.unseen} new · End to follow"

    # --- drawing ------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        entries = self.buffer.entries
        if index >= len(entries):
            return Strip.blank(width, self.rich_style)
        seq = self.buffer.total - len(entries) + index
        event = entries[index]
        key = (seq, event.extra.get("repeat", 0))
        strip = self._cache.get(key)
        if strip is None:
            strip = Strip(event_segments(event, self.palette())).apply_style(self.rich_style)
            self._cache[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

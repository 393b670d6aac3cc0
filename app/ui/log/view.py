"""The log pane's view: a line-API ScrollView that draws only the visible rows. Which rows, the
cursor and following are the headless log window's (app/log/window.py); this draws them at frame
rate and turns keys, clicks and scrolls into the window's moves."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Offset, Region
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from app.internals.textual_parts import set_rows_without_layout
from app.log.buffer import LogBuffer
from app.log.events import Event
from app.log.filter import LogFilter
from app.log.window import LogWindow
from app.ui.log.format import LogPalette, clock, delta, event_segments, row_words

FRAME_INTERVAL = 1 / 20
KEY_FIRST = 0.04  # seconds after a key press during which the log waits a tick
FLOOD_ROWS = 400  # new entries in one tick (8,000 a second) above which the log draws every other tick


class LogView(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "cursor_page(-1)", "Page up", show=False),
        Binding("pagedown", "cursor_page(1)", "Page down", show=False),
        Binding("end", "follow", "Follow", show=False),
        Binding("home", "cursor_home", "Top", show=False),
        Binding("enter", "open_detail", "Detail"),
        Binding("t", "toggle_time", "Time abs/rel"),
        Binding("p", "pause", "Pause/follow"),
    ]

    class OpenDetail(Message):
        def __init__(self, event: Event) -> None:
            super().__init__()
            self.event = event

    class Counted(Message):
        """The number of rows shown changed (for the filter bar's match count)."""

        def __init__(self, shown: int, total: int) -> None:
            super().__init__()
            self.shown = shown
            self.total = total

    class FilterSlow(Message):
        """The filter's text took too long to search and was dropped; the message says why."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(
        self,
        buffer: LogBuffer,
        *,
        last_key: Callable[[], float] = lambda: 0.0,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.window = LogWindow(buffer, row_words=row_words)  # the filter finds what the rows show
        self.relative = False
        self._last_key = last_key  # monotonic time of the last key press (the app's)
        self._cache: LRUCache[tuple[int, int, float, int], Strip] = LRUCache(1024)
        self._palette: LogPalette | None = None
        self._last_frame = 0.0

    def on_mount(self) -> None:
        self.border_title = "Log"
        self.set_interval(FRAME_INTERVAL, self.catch_up)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._reset_palette())
        self._show_status()

    def _reset_palette(self) -> None:
        self._palette = None
        self._cache.clear()
        self.refresh()

    def palette(self) -> LogPalette:
        if self._palette is None:  # the widget's colours, folded in once rather than on every row
            self._palette = LogPalette.for_theme(self.app.current_theme, self.rich_style)
        return self._palette

    # --- the window's state, for the pane and the tests ------------------------------------
    @property
    def cursor(self) -> int | None:
        return self.window.cursor

    @property
    def following(self) -> bool:
        return self.window.following

    @property
    def row_count(self) -> int:
        return self.window.row_count

    @property
    def filter(self) -> LogFilter:
        return self.window.filter

    def event_at(self, row: int) -> Event | None:
        return self.window.event_at(row)

    def shown_events(self) -> Iterator[Event]:
        return self.window.shown_events()

    def set_filter(self, log_filter: LogFilter) -> int:
        """Apply a filter to the whole buffer at once; raises FilterError and keeps the old one."""
        window = self.window
        window.set_filter(log_filter)
        self._tell_if_slow()
        self._cache.clear()
        self._resize()
        self.action_follow()
        self.post_message(self.Counted(window.row_count, len(window.buffer)))
        return window.row_count

    # --- catching up with the buffer, at most once a frame ------------------------------
    def catch_up(self) -> None:
        """Called every FRAME_INTERVAL. A tick is skipped (never two in a row) right after a key
        press, so the key's change reaches the screen first, and in a flood of over FLOOD_ROWS
        entries a tick, when the socket needs the time more than the eye needs the frames."""
        window = self.window
        now = time.monotonic()
        if now - self._last_frame < 1.9 * FRAME_INTERVAL and (
            now - self._last_key() < KEY_FIRST or window.pending() > FLOOD_ROWS
        ):
            return
        self._last_frame = now
        if window.restyled():
            self.refresh()
        arrivals = window.catch_up()
        self._tell_if_slow()
        if arrivals is None:
            return
        self.post_message(self.Counted(window.row_count, len(window.buffer)))  # with or without a filter
        self._resize()
        if window.following:
            self.scroll_end(animate=False, immediate=True, x_axis=False)
        elif arrivals.dropped:
            self.scroll_to(y=max(0, self.scroll_y - arrivals.dropped), animate=False, immediate=True)
        self._show_status()
        self.refresh()

    def _tell_if_slow(self) -> None:
        reason = self.window.take_slow_reason()
        if reason:
            self.post_message(self.FilterSlow(reason))

    def _resize(self) -> None:
        set_rows_without_layout(self, self.window.row_count)

    def clear(self) -> None:
        self.window.clear()
        self._cache.clear()
        self._resize()
        self._show_status()
        self.refresh()
        self.post_message(self.Counted(0, 0))

    # --- follow, pause, cursor ----------------------------------------------------------
    def watch_scroll_y(self, old: float, new: float) -> None:
        self.window.scrolled(at_end=new >= self.max_scroll_y, upward=new < old)
        self._show_status()
        super().watch_scroll_y(old, new)

    def on_resize(self) -> None:
        """Following means the newest entries are in view, whatever size the terminal turns out to be."""
        if self.following:
            self.call_after_refresh(self.scroll_end, animate=False, immediate=True, x_axis=False)

    def action_follow(self) -> None:
        self.window.follow()
        self.scroll_end(animate=False, immediate=True, x_axis=False)
        self._show_status()
        self.refresh()

    def action_pause(self) -> None:
        if self.window.following:
            self.window.toggle_pause()
            self._show_status()
        else:
            self.action_follow()

    def action_cursor(self, step: int) -> None:
        if self.window.move_cursor(step):
            self._cursor_moved()

    def action_cursor_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.scrollable_content_region.height - 1))

    def action_cursor_home(self) -> None:
        if self.window.select(0):
            self.scroll_home(animate=False, immediate=True)
            self._show_status()
            self.refresh()

    def _cursor_moved(self) -> None:
        cursor = self.window.cursor
        if cursor is not None:
            self.scroll_to_region_of(cursor)
        self._show_status()
        self.refresh()

    def scroll_to_region_of(self, row: int) -> None:
        height = self.scrollable_content_region.height
        if row < self.scroll_y:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= self.scroll_y + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def action_open_detail(self) -> None:
        event = self.window.selected()
        if event is not None:
            self.post_message(self.OpenDetail(event))

    def action_toggle_time(self) -> None:
        self.relative = not self.relative
        self._cache.clear()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:  # the border or the scrollbar
            return
        row = int(self.scroll_y) + offset.y
        if 0 <= row < self.window.row_count:
            if self.window.cursor == row and event.chain >= 2:
                self.action_open_detail()
            self.window.select(row)
            self._show_status()
            self.refresh()

    def _show_status(self) -> None:
        subtitle = self.window.status()
        if subtitle != self.border_subtitle:
            self.border_subtitle = subtitle

    # --- drawing ------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        """One frame: the widget's style, offset and width are worked out once, not per row."""
        self._frame = (self.rich_style, self.scroll_offset, self.size.width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    _frame: tuple[Style, Offset, int] | None = None

    def render_line(self, y: int) -> Strip:
        base, (scroll_x, scroll_y), width = self._frame or (self.rich_style, self.scroll_offset, self.size.width)
        row = scroll_y + y
        window = self.window
        event = window.event_at(row)
        if event is None:
            return Strip.blank(width, base)
        seq = window.seq_at(row)
        previous = window.event_at(row - 1) if self.relative else None
        key = (seq, event.extra.get("repeat", 0), event.ts, -1 if previous is None else window.seq_at(row - 1))
        strip = self._cache.get(key)
        if strip is None:
            if self.relative:
                stamp = delta(event.ts - previous.ts) if previous is not None else clock(event.ts)
            else:
                stamp = clock(event.ts)
            strip = Strip(event_segments(event, self.palette(), stamp))
            self._cache[key] = strip
        if row == window.cursor:
            strip = strip.apply_style(Style(reverse=True))
        return strip.crop_extend(scroll_x, scroll_x + width, base)

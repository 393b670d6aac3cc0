"""The log pane: a line-API ScrollView that draws only the visible rows of the log buffer.

Rows are the buffer's entries, or, with a filter, the entries that match it (kept as absolute
sequence numbers so the ring can drop its oldest entries underneath). A cursor selects a row
for the detail view; scrolling up or moving the cursor pauses following.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable, Iterator

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from app.log.buffer import LogBuffer
from app.log.events import Event
from app.log.filter import LogFilter
from app.ui.log.format import LogPalette, clock, delta, event_segments

FRAME_INTERVAL = 1 / 20
KEY_FIRST = 0.04  # seconds after a key press during which the log waits a tick
FLOOD_ROWS = 2_000  # new entries in one tick (40,000 a second) above which the log draws every other tick


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

    def __init__(self, buffer: LogBuffer, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.buffer = buffer
        self.following = True
        self.unseen = 0
        self.relative = False
        self.cursor: int | None = None  # a row of the view, when one is selected
        self.filter = LogFilter()
        self._test: Callable[[Event], bool] | None = None
        self._matches: list[int] = []  # absolute sequence numbers, when filtering
        self._checked = 0  # sequence number up to which `_matches` is complete
        self._seen_total = 0
        self._seen_revision = 0
        self._cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)
        self._palette: LogPalette | None = None

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
        if self._palette is None:
            theme = self.app.current_theme

            base = self.rich_style  # the widget's colours, folded in once rather than on every row

            def fg(color: str | None, **kw: bool) -> Style:
                return base + (Style(color=color, **kw) if color else Style(**kw))

            self._palette = LogPalette(
                time=base + Style(dim=True),
                client=fg(theme.secondary),
                recv=fg(theme.primary, bold=True),
                send=fg(theme.accent, bold=True),
                good=fg(theme.success, bold=True),
                bad=fg(theme.error, bold=True),
                warn=fg(theme.warning, bold=True),
                info=base + Style(dim=True, bold=True),
                body=base,
            )
        return self._palette

    # --- rows ---------------------------------------------------------------------------
    @property
    def first_seq(self) -> int:
        return self.buffer.first_seq

    @property
    def row_count(self) -> int:
        return len(self._matches) if self._test is not None else len(self.buffer.entries)

    def seq_at(self, row: int) -> int:
        return self._matches[row] if self._test is not None else self.first_seq + row

    def event_at(self, row: int) -> Event | None:
        if not 0 <= row < self.row_count:
            return None
        index = self.seq_at(row) - self.first_seq
        entries = self.buffer.entries
        return entries[index] if 0 <= index < len(entries) else None

    def shown_events(self) -> Iterator[Event]:
        """Every event the view shows, oldest first (all of them, or those matching the filter)."""
        if self._test is None:
            yield from self.buffer.entries
            return
        first, entries = self.first_seq, self.buffer.entries
        for seq in self._matches:
            if seq >= first:  # entries the ring dropped since the last frame are gone
                yield entries[seq - first]

    # --- filtering ----------------------------------------------------------------------
    def set_filter(self, log_filter: LogFilter) -> int:
        """Apply a filter to the whole buffer at once; raises FilterError and keeps the old one."""
        test = log_filter.predicate() if log_filter.active else None
        self.filter = log_filter
        self._test = test
        first = self.first_seq
        self._matches = (
            [first + i for i, event in enumerate(self.buffer.entries) if test(event)] if test is not None else []
        )
        self._checked = self._seen_total = self.buffer.total
        self._first_seen = first
        self.cursor = None
        self._cache.clear()
        self._resize()
        self.action_follow()
        self.post_message(self.Counted(self.row_count, len(self.buffer)))
        return self.row_count

    # --- catching up with the buffer, at most once a frame ------------------------------
    def catch_up(self) -> None:
        """Called every FRAME_INTERVAL. A tick is skipped (never two in a row) right after a key
        press, so the key's change reaches the screen first, and in a flood of over FLOOD_ROWS
        entries a tick, when the socket needs the time more than the eye needs the frames."""
        now = time.monotonic()
        if now - self._last_frame < 1.9 * FRAME_INTERVAL and (
            now - getattr(self.app, "last_key_at", 0.0) < KEY_FIRST or self.buffer.total - self._seen_total > FLOOD_ROWS
        ):
            return
        self._last_frame = now
        buffer = self.buffer
        if buffer.revision != self._seen_revision:
            self._seen_revision = buffer.revision
            self.refresh()
        total = buffer.total
        if total == self._seen_total:
            return
        new_entries = total - self._seen_total
        self._seen_total = total
        first = self.first_seq
        dropped_entries = self._dropped(first)
        if self._test is None:
            arrived, dropped = new_entries, dropped_entries
        else:
            before = len(self._matches)
            self._extend_matches(first)
            arrived = len(self._matches) - before
            dropped = bisect_left(self._matches, first)
            if dropped:
                del self._matches[:dropped]
            self.post_message(self.Counted(self.row_count, len(buffer)))
        self._resize()
        if self.following:
            self.scroll_end(animate=False, immediate=True, x_axis=False)
        else:
            self.unseen += arrived
            if dropped:
                self.scroll_to(y=max(0, self.scroll_y - dropped), animate=False, immediate=True)
                if self.cursor is not None:
                    self.cursor = max(0, self.cursor - dropped)
        self._show_status()
        self.refresh()

    _first_seen = 0
    _last_frame = 0.0

    def _dropped(self, first: int) -> int:
        dropped, self._first_seen = first - self._first_seen, first
        return max(0, dropped)

    def _extend_matches(self, first: int) -> None:
        test, entries = self._test, self.buffer.entries
        assert test is not None
        start = max(self._checked, first)
        offset = start - first
        for index in range(offset, len(entries)):
            if test(entries[index]):
                self._matches.append(first + index)
        self._checked = self.buffer.total

    def _resize(self) -> None:
        """A new row count changes only this widget's scrollbars, never the screen's layout, so set
        it without the reactive's full layout pass (which would run at frame rate in a flood)."""
        size = Size(0, self.row_count)
        if size != self.virtual_size:
            self.set_reactive(LogView.virtual_size, size)
            self._scroll_update(size)

    def clear(self) -> None:
        self.buffer.clear()
        self._matches = []
        self._checked = self.buffer.total
        self._first_seen = self.first_seq
        self._cache.clear()
        self.cursor = None
        self.unseen = 0
        self._resize()
        self._show_status()
        self.refresh()

    # --- follow, pause, cursor ----------------------------------------------------------
    def watch_scroll_y(self, old: float, new: float) -> None:
        at_end = new >= self.max_scroll_y
        if at_end and not self.following and self.cursor is None:
            self.following = True
            self.unseen = 0
        elif not at_end and new < old:
            self.following = False
        self._show_status()
        super().watch_scroll_y(old, new)

    def action_follow(self) -> None:
        self.following = True
        self.cursor = None
        self.unseen = 0
        self.scroll_end(animate=False, immediate=True, x_axis=False)
        self._show_status()
        self.refresh()

    def action_pause(self) -> None:
        if self.following:
            self.following = False
            self._show_status()
        else:
            self.action_follow()

    def action_cursor(self, step: int) -> None:
        count = self.row_count
        if not count:
            return
        self.cursor = count - 1 if self.cursor is None else max(0, min(count - 1, self.cursor + step))
        self.following = False
        self.scroll_to_region_of(self.cursor)
        self._show_status()
        self.refresh()

    def action_cursor_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.scrollable_content_region.height - 1))

    def action_cursor_home(self) -> None:
        if self.row_count:
            self.cursor = 0
            self.following = False
            self.scroll_home(animate=False, immediate=True)
            self._show_status()
            self.refresh()

    def scroll_to_region_of(self, row: int) -> None:
        height = self.scrollable_content_region.height
        if row < self.scroll_y:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= self.scroll_y + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def action_open_detail(self) -> None:
        row = self.cursor if self.cursor is not None else self.row_count - 1
        event = self.event_at(row)
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
        if 0 <= row < self.row_count:
            if self.cursor == row and event.chain >= 2:
                self.action_open_detail()
            self.cursor = row
            self.following = False
            self._show_status()
            self.refresh()

    def _show_status(self) -> None:
        count = self.row_count
        noun = "entry" if count == 1 else "entries"
        where = "matching" if self._test is not None else ""
        if self.following:
            subtitle = f"{count} {where} {noun} · following".replace("  ", " ")
        else:
            subtitle = f"paused · {self.unseen} new · End to follow"
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
        event = self.event_at(row)
        if event is None:
            return Strip.blank(width, base)
        seq = self.seq_at(row)
        previous = self.event_at(row - 1) if self.relative else None
        key = (seq, event.extra.get("repeat", 0), -1 if previous is None else self.seq_at(row - 1))
        strip = self._cache.get(key)
        if strip is None:
            if self.relative:
                stamp = delta(event.ts - previous.ts) if previous is not None else clock(event.ts)
            else:
                stamp = clock(event.ts)
            strip = Strip(event_segments(event, self.palette(), stamp))
            self._cache[key] = strip
        if row == self.cursor:
            strip = strip.apply_style(Style(reverse=True))
        return strip.crop_extend(scroll_x, scroll_x + width, base)

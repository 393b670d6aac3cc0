"""The log window: which entries the log shows, and where the reader is — without a terminal.

Rows are the ring's entries, or, with a filter, the entries that match it (kept as absolute sequence
numbers so the ring can drop its oldest entries underneath). A cursor selects a row; moving it or
scrolling up pauses following, and the entries that arrive meanwhile are counted as unseen. The
interface's LogView only draws what this decides (toolong keeps its file model apart from its view
in the same way), so all of this is tested without Textual.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from app.log.buffer import LogBuffer
from app.log.events import Event
from app.log.filter import FilterTooSlow, LogFilter

PASS_BUDGET = 2.0  # seconds one pass of the filter may take (100,000 entries: text 40 ms, regex 300-360 ms)


@dataclass(frozen=True)
class Arrivals:
    """What one catch-up with the ring found."""

    arrived: int  # new rows (matching ones, with a filter)
    dropped: int  # rows the ring dropped from the top
    filtered: bool  # a filter is on: its count changed


class LogWindow:
    def __init__(self, buffer: LogBuffer, row_words: Callable[[Event], str] | None = None) -> None:
        self.buffer = buffer
        self.row_words = row_words  # what a row shows besides the payload, for the text filter
        self.following = True
        self.unseen = 0
        self.cursor: int | None = None  # a row, when one is selected
        self.filter = LogFilter()
        self._test: Callable[[Event], bool] | None = None
        self._matches: list[int] = []  # absolute sequence numbers, when filtering
        self._checked = 0  # sequence number up to which `_matches` is complete
        self._seen_total = 0
        self._seen_revision = 0
        self._first_seen = 0
        self._slow_reason = ""  # why the filter's text was just dropped (too slow to search)

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
        """Every event shown, oldest first (all of them, or those matching the filter)."""
        if self._test is None:
            yield from self.buffer.entries
            return
        first, entries = self.first_seq, self.buffer.entries
        for seq in self._matches:
            if seq >= first:  # entries the ring dropped since the last catch-up are gone
                yield entries[seq - first]

    def pending(self) -> int:
        """Entries that arrived since the last catch-up."""
        return self.buffer.total - self._seen_total

    # --- filtering ----------------------------------------------------------------------
    def set_filter(self, log_filter: LogFilter) -> int:
        """Apply a filter to the whole ring at once; raises FilterError and keeps the old one."""
        test = log_filter.predicate(self.row_words) if log_filter.active else None
        first = self.first_seq
        try:
            matches = [first + i for i in _scan(self.buffer.entries, 0, test)] if test is not None else []
        except FilterTooSlow as exc:  # a message the text cannot be searched in, in time
            self._slow_reason = str(exc)
            return self.set_filter(log_filter.without_text())
        self.filter, self._test, self._matches = log_filter, test, matches
        self._checked = self._seen_total = self.buffer.total
        self._first_seen = first
        self.follow()
        return self.row_count

    # --- catching up with the ring --------------------------------------------------------
    def restyled(self) -> bool:
        """Whether entries already shown changed (a fold's count grew) since the last call."""
        revision = self.buffer.revision
        if revision == self._seen_revision:
            return False
        self._seen_revision = revision
        return True

    def catch_up(self) -> Arrivals | None:
        """Take in what the ring gained and lost; None when nothing arrived."""
        total = self.buffer.total
        if total == self._seen_total:
            return None
        new_entries = total - self._seen_total
        self._seen_total = total
        first = self.first_seq
        dropped_entries, self._first_seen = max(0, first - self._first_seen), first
        if self._test is None:
            arrived, dropped = new_entries, dropped_entries
        else:
            before = len(self._matches)
            try:
                self._extend_matches(first)
            except FilterTooSlow as exc:
                self._slow_reason = str(exc)
                self.set_filter(self.filter.without_text())
                return Arrivals(0, 0, True)
            arrived = len(self._matches) - before
            dropped = bisect_left(self._matches, first)
            if dropped:
                del self._matches[:dropped]
        if not self.following:
            self.unseen += arrived
            if dropped and self.cursor is not None:
                self.cursor = max(0, self.cursor - dropped)
        return Arrivals(arrived, dropped, self._test is not None)

    def take_slow_reason(self) -> str:
        """Why the filter's text was dropped since the last call (too slow to search), or ""."""
        reason, self._slow_reason = self._slow_reason, ""
        return reason

    def _extend_matches(self, first: int) -> None:
        test, entries = self._test, self.buffer.entries
        assert test is not None
        start = max(self._checked, first)
        self._matches.extend(first + index for index in _scan(entries, start - first, test))
        self._checked = self.buffer.total

    def clear(self) -> None:
        self.buffer.clear()
        self._matches = []
        self._checked = self.buffer.total
        self._first_seen = self.first_seq
        self.cursor = None
        self.unseen = 0

    # --- follow, pause, cursor ----------------------------------------------------------
    def follow(self) -> None:
        self.following = True
        self.cursor = None
        self.unseen = 0

    def toggle_pause(self) -> None:
        if self.following:
            self.following = False
        else:
            self.follow()

    def move_cursor(self, step: int) -> bool:
        """Move the cursor (from the last row when there is none); False when there are no rows."""
        count = self.row_count
        if not count:
            return False
        self.cursor = count - 1 if self.cursor is None else max(0, min(count - 1, self.cursor + step))
        self.following = False
        return True

    def select(self, row: int) -> bool:
        if not 0 <= row < self.row_count:
            return False
        self.cursor = row
        self.following = False
        return True

    def scrolled(self, at_end: bool, upward: bool) -> None:
        """The reader scrolled: to the end (with no cursor) follows again; upward pauses."""
        if at_end and not self.following and self.cursor is None:
            self.following = True
            self.unseen = 0
        elif not at_end and upward:
            self.following = False

    def selected(self) -> Event | None:
        """The cursor's event, or the newest one."""
        return self.event_at(self.cursor if self.cursor is not None else self.row_count - 1)

    def status(self) -> str:
        count = self.row_count
        noun = "entry" if count == 1 else "entries"
        where = "matching" if self._test is not None else ""
        if self.following:
            return f"{count} {where} {noun} · following".replace("  ", " ")
        return f"paused · {self.unseen} new · End to follow"


def _scan(entries: deque[Event], start: int, test: Callable[[Event], bool]) -> list[int]:
    """Indexes of the entries from `start` that pass `test`. Each regular-expression search has its own
    budget; this bounds the whole pass too (many searches just under it would hold the loop)."""
    found: list[int] = []
    deadline = time.monotonic() + PASS_BUDGET
    for index, event in enumerate(_from(entries, start), start):
        if test(event):
            found.append(index)
        if not index & 255 and time.monotonic() > deadline:
            raise FilterTooSlow(f"the filter took over {PASS_BUDGET:g} s over the log")
    return found


def _from(entries: deque[Event], start: int) -> Iterable[Event]:
    """The entries from `start` on, walked from the nearer end: a deque neither indexes nor slices
    quickly in the middle, and catching up with a flood wants the last few of 100,000."""
    tail = len(entries) - start
    if tail < start:
        return reversed(list(islice(reversed(entries), tail)))
    return islice(entries, start, None)

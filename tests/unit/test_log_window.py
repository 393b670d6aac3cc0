"""The headless log window: rows, filter, cursor, follow and unseen counts, with no terminal."""

from __future__ import annotations

from app.log.buffer import LogBuffer
from app.log.events import Event
from app.log.filter import LogFilter
from app.log.window import LogWindow


def recv(text: str, client: str = "Root/A/WebsocketClient") -> Event:
    return Event(client, "recv", {"type": "text", "data": text, "size": len(text)}, 0.0)


def test_rows_follow_the_ring_and_a_paused_reader_counts_what_is_new():
    buffer = LogBuffer(5)
    window = LogWindow(buffer)
    for n in range(3):
        buffer.append(recv(f"m{n}"))
    assert window.catch_up().arrived == 3
    assert window.row_count == 3 and window.following and window.status() == "3 entries · following"
    assert window.move_cursor(-1) and window.cursor == 2 and not window.following  # Up first selects the newest
    assert window.move_cursor(-1) and window.cursor == 1
    for n in range(3, 8):  # the ring keeps 5: three old entries drop under the cursor
        buffer.append(recv(f"m{n}"))
    arrivals = window.catch_up()
    assert (arrivals.arrived, arrivals.dropped) == (5, 3)
    assert window.cursor == 0 and window.unseen == 5
    assert window.event_at(window.cursor).extra["data"] == "m3"
    assert window.status() == "paused · 5 new · End to follow"
    window.follow()
    assert window.cursor is None and window.unseen == 0 and window.selected().extra["data"] == "m7"


def test_a_filter_keeps_matching_sequence_numbers_as_the_ring_drops_entries():
    buffer = LogBuffer(4)
    window = LogWindow(buffer)
    for n in range(4):
        buffer.append(recv(f"{'hit' if n % 2 else 'miss'} {n}"))
    assert window.set_filter(LogFilter(text="hit")) == 2
    for n in range(4, 8):
        buffer.append(recv(f"{'hit' if n % 2 else 'miss'} {n}"))
    window.catch_up()
    assert [e.extra["data"] for e in window.shown_events()] == ["hit 5", "hit 7"]
    assert window.status() == "2 matching entries · following"


def test_scrolling_up_pauses_and_scrolling_to_the_end_follows_again():
    window = LogWindow(LogBuffer(10))
    window.scrolled(at_end=False, upward=True)
    assert not window.following
    window.scrolled(at_end=True, upward=False)
    assert window.following


def test_a_pass_of_the_filter_over_the_log_is_bounded_as_a_whole(monkeypatch):
    import app.log.window as window_module

    buffer = LogBuffer(2000)
    for n in range(2000):
        buffer.append(recv(f"aaaaaaaaaaaaaaaaaaaa {n}"))
    window = LogWindow(buffer)
    monkeypatch.setattr(window_module, "PASS_BUDGET", 0.0)  # every search well inside its own budget
    assert window.set_filter(LogFilter(text="a+b", regex=True)) == 2000  # the text was dropped, said why
    assert "over the log" in window.take_slow_reason()


def test_matches_caught_up_near_the_end_of_a_full_ring_are_the_right_entries():
    """Catching up walks the ring from its nearer end: the new matches are the newest entries."""
    from collections import deque

    from app.log.window import _from

    ring = deque(range(1000), maxlen=1000)
    assert list(_from(ring, 990)) == list(range(990, 1000))  # from the right
    assert list(_from(ring, 10))[:3] == [10, 11, 12]  # from the left
    assert list(_from(ring, 1000)) == []

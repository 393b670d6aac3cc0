"""The log as people use it: a live count, a filter that finds what the rows show, Ctrl+F that
goes to the filter, and folded rows that stay current."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Label, Static

from app.log.events import Event
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.log.view import LogView
from tests.helpers.common import LOCAL, wait_until

SIZE = (120, 40)
NOWHERE = "Root/Demo/Nowhere/WebsocketClient"


def make_app(paths) -> InspectorApp:
    return InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))


def feed(app: InspectorApp, events: list[Event]) -> None:
    for event in events:
        app.session.sink.emit(event)


def messages(n: int, start: int = 0) -> list[Event]:
    client = "Root/Demo/Echo/WebsocketClient"
    return [Event(client, "recv", {"type": "text", "data": f"m{i}", "size": 2}) for i in range(start, start + n)]


def refusals(attempts: range, delay: float) -> list[Event]:
    events = []
    for attempt in attempts:
        events.append(Event(NOWHERE, "connecting", {"url": "ws://127.0.0.1:9/", "attempt": attempt}))
        events.append(Event(NOWHERE, "error", {"reason": "connection refused"}))
        events.append(Event(NOWHERE, "retry", {"attempt": attempt + 1, "delay_s": delay, "reason": "refused"}))
    return events


def count_text(app: InspectorApp) -> str:
    return str(app.query_one("#filter-count", Label).render())


def row_text(log: LogView, row: int) -> str:
    return log.render_line(row - int(log.scroll_y)).text


async def test_the_count_is_live_without_a_filter_and_regex_applies_when_ticked(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        feed(app, messages(5))
        await pilot.press("ctrl+f")
        await wait_until(lambda: count_text(app) == "5 of 5")
        feed(app, messages(3, start=5))
        await wait_until(lambda: count_text(app) == "8 of 8")
        text = app.query_one("#filter-text", Input)
        await pilot.press(*"m(1")
        await wait_until(lambda: app.query_one(LogView).row_count == 0)
        await pilot.click("#filter-regex")
        assert app.query_one("#filter-regex", Checkbox).value
        error = app.query_one("#filter-error", Static)
        await wait_until(lambda: "not a valid regular expression" in str(error.render()))
        assert text.size.width > 20  # the message has its own line; the text box keeps its room
        await pilot.click("#filter-regex")
        await wait_until(lambda: not error.has_class("-shown"))


async def test_the_text_filter_finds_what_the_rows_show(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        feed(app, [*messages(3), *refusals(range(1, 3), 3.0)])
        await pilot.press("ctrl+f")
        log = app.query_one(LogView)
        for typed, rows in (("Nowhere", 3), ("retry", 1), ("in 3 s", 1), ("m1", 1), ("text 2 B", 3)):
            app.query_one("#filter-text", Input).value = typed
            await wait_until(lambda rows=rows: log.row_count == rows)


async def test_ctrl_f_goes_back_to_the_filter_text_when_the_bar_is_open(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        feed(app, messages(3))
        await pilot.press("ctrl+f")
        text = app.query_one("#filter-text", Input)
        await wait_until(lambda: text.has_focus)
        await pilot.press("f6")
        await wait_until(lambda: app.query_one(LogView).has_focus)
        await pilot.press("ctrl+f", "t")
        await wait_until(lambda: text.has_focus)
        assert text.value == "t"
        assert not app.query_one(LogView).relative  # the letter did not go to the log's keys


async def test_the_folded_retry_row_is_redrawn_with_the_latest_attempt(paths):
    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        feed(app, refusals(range(1, 3), 3.0))
        log = app.query_one(LogView)
        await wait_until(lambda: log.row_count == 3)
        await pilot.pause(0.1)
        assert "attempt 3 in 3 s" in row_text(log, 2)
        feed(app, refusals(range(3, 25), 2.0))
        await wait_until(lambda: "attempt 25 in 2 s" in row_text(log, 2))
        assert log.row_count == 3


async def test_a_steady_rate_is_not_drawn_like_no_traffic(paths):
    import time

    from textual.widgets import Sparkline

    app = make_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        now = int(time.time())
        client = "Root/Demo/Ticker/WebsocketClient"
        feed(
            app,
            [Event(client, "recv", {"type": "text", "data": "t", "size": 1}, now - k + 0.5) for k in range(70, -3, -1)],
        )
        await pilot.press("f8")
        await wait_until(lambda: bool(app.screen.query(Sparkline)))
        spark = app.screen.query_one(Sparkline)
        await wait_until(lambda: len(spark.data or []) > 30)
        await pilot.pause(0.1)
        drawn = spark.render_line(0).text
        assert drawn.count("█") > len(drawn) // 2, drawn  # a steady 1/s is a full bar, not the floor

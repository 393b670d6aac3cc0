"""A diff in the log viewer: A's entries with each difference marked; n / N jump between them."""

from __future__ import annotations

from pathlib import Path

from app.log.diff import diff_recordings
from app.log.diff_view import DIFF_KIND, annotated
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.log.view import LogView
from tests.helpers.common import LOCAL
from tests.helpers.recordings import message

SIZE = (120, 40)


def recordings() -> tuple[list, list]:
    a = [message("recv", f'{{"n": {n}}}', 100.0 + n) for n in range(60)]
    b = list(a)
    b[10] = message("recv", '{"n": 1000}', 110.0)  # changed
    del b[40]  # missing
    b.append(message("recv", "late", 200.0))  # extra, after the last
    return a, b


def test_the_differences_sit_after_the_messages_they_are_about():
    a, b = recordings()
    shown = annotated(a, diff_recordings(a, b))
    marks = [(n, e.extra["reason"]) for n, e in enumerate(shown) if e.event == DIFF_KIND]
    assert marks == [
        (11, "changed #11 recv: $.n: 10 → 1000; B has text '{\"n\": 1000}'"),
        (42, "missing from B: #41 recv above"),
        (62, "extra in B: #60 recv text 'late'"),
    ]
    assert [e for e in shown if e.event != DIFF_KIND] == a


async def test_n_and_shift_n_jump_between_the_differences(paths, tmp_path: Path):
    a, b = recordings()
    config = SessionConfig(
        paths=paths,
        local_user=LOCAL,
        open_recording=tmp_path / "a.jsonl",
        shown_events=annotated(a, diff_recordings(a, b)),
        title="Diff: a.jsonl against b.jsonl",
    )
    app = InspectorApp(Session(config))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        log = app.query_one(LogView)
        assert str(log.border_title) == "Diff: a.jsonl against b.jsonl"
        rows = []
        for key in ["n", "n", "n", "n", "N", "N"]:
            await pilot.press(key)
            rows.append(log.cursor)
        assert rows == [11, 42, 62, 11, 62, 42]
        assert log.event_at(42).event == DIFF_KIND
        assert log.scroll_y <= 42 < log.scroll_y + log.scrollable_content_region.height  # in view


async def test_n_without_differences_says_so(paths, tmp_path: Path):
    a, _ = recordings()
    config = SessionConfig(paths=paths, local_user=LOCAL, open_recording=tmp_path / "a.jsonl", shown_events=a)
    app = InspectorApp(Session(config))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        await pilot.press("n")
        await pilot.pause()
        assert app.query_one(LogView).cursor is None
        assert [n.message for n in app._notifications] == ["No differences in the log."]

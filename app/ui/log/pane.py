"""The log area: the filter bar over the log view, and what acts on them (detail, statistics, export)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from app.log.diff_view import DIFF_KIND
from app.log.events import Event
from app.log.filter import FilterError, senders
from app.log.recording import to_jsonl
from app.log.script import connections_by_client
from app.model import Component
from app.session import Session
from app.store.atomic import write_atomic
from app.ui.dialogs.replay_screen import ReplayRequest, ReplayScreen, run_replay
from app.ui.log.detail_screen import DetailScreen
from app.ui.log.export_screen import ExportScreen
from app.ui.log.filter_bar import FilterBar
from app.ui.log.stats_screen import StatsScreen
from app.ui.log.view import LogView
from app.ui.send.saved_picker import SavedChoice, SavedPicker, saved_messages, use_saved
from app.ui.send.send_bar import SendBar


class LogPane(Vertical):
    ALLOW_MAXIMIZE = True  # F5 zooms it

    BINDINGS = [
        Binding("n", "jump_difference(1)", "Next difference", show=False),
        Binding("N", "jump_difference(-1)", "Previous difference", show=False),
        Binding("ctrl+r", "replay", "Replay"),
    ]

    def __init__(
        self,
        session: Session,
        *,
        last_key: Callable[[], float] = lambda: 0.0,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self._last_key = last_key  # when the last key was pressed: the log draws a key's change first

    def compose(self) -> ComposeResult:
        yield FilterBar(id="filter-bar")
        yield LogView(self.session.log, last_key=self._last_key, id="log")

    @property
    def view(self) -> LogView:
        return self.query_one(LogView)

    @property
    def bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    # --- filter -------------------------------------------------------------------------
    def open_filter(self) -> None:
        """Ctrl+F opens the bar, or, when it is open, goes back to its text (Escape closes it): a
        second Ctrl+F that closed it sent the next letters to the log's keys."""
        bar = self.bar
        if not bar.has_class("-shown"):
            bar.set_clients(list(self.session.stats.clients))
            running = {b.component.path for b in self.session.connections.behaviours.values()}
            bar.set_senders(senders(self.session.log.entries) | running)
            bar.add_class("-shown")
            bar.show_count(self.view.row_count, len(self.session.log))
        bar.query_one("#filter-text").focus()

    def _close_filter(self) -> None:
        self.bar.remove_class("-shown")
        self.view.focus()

    def on_filter_bar_closed(self, event: FilterBar.Closed) -> None:
        self._close_filter()

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        try:
            shown = self.view.set_filter(event.filter)
        except FilterError as exc:
            self.bar.show_error(str(exc))
            return
        self.bar.show_error("")
        self.bar.show_count(shown, len(self.session.log))

    def on_log_view_filter_slow(self, event: LogView.FilterSlow) -> None:
        for bar in self.query(FilterBar):
            bar.show_slow(event.reason)

    def on_log_view_counted(self, event: LogView.Counted) -> None:
        for bar in self.query(FilterBar):  # none while the app shuts down
            if bar.has_class("-shown"):  # a hidden bar is brought up to date when it opens
                bar.show_count(event.shown, event.total)

    # --- a diff (`ws-inspector diff A B --open`) ------------------------------------------
    def action_jump_difference(self, step: int) -> None:
        """Select the next (or previous) difference, going round at the end."""
        view = self.view
        count = view.row_count
        current = view.cursor if view.cursor is not None else (-1 if step > 0 else count)
        for offset in range(1, count + 1):
            row = (current + step * offset) % count
            event = view.event_at(row)
            if event is not None and event.event == DIFF_KIND:
                view.action_cursor(0)  # a cursor to move, if there was none
                view.action_cursor(row - (view.cursor or 0))
                return
        self.notify("No differences in the log.", markup=False)

    # --- replay what the recording viewer shows -----------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.session.read_only if action == "replay" else True

    def action_replay(self) -> None:
        view = self.view
        scripts = connections_by_client(view.shown_events() if view.filter.active else self.session.log.entries)
        sends = sum(len(c.sends()) for connections in scripts.values() for c in connections)
        if not scripts:
            self.notify("Nothing to replay: no messages are shown.", markup=False)
            return

        def say(text: str, failed: bool) -> None:
            self.notify(text, severity="error" if failed else "information", markup=False)

        def chosen(request: ReplayRequest | None) -> None:
            if request is not None:
                self.run_worker(run_replay(scripts, request, self.session.sink.emit, say), exclusive=False)

        self.app.push_screen(ReplayScreen(sends), chosen)

    # --- saved messages ---------------------------------------------------------------------
    def pick_saved(self, first_for: Component | None) -> None:
        """The saved messages picker; those of `first_for` (the send bar's client) first."""
        connections = self.session.connections

        async def chosen(choice: SavedChoice | None) -> None:
            if choice is not None:
                await use_saved(choice, connections, self.screen.query_one(SendBar))

        self.app.push_screen(SavedPicker(saved_messages(self.session.scene, first_for)), chosen)

    # --- detail, statistics, export -----------------------------------------------------
    def on_log_view_open_detail(self, event: LogView.OpenDetail) -> None:
        self.app.push_screen(DetailScreen(event.event))

    def show_stats(self) -> None:
        session = self.session

        def idle_left(client: str) -> float | None:
            component = session.scene.find_component(client)
            worker = session.connections.worker_for(component) if component is not None else None
            return worker.idle_remaining() if worker is not None else None

        self.app.push_screen(StatsScreen(session.stats, idle_left, live=not session.read_only))

    def export(self) -> None:
        view = self.view

        async def write(path: Path, events: list[Event]) -> None:
            try:  # encoding and fsync of a big log take seconds: not on the interface's loop
                await asyncio.to_thread(lambda: write_atomic(path, to_jsonl(events)))
            except OSError as exc:
                self.notify(f"Export failed: {path}: {exc.strerror or exc}", severity="error", markup=False)
                return
            self.notify(f"Exported {len(events):,} entries to {path}", markup=False)

        def chosen(answer: tuple[Path, bool] | None) -> None:
            if answer is None:
                return
            path, filtered = answer
            events = list(view.shown_events() if filtered else self.session.log.entries)
            self.notify(f"Exporting {len(events):,} entries to {path}…", markup=False)
            self.run_worker(write(path, events), exclusive=False)

        folder = self.session.config.paths.export_dir
        self.app.push_screen(ExportScreen(filtered=view.filter.active, folder=folder), chosen)

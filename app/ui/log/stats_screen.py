"""Live statistics per client: rates each way with a sparkline of the last minute, totals,
time connected, reconnects, and how long until the idle timeout."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Sparkline, Static

from app.log.stats import ClientStats, Statistics
from app.ui.log.format import short_client
from app.ui.safe_text import safe


def human_bytes(value: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def duration(seconds: float) -> str:
    s = int(max(0, seconds))
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def describe_stats(stats: ClientStats, now: float, idle_left: float | None) -> Text:
    second = int(now)
    rin, bin_ = stats.received.rate(second)
    rout, bout = stats.sent.rate(second)
    text = Text()
    text.append(f"↓ {rin:,.0f} msg/s  {human_bytes(bin_)}/s", style="bold")
    text.append(f"   ↑ {rout:,.0f} msg/s  {human_bytes(bout)}/s\n", style="bold")
    text.append(f"total ↓ {stats.received.messages:,} msg, {human_bytes(stats.received.bytes)}")
    text.append(f"   ↑ {stats.sent.messages:,} msg, {human_bytes(stats.sent.bytes)}\n")
    text.append(f"connected for {duration(stats.connected_for(now))}   reconnects {stats.reconnects}")
    if idle_left is not None:
        text.append(f"   idle timeout in {max(0.0, idle_left):.1f} s")
    return text


class ClientStatsView(Vertical):
    def __init__(self, client: str) -> None:
        super().__init__(classes="client-stats")
        self.client = client

    def compose(self) -> ComposeResult:
        yield Static(safe(short_client(self.client), style="bold"), classes="stats-title")
        yield Static("", classes="stats-figures")
        yield Sparkline([0], classes="stats-spark")

    def show(self, stats: ClientStats, now: float, idle_left: float | None) -> None:
        self.query_one(".stats-figures", Static).update(describe_stats(stats, now, idle_left))
        # The scale starts at zero: Textual's sparkline spans the data's own minimum to maximum,
        # which drew a steady 1 message a second as the same flat line as no traffic at all.
        self.query_one(Sparkline).data = [0, *stats.received.series(int(now))]


class StatsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(
        self,
        statistics: Statistics,
        idle_left: Callable[[str], float | None],
        live: bool = True,
    ) -> None:
        super().__init__()
        self.statistics = statistics
        self.idle_left = idle_left
        self.live = live

    def compose(self) -> ComposeResult:
        with Vertical(id="stats"):
            yield Static(Text("Statistics (sparkline: messages received per second, last minute)"), id="stats-title")
            yield VerticalScroll(id="stats-list")

    def on_mount(self) -> None:
        self.refresh_stats()
        if self.live:
            self.set_interval(0.5, self.refresh_stats)

    def refresh_stats(self) -> None:
        now = time.time() if self.live else self.statistics.latest_ts + 1
        listing = self.query_one("#stats-list", VerticalScroll)
        views = {view.client: view for view in listing.query(ClientStatsView)}
        for client, stats in sorted(self.statistics.clients.items()):
            if client == "app":
                continue
            view = views.get(client)
            if view is None:
                view = ClientStatsView(client)
                listing.mount(view)
                self.call_after_refresh(view.show, stats, now, self.idle_left(client))
            else:
                view.show(stats, now, self.idle_left(client))

    def action_close(self) -> None:
        self.dismiss(None)

"""The filter bar over the log: text or regex, client, direction, kind, and the match count."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Label, Select, Static

from app.log.events import EVENT_KINDS
from app.log.filter import ANY_BEHAVIOUR, LogFilter
from app.ui.log.format import kind_words, short_client
from app.ui.safe_text import safe
from app.ui.widgets.quiet_update import show_text
from app.ui.widgets.safe_input import SafeInput

ALL = ""


TYPING_PAUSE = 0.15  # seconds


class FilterBar(Vertical):
    """Two lines, so that the text keeps room at 80 columns: the text, regex and the count; then the
    client, direction and kind. A refused regular expression is said on a third line."""

    _typing: Timer | None = None

    BINDINGS = [Binding("escape", "close", "Close filter", show=False)]

    class Changed(Message):
        def __init__(self, bar: FilterBar, log_filter: LogFilter) -> None:
            super().__init__()
            self.bar = bar
            self.filter = log_filter

        @property
        def control(self) -> FilterBar:
            return self.bar

    class Closed(Message):
        pass

    def compose(self) -> ComposeResult:
        with Horizontal(classes="filter-line"):
            yield SafeInput(placeholder="filter: text, or a regular expression", id="filter-text")
            yield Checkbox("regex", id="filter-regex")
            yield Label("", id="filter-count")
        with Horizontal(classes="filter-line"):
            yield Select([("all clients", ALL)], value=ALL, allow_blank=False, id="filter-client")
            yield Select(
                [
                    ("all directions", ALL),
                    ("received", "received"),
                    ("sent", "sent"),
                    ("connection events", "connection"),
                ],
                value=ALL,
                allow_blank=False,
                id="filter-direction",
            )
            yield Select(
                [("all kinds", ALL), *[(kind_words(kind), kind) for kind in EVENT_KINDS]],
                value=ALL,
                allow_blank=False,
                id="filter-kind",
            )
            yield Select(
                [("anyone", ALL), ("any behaviour", ANY_BEHAVIOUR)], value=ALL, allow_blank=False, id="filter-by"
            )
        yield Static("", id="filter-error")

    def set_clients(self, clients: list[str]) -> None:
        options = [(Text("all clients"), ALL)] + [(safe(short_client(c)), c) for c in sorted(clients)]
        _set_choices(self.query_one("#filter-client", Select), options)

    def set_senders(self, behaviours: set[str]) -> None:
        """The choices for "sent by": anyone, any behaviour, or one behaviour (by its path)."""
        options = [(Text("anyone"), ALL), (Text("any behaviour"), ANY_BEHAVIOUR)] + [
            (safe("by " + short_client(path)), path) for path in sorted(behaviours)
        ]
        _set_choices(self.query_one("#filter-by", Select), options)

    def current(self) -> LogFilter:
        client = self.query_one("#filter-client", Select).value
        kind = self.query_one("#filter-kind", Select).value
        return LogFilter(
            text=self.query_one("#filter-text", Input).value,
            regex=self.query_one("#filter-regex", Checkbox).value,
            clients=frozenset({client}) if isinstance(client, str) and client else frozenset(),
            direction=str(self.query_one("#filter-direction", Select).value or ""),
            kinds=frozenset({kind}) if isinstance(kind, str) and kind else frozenset(),
            by=str(self.query_one("#filter-by", Select).value or ""),
        )

    _slow = ""  # why the text is not being searched (too slow), until the filter changes

    def show_count(self, shown: int, total: int) -> None:
        count = f"{shown:,} of {total:,}"
        if self._slow:
            count += f" · ✗ {self._slow}: the text is not searched; change it"
        show_text(self.query_one("#filter-count", Label), safe(count))  # every frame in a flood

    def show_slow(self, reason: str) -> None:
        self._slow = reason
        self.query_one("#filter-count", Label).update(safe(f"✗ {reason}: the text is not searched; change it"))

    def show_error(self, message: str) -> None:
        """Said on a line of its own (beside the text it squeezed the text box to 3 columns)."""
        error = self.query_one("#filter-error", Static)
        error.update(safe(f"✗ {message} (keeping the last good filter)" if message else ""))
        error.set_class(bool(message), "-shown")

    def _changed(self) -> None:
        self._slow = ""
        if self.has_class("-shown"):
            self.post_message(self.Changed(self, self.current()))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing re-filters the whole buffer, so wait for a pause in the typing."""
        event.stop()
        if self._typing is not None:
            self._typing.stop()
        self._typing = self.set_timer(TYPING_PAUSE, self._changed)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._changed()

    def action_close(self) -> None:
        self.post_message(self.Closed())


def _set_choices(select: Select[str], options: list[tuple[Text, str]]) -> None:
    """New choices, keeping the current one when it is still offered."""
    current = select.value
    with select.prevent(Select.Changed):
        select.set_options(options)
        select.value = current if current in {value for _label, value in options} else ALL

"""Replay what the recording viewer shows (all of it, or the filtered entries) to a URL:
the same replay as `ws-inspector replay`, its events added to the log and, if asked, recorded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from app.log.events import Event
from app.log.recorder import Recorder, RecorderError
from app.log.script import Connection
from app.model import FieldError
from app.model.fields.scalar import FloatType, UriType
from app.net.replay import ReplayFailed, ReplayOptions, replay
from app.ui.widgets.safe_input import SafeInput


@dataclass(frozen=True)
class ReplayRequest:
    url: str
    options: ReplayOptions
    record: Path | None


class ReplayScreen(ModalScreen[ReplayRequest | None]):
    """Asks where to, at what pace, and where to record; answers a ReplayRequest or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, messages: int) -> None:
        super().__init__()
        self.messages = messages

    def compose(self) -> ComposeResult:
        default = f"ws-inspector-replay-{datetime.now():%Y%m%d-%H%M%S}.jsonl"
        with Vertical(id="replay"):
            yield Static(Text(f"Replay the {self.messages:,} sent message(s) shown to a URL"), id="replay-title")
            yield SafeInput(placeholder="ws://127.0.0.1:9000/", id="replay-url")
            yield SafeInput("1", placeholder="speed: 2 is twice as fast as recorded", id="replay-speed")
            yield Checkbox("in step: before each send, wait for the replies the recording had", id="replay-in-step")
            yield SafeInput(default, placeholder="record the replay to (empty: do not record)", id="replay-record")
            yield Static(Text("Enter starts; Escape cancels. The replay's events join the log."), id="replay-keys")

    def on_mount(self) -> None:
        self.query_one("#replay-url", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            url = UriType().parse(self.query_one("#replay-url", Input).value)
            if not url:
                raise FieldError("give the URL to replay to")
            speed = FloatType(minimum=0.01).parse(self.query_one("#replay-speed", Input).value)
            record_text = self.query_one("#replay-record", Input).value.strip()
            record = Path(record_text).expanduser() if record_text else None
        except (FieldError, RuntimeError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        in_step = self.query_one(Checkbox).value
        self.dismiss(ReplayRequest(url, ReplayOptions(speed=speed, in_step=in_step), record))

    def action_cancel(self) -> None:
        self.dismiss(None)


async def run_replay(
    scripts: dict[str, list[Connection]],
    request: ReplayRequest,
    emit: Callable[[Event], None],
    notify: Callable[[str, bool], None],
) -> None:
    """Replay, recording if asked; `notify(text, failed)` says how it ended."""
    recorder: Recorder | None = None
    if request.record is not None:
        try:
            recorder = Recorder(request.record)
        except RecorderError as exc:
            notify(str(exc), True)
            return

    def both(event: Event) -> None:
        emit(event)
        if recorder is not None:
            recorder.write(event)

    try:
        sent = await replay(scripts, request.url, request.options, both)
    except ReplayFailed as exc:
        notify(f"Replay stopped: {exc}", True)
    else:
        recorded = f"; recorded to {request.record}" if request.record is not None else ""
        notify(f"Replayed {sent} sent message(s) to {request.url}{recorded}", False)
    finally:
        if recorder is not None:
            recorder.close()

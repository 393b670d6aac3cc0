"""The app's base, for what no caller should have to remember: every toast and title escaped,
and the time of every key press kept (a dialog a server opens must not take typed keys)."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.notifications import SeverityLevel

from app.ui.dialogs.typing_guard import TypingGuard
from app.ui.safe_text import escape_controls


class GuardedApp(App[int]):
    """Toasts quote hosts, paths and error messages, titles quote file names: never markup,
    control characters escaped (README, Reliability: hostile local input)."""

    def __init__(self) -> None:
        super().__init__()
        self.typing = TypingGuard()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:  # once, not again as it bubbles
            self.typing.key_pressed()  # before any widget or dialog handles it
        await super().on_event(event)

    def validate_title(self, title: object) -> str:
        return escape_controls(str(title))

    def validate_sub_title(self, sub_title: object) -> str:
        return escape_controls(str(sub_title))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        super().notify(
            escape_controls(message), title=escape_controls(title), severity=severity, timeout=timeout, markup=False
        )

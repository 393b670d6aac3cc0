"""The app's base: every toast and title is escaped here, so no caller has to remember to."""

from __future__ import annotations

from textual.app import App
from textual.notifications import SeverityLevel

from app.ui.safe_text import escape_controls


class SafeTextApp(App[int]):
    """Toasts quote hosts, paths and error messages, titles quote file names: never markup,
    control characters escaped (README, Reliability: hostile local input)."""

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

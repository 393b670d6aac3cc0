"""Tells a deliberate key from typing, for dialogs a server can open at any moment (README, Keys)."""

from __future__ import annotations

import math
import time

ARMING_DELAY = 0.5  # seconds a dialog is shown before its letter keys act
KEY_PAUSE = 0.5  # seconds without a key press before a letter key counts as an answer


class TypingGuard:
    """The times of the last two key presses, recorded before any widget sees the key."""

    def __init__(self) -> None:
        self.last = -math.inf
        self.previous = -math.inf

    def key_pressed(self, now: float | None = None) -> None:
        self.previous, self.last = self.last, time.monotonic() if now is None else now

    def deliberate(self, shown_since: float) -> bool:
        """Whether the key being handled came after the dialog had been seen and after a pause:
        a letter typed for the send bar when the dialog popped up does not answer it."""
        return self.last - shown_since >= ARMING_DELAY and self.last - self.previous >= KEY_PAUSE

    def would_be_deliberate(self, shown_since: float, now: float | None = None) -> bool:
        """Whether a key pressed now would count."""
        now = time.monotonic() if now is None else now
        return now - shown_since >= ARMING_DELAY and now - self.last >= KEY_PAUSE

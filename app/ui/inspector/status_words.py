"""A worker's state in the words the card's status line shows."""

from __future__ import annotations

import time

from app.net.connection.worker_state import StateKind, WorkerState, printable
from app.ui.log.stats_screen import duration

FIXED_WORDS = {
    StateKind.DISABLED: "disabled",
    StateKind.INACTIVE: "disabled (slot inactive)",
    StateKind.NO_URL: "disconnected (no URL)",
    StateKind.DENIED: "denied",
    StateKind.HELD: "disconnected",
    StateKind.ASKING: "waiting for host access",
}


def state_words(state: WorkerState, now: float | None = None) -> str:
    now = time.monotonic() if now is None else now
    kind = state.kind
    if kind is StateKind.CONNECTED:
        words = f"connected for {duration(now - state.since)}"
        return words + (f" · subprotocol {printable(state.detail)}" if state.detail else "")
    if kind is StateKind.WAITING:
        return f"retrying in {max(0.0, state.until - now):.1f} s"
    if kind is StateKind.CONNECTING:
        return f"connecting (attempt {state.attempt})"
    return state.why_not_connecting() or FIXED_WORDS[kind]  # no user, or another user's client

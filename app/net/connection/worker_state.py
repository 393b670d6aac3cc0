"""What a connection worker is doing: a kind and the few numbers the card's status line needs.
The words shown to people are the interface's business (app/ui/inspector/status_words.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StateKind(StrEnum):
    DISABLED = "disabled"  # Enabled is off
    INACTIVE = "inactive"  # a slot above is not Active
    NO_URL = "no_url"
    NO_USER = "no_user"  # HandlingUser is none
    OTHER_USER = "other_user"  # another user handles it: only the handling user connects
    DENIED = "denied"  # host access denied: waits for a change or a Connect
    HELD = "held"  # Disconnect pressed, or not started yet
    ASKING = "asking"  # waiting for the Host Access dialog
    CONNECTING = "connecting"
    CONNECTED = "connected"
    WAITING = "waiting"  # ConnectRetryInterval before the next attempt


@dataclass(frozen=True)
class WorkerState:
    kind: StateKind
    attempt: int = 0
    since: float = 0.0  # monotonic time the connection opened
    until: float = 0.0  # monotonic time the next retry starts
    detail: str = ""  # the other user's name, for OTHER_USER; the subprotocol agreed, for CONNECTED

    def why_not_connecting(self) -> str:
        """For the log, when another user (or none) handles the client."""
        if self.kind is StateKind.NO_USER:
            return "disconnected (no handling user)"
        if self.kind is StateKind.OTHER_USER:
            return f"handled by another user ({printable(self.detail)})"
        return ""


def printable(text: str) -> str:
    """A user name from a file, for a status line: control characters dropped."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:64]

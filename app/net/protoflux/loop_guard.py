"""Stops a reply loop (README, "Behaviours"): a Reply on match whose own reply comes back and
matches again (an echo server), or two rules answering each other (two inspectors). Either way
the rule would reply for ever; the guard says so once, and the rule is disabled."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

ECHO_WINDOW = 5.0  # seconds a reply is remembered: its echo arriving within it is a loop
RUNAWAY_REPLIES = 50  # more replies than this within RUNAWAY_WINDOW is a loop
RUNAWAY_WINDOW = 1.0  # seconds


class LoopGuard:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._replies: deque[tuple[float, str | bytes]] = deque()

    def _forget_old(self, now: float) -> None:
        while self._replies and now - self._replies[0][0] > ECHO_WINDOW:
            self._replies.popleft()

    def loop_in(self, received: str) -> str | None:
        """Why answering `received` (which matched) would be a loop; None when it would not."""
        now = self.clock()
        self._forget_old(now)
        if any(reply == received for _at, reply in self._replies):
            return "its own reply came back and matched the Pattern again (an echo server?)"
        recent = sum(1 for at, _reply in self._replies if now - at <= RUNAWAY_WINDOW)
        if recent >= RUNAWAY_REPLIES:
            return f"it replied more than {RUNAWAY_REPLIES} times in {RUNAWAY_WINDOW:g} s (another rule answering it?)"
        return None

    def replied(self, reply: str | bytes) -> None:
        self._replies.append((self.clock(), reply))

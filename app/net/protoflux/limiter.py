"""At most 100 behaviour messages a second per client (README, "Behaviours"). One limiter per
client, shared by every behaviour that drives it. Excess messages are dropped, not queued: a
queue would only delay the flood and make it outlive its cause. The first drop of a burst is
logged; the rest of that burst is counted and reported when sending is allowed again."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from weakref import WeakKeyDictionary

MAX_PER_SECOND = 100
WINDOW = 1.0  # seconds


class RateLimiter:
    """A sliding window of the last second's sends."""

    def __init__(self, limit: int = MAX_PER_SECOND, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.clock = clock
        self._sent: deque[float] = deque()
        self.dropped = 0  # in the current burst

    def allow(self) -> bool:
        now = self.clock()
        while self._sent and now - self._sent[0] >= WINDOW:
            self._sent.popleft()
        if len(self._sent) >= self.limit:
            self.dropped += 1
            return False
        self._sent.append(now)
        return True

    def end_burst(self) -> int:
        """How many were dropped since the last allowed send (and start counting again)."""
        dropped, self.dropped = self.dropped, 0
        return dropped


_LIMITERS: WeakKeyDictionary[object, RateLimiter] = WeakKeyDictionary()


def limiter_for(link: object) -> RateLimiter:
    """The limiter of one client's worker (kept while the worker lives)."""
    limiter = _LIMITERS.get(link)
    if limiter is None:
        limiter = _LIMITERS[link] = RateLimiter()
    return limiter

"""Keep Python's full garbage collections out of the person's way.

A flooded log holds 100,000 entries; CPython's automatic full (generation 2) collection walks
every one of them and, in a flood, runs every second or two for 100-200 ms, freezing keys and
drawing. Here the automatic full collection is switched off and run instead when nobody has
pressed a key for a moment (and at least every two minutes), so the pause never meets a key.
Young collections (generations 0 and 1) stay automatic: they are quick and catch most cycles.
"""

from __future__ import annotations

import gc
import time

FULL_EVERY = 30.0  # seconds between full collections, when the person is idle
FULL_AT_MOST = 120.0  # a full collection at least this often, idle or not
IDLE_FOR = 1.5  # seconds without a key press that count as idle


class GcPolicy:
    def __init__(self) -> None:
        self.last_full = time.monotonic()
        self.last_key = 0.0
        self.saved_threshold: tuple[int, int, int] | None = None

    def start(self) -> None:
        """After start-up: what exists now lives for the whole run, so it leaves the GC's walks."""
        gc.collect()
        gc.freeze()
        self.saved_threshold = gc.get_threshold()
        gen0, gen1, _gen2 = self.saved_threshold
        gc.set_threshold(gen0, gen1, 1_000_000_000)

    def stop(self) -> None:
        if self.saved_threshold is not None:
            gc.set_threshold(*self.saved_threshold)
            gc.unfreeze()
            self.saved_threshold = None

    def key_pressed(self) -> None:
        self.last_key = time.monotonic()

    def tick(self) -> bool:
        """Called every second; returns True when it ran a full collection."""
        now = time.monotonic()
        since = now - self.last_full
        idle = now - self.last_key >= IDLE_FOR
        if (idle and since >= FULL_EVERY) or since >= FULL_AT_MOST:
            gc.collect()
            self.last_full = time.monotonic()
            return True
        return False

"""SIGTERM (a logout, `kill`) and SIGHUP (the terminal closed) end the app as Ctrl+Q does: the
scene saved, the recording flushed, sockets closed, the terminal put back (README, Faults)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable

QUIT_SIGNALS = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


def install(on_signal: Callable[[str], None]) -> None:
    """Call `on_signal(signal name)` on the running loop when one of the signals arrives."""
    loop = asyncio.get_running_loop()
    for number in QUIT_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # e.g. Windows
            loop.add_signal_handler(number, on_signal, signal.Signals(number).name)


def exit_anyway_after(seconds: float) -> None:
    """End the process if the orderly quit has not within `seconds`: after SIGHUP the terminal may
    be gone, and putting it back can block for ever. The caller has saved what matters first."""
    timer = threading.Timer(seconds, os._exit, args=(0,))
    timer.daemon = True
    timer.start()


def remove() -> None:
    loop = asyncio.get_running_loop()
    for number in QUIT_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(number)

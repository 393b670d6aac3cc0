"""One way to observe anything: `add` returns the function that takes the observer back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Observers(Generic[F]):
    """A list of callbacks. Every observer hears every notification, even when an earlier one
    raises; the first error is raised after all of them have run, so that one broken observer
    cannot hide a change from the others (the worker, the interface, autosave)."""

    __slots__ = ("_callbacks",)

    def __init__(self) -> None:
        self._callbacks: list[F] = []

    def add(self, callback: F) -> Callable[[], None]:
        self._callbacks.append(callback)

        def remove() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return remove

    def __bool__(self) -> bool:
        return bool(self._callbacks)

    def __len__(self) -> int:
        return len(self._callbacks)

    def notify(self, *args: Any) -> None:
        failure: Exception | None = None
        for callback in list(self._callbacks):
            try:
                callback(*args)
            except Exception as exc:  # noqa: BLE001 - every observer hears it; the first error is raised after
                failure = failure or exc
        if failure is not None:
            raise failure

"""Save shortly after every change, retrying when the disk refuses, without blocking."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from app.model import Change, Observers, Scene
from app.store.scene_file import SceneFile, SceneFileConflict


class Autosaver:
    def __init__(
        self,
        scene: Scene,
        scene_file: SceneFile,
        *,
        delay: float = 0.3,
        retry_delay: float = 5.0,
    ) -> None:
        self.scene = scene
        self.scene_file = scene_file
        self.delay = delay
        self.retry_delay = retry_delay
        self._error_observers: Observers[Callable[[str], None]] = Observers()
        self._move_observers: Observers[Callable[[SceneFile], None]] = Observers()
        self.failing = False
        self.last_error = ""  # why the last save failed, while `failing`
        self._handle: asyncio.TimerHandle | None = None
        self._unsubscribe = scene.observe(self._changed)

    def observe_errors(self, observer: Callable[[str], None]) -> Callable[[], None]:
        """Hear why a save failed (in words for the person); returns the unsubscribe."""
        return self._error_observers.add(observer)

    def observe_moves(self, observer: Callable[[SceneFile], None]) -> Callable[[], None]:
        """Hear of the file saves go to after another program changed the first one."""
        return self._move_observers.add(observer)

    def _changed(self, change: Change) -> None:
        if change.persisted:
            self.schedule(self.delay)

    def schedule(self, delay: float) -> None:
        if self._handle is not None:
            self._handle.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.save_now()
            return
        self._handle = loop.call_later(delay, self.save_now)

    def save_now(self) -> bool:
        """Save at once; on failure report it, keep the scene in memory and try again later."""
        self._handle = None
        try:
            wrote = self.scene_file.save(self.scene)
        except SceneFileConflict as exc:
            return self._move_aside(str(exc))
        except OSError as exc:
            self.failing = True
            self.last_error = f"Cannot save the scene to {self.scene_file.path}: {exc.strerror or exc}."
            self._error_observers.notify(
                f"{self.last_error} It is kept in memory; retrying every {self.retry_delay:g} s."
            )
            self.schedule(self.retry_delay)
            return False
        if wrote or self.failing:
            self.failing = False
        return True

    def _move_aside(self, conflict: str) -> bool:
        """Leave the other program's file alone and save this session's scene beside it."""
        self.scene_file = self.scene_file.sibling_for_recovery()
        self._error_observers.notify(
            f"{conflict} It is left as it is; this session's scene is saved to {self.scene_file.path}."
        )
        self._move_observers.notify(self.scene_file)
        return self.save_now()

    def close(self) -> bool:
        """Stop observing and write any pending change."""
        self._unsubscribe()
        if self._handle is not None:
            self._handle.cancel()
        return self.save_now()

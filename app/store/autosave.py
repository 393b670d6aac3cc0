"""Save shortly after every change, retrying when the disk refuses, without blocking."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from app.model import Change, Scene
from app.store.scene_file import SceneFile


class Autosaver:
    def __init__(
        self,
        scene: Scene,
        scene_file: SceneFile,
        *,
        delay: float = 0.3,
        retry_delay: float = 5.0,
        on_error: Callable[[str], None] | None = None,
        on_saved: Callable[[SceneFile], None] | None = None,
    ) -> None:
        self.scene = scene
        self.scene_file = scene_file
        self.delay = delay
        self.retry_delay = retry_delay
        self.on_error = on_error
        self.on_saved = on_saved
        self.failing = False
        self._handle: asyncio.TimerHandle | None = None
        self._unsubscribe = scene.observe(self._changed)

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
        except OSError as exc:
            self.failing = True
            if self.on_error is not None:
                reason = exc.strerror or str(exc)
                self.on_error(
                    f"Cannot save the scene to {self.scene_file.path}: {reason}. "
                    f"It is kept in memory; retrying every {self.retry_delay:g} s."
                )
            self.schedule(self.retry_delay)
            return False
        if wrote or self.failing:
            self.failing = False
            if self.on_saved is not None:
                self.on_saved(self.scene_file)
        return True

    def close(self) -> bool:
        """Stop observing and write any pending change."""
        self._unsubscribe()
        if self._handle is not None:
            self._handle.cancel()
        return self.save_now()

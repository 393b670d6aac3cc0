"""One worker per WebsocketClient in a scene, created and ended as the scene changes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from app.log.events import Event
from app.model import Change, Component, Scene, Slot, WebsocketClient
from app.net.host_access import HostAccess
from app.net.worker import ConnectionWorker, WorkerOptions


class SceneConnections:
    def __init__(
        self,
        scene: Scene,
        emit: Callable[[Event], None],
        access: HostAccess,
        options: WorkerOptions | None = None,
    ) -> None:
        self.scene = scene
        self.emit = emit
        self.access = access
        self.options = options or WorkerOptions()
        self.workers: dict[Component, ConnectionWorker] = {}
        self.on_worker_added: list[Callable[[ConnectionWorker], None]] = []
        self._ending: set[asyncio.Task[None]] = set()
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        """Start a worker for every client; must run inside the event loop."""
        self._unsubscribe = self.scene.observe(self._changed)
        for component in self.scene.components():
            self._add(component)

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        workers, self.workers = list(self.workers.values()), {}
        await asyncio.gather(*(w.stop() for w in workers), *self._ending, return_exceptions=True)

    def worker_for(self, component: Component) -> ConnectionWorker | None:
        return self.workers.get(component)

    def _changed(self, change: Change) -> None:
        target = change.target
        if change.kind == "added":
            for component in _components_under(target):
                self._add(component)
            # a second component of a type renumbers its siblings' paths
            if isinstance(target, Component) and target.slot is not None:
                self._hierarchy_changed(target.slot.components)
        elif change.kind == "removed":
            for component in _components_under(target):
                self._end(component)
            if isinstance(target, Component) and target.slot is not None:
                # once it has gone, a second component of its type takes its path: refresh after
                siblings = [c for c in target.slot.components if c is not target]
                asyncio.get_running_loop().call_soon(self._hierarchy_changed, siblings)
        elif change.kind in ("slot", "moved"):
            assert isinstance(target, Slot)
            self._hierarchy_changed(_components_under(target))

    def _hierarchy_changed(self, components: list[Component]) -> None:
        for component in components:
            worker = self.workers.get(component)
            if worker is not None:
                worker.hierarchy_changed()

    def _add(self, component: Component) -> None:
        if not isinstance(component, WebsocketClient) or component in self.workers:
            return
        worker = ConnectionWorker(component, self.emit, self.access, self.options)
        self.workers[component] = worker
        for callback in self.on_worker_added:
            callback(worker)
        worker.start()

    def _end(self, component: Component) -> None:
        worker = self.workers.pop(component, None)
        if worker is None:
            return
        task = asyncio.get_running_loop().create_task(worker.stop())
        self._ending.add(task)
        task.add_done_callback(self._ending.discard)


def _components_under(target: Slot | Component) -> list[Component]:
    if isinstance(target, Component):
        return [target]
    return [c for slot in target.walk() for c in slot.components]

"""One worker per client in a scene and one behaviour per behaviour component, created, wired and
ended as the scene changes. The registry (app/net/behaviours.py) says which type is which."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from app.log.events import Event
from app.model import Change, ChangeKind, Component, Scene, Slot
from app.net.behaviours import CLIENT_FIELD, REGISTRY, Behaviour, BehaviourRegistry, client_of
from app.net.connection.options import WorkerOptions
from app.net.connection.worker import ConnectionWorker
from app.net.host_access import HostAccess


class SceneConnections:
    def __init__(
        self,
        scene: Scene,
        emit: Callable[[Event], None],
        access: HostAccess,
        options: WorkerOptions | None = None,
        registry: BehaviourRegistry = REGISTRY,
        emit_batch: Callable[[list[Event]], None] | None = None,  # a flood's batches (EventSink.emit_batch)
    ) -> None:
        self.scene = scene
        self.emit = emit
        self.emit_batch = emit_batch
        self.access = access
        self.options = options or WorkerOptions()
        self.registry = registry
        self.workers: dict[int, ConnectionWorker] = {}  # by component id
        self.behaviours: dict[int, Behaviour] = {}
        self._ending: set[asyncio.Task[None]] = set()
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        """Start a worker for every client; must run inside the event loop."""
        self._unsubscribe = self.scene.observe(self._changed)
        for component in self.scene.components():
            self._add(component)
        self._wire()

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        for behaviour in self.behaviours.values():
            behaviour.stop()
        self.behaviours = {}
        workers, self.workers = list(self.workers.values()), {}
        await asyncio.gather(*(w.stop() for w in workers), *self._ending, return_exceptions=True)

    def worker_for(self, component: Component) -> ConnectionWorker | None:
        return self.workers.get(component.id)

    def behaviour_for(self, component: Component) -> Behaviour | None:
        return self.behaviours.get(component.id)

    def show_control_frames(self, shown: bool) -> None:
        """Log every client's ping, pong and close frames from now on (or stop)."""
        self.options.control_frames = shown
        for worker in self.workers.values():
            worker.show_control_frames(shown)

    def _changed(self, change: Change) -> None:
        target, kind = change.target, change.kind
        if kind is ChangeKind.ADDED:
            for component in _components_under(target):
                self._add(component)
            # a second component of a type renumbers its siblings' paths
            if isinstance(target, Component) and target.slot is not None:
                self._hierarchy_changed(target.slot.components)
            self._wire()
        elif kind is ChangeKind.REMOVED:
            for component in _components_under(target):
                self._end(component)
            # once it has gone, a second component of its type takes its path (and clients change)
            loop = asyncio.get_running_loop()
            if isinstance(target, Component) and target.slot is not None:
                siblings = [c for c in target.slot.components if c is not target]
                loop.call_soon(self._hierarchy_changed, siblings)
            loop.call_soon(self._wire)
        elif kind in (ChangeKind.SLOT, ChangeKind.MOVED):
            assert isinstance(target, Slot)
            self._hierarchy_changed(_components_under(target))
            if change.name in ("name", "") and self.behaviours:
                self._wire()  # a Client reference is a slot path
        elif kind is ChangeKind.FIELD and change.name == CLIENT_FIELD:
            self._wire()

    def _hierarchy_changed(self, components: list[Component]) -> None:
        for component in components:
            worker = self.workers.get(component.id)
            if worker is not None:
                worker.hierarchy_changed()
            behaviour = self.behaviours.get(component.id)
            if behaviour is not None:
                behaviour.hierarchy_changed()

    def _add(self, component: Component) -> None:
        if component.id in self.workers or component.id in self.behaviours:
            return
        if self.registry.owns_connection(component):
            worker = ConnectionWorker(component, self.emit, self.access, self.options, self.emit_batch)  # type: ignore[arg-type]
            self.workers[component.id] = worker
            worker.start()
        else:
            behaviour = self.registry.create(component, self.emit)
            if behaviour is not None:
                self.behaviours[component.id] = behaviour

    def _wire(self) -> None:
        """Hand each worker the behaviours that drive its client (in the scene's order)."""
        if not self.workers:
            return
        wired: dict[int, list[Behaviour]] = {cid: [] for cid in self.workers}
        for behaviour in self.behaviours.values():
            client = client_of(behaviour.component, self.registry)
            if client is not None and client.id in wired:
                wired[client.id].append(behaviour)
        for cid, worker in self.workers.items():
            found = tuple(wired[cid])
            if found != worker.behaviours:
                worker.set_behaviours(found)
        for behaviour in self.behaviours.values():
            client = client_of(behaviour.component, self.registry)
            behaviour.link = self.workers.get(client.id) if client is not None else None

    def _end(self, component: Component) -> None:
        behaviour = self.behaviours.pop(component.id, None)
        if behaviour is not None:
            behaviour.stop()
        worker = self.workers.pop(component.id, None)
        if worker is None:
            return
        task = asyncio.get_running_loop().create_task(worker.stop())
        self._ending.add(task)
        task.add_done_callback(self._ending.discard)


def _components_under(target: Slot | Component) -> list[Component]:
    if isinstance(target, Component):
        return [target]
    return [c for slot in target.walk() for c in slot.components]

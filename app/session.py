"""Everything one run of the app holds, wired together; no Textual here, so tests can drive it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import app.net.protoflux  # noqa: F401 - registers the ProtoFlux behaviours, in every run
from app.demo_scene import add_demo_slots
from app.log.buffer import LogBuffer
from app.log.events import Event, EventSink
from app.log.recorder import Recorder
from app.log.recording import LoadedRecording, read_recording, summarise_problems
from app.log.stats import Statistics
from app.model import (
    Scene,
    Slot,
    Users,
    WebsocketClient,
    WebsocketHandshake,
)
from app.net.connection.options import WorkerOptions
from app.net.connections import SceneConnections
from app.net.host_access import HostAccess, host_key
from app.net.servers.demo_server import DemoServer
from app.store.autosave import Autosaver
from app.store.paths import Paths
from app.store.scene_file import SceneFile, SceneFileError
from app.store.settings import Settings, SettingsFile
from app.store.unsaved import UnsavedWork

DEMO_IDLE_TIMEOUT = 15.0


@dataclass
class SessionConfig:
    paths: Paths = field(default_factory=Paths.default)
    scene_path: Path | None = None
    url: str | None = None
    retry_interval: float | None = None
    reason: str | None = None
    idle_timeout: float | None = None
    record: Path | None = None
    demo: bool = False
    local_user: str | None = None
    handshake_timeout: float = 10.0
    open_recording: Path | None = None
    shown_events: list[Event] | None = None  # with open_recording: show these instead of reading it (a diff)
    title: str | None = None  # of the read-only viewer, instead of the recording's name
    headless: bool = False  # `ws-inspector run`: a broken scene is an error, and the scene is never saved
    handshake: dict[str, Any] = field(default_factory=dict)  # WebsocketHandshake fields of the URL's client
    progress: Callable[[int, int], None] | None = None  # reading the recording: (bytes read, size)


class Session:
    """Loads files at construction (so the CLI can report problems before the UI starts);
    starts servers, workers and autosave in `start()` inside the running loop."""

    def __init__(self, config: SessionConfig) -> None:
        self.config = config
        self.notices: list[str] = []  # things the person must be told at start
        self.settings_file = SettingsFile(config.paths.settings_file)
        self.settings: Settings = self.settings_file.load()
        if self.settings_file.problems:
            self.notices.append(
                f"Settings file {self.settings_file.path}: "
                + "; ".join(self.settings_file.problems)
                + ". It is left untouched; defaults are used where it is wrong."
            )
        self.read_only = config.open_recording is not None
        self.recovered = False  # the scene file was broken: a new one was started beside it
        self.scene_file = SceneFile(config.scene_path or config.paths.scene_file)
        recording: LoadedRecording | None = None
        if config.shown_events is not None:
            recording = LoadedRecording(config.shown_events)
        elif config.open_recording is not None:
            recording = read_recording(config.open_recording, self.settings.log_limit, config.progress)
        if recording is not None:
            self.scene = Scene(Users(config.local_user))
        else:
            self.scene = self._load_scene(config)
        self.recorder = Recorder(config.record) if config.record and not self.read_only else None
        self.log = LogBuffer(max(self.settings.log_limit, len(recording.events) if recording else 0))
        self.stats = Statistics()
        self.sink = EventSink()
        self.sink.subscribe(self.log.append, self.log.extend)
        self.sink.subscribe(self.stats.add, self.stats.add_received)
        if self.recorder is not None:
            self.sink.subscribe(self.recorder.write, self.recorder.write_batch)
        self.access = HostAccess(self.settings.allowed_hosts)
        self.access.observe_grants(self._grants_changed)
        idle = config.idle_timeout
        if idle is None:
            idle = DEMO_IDLE_TIMEOUT if config.demo else self.settings.idle_timeout
        self.options = WorkerOptions(
            idle_timeout=idle,
            handshake_timeout=config.handshake_timeout,
            max_message_bytes=self.settings.max_message_bytes,
            proxy=self.settings.proxy or None,
        )
        self.connections = SceneConnections(
            self.scene, self.sink.emit, self.access, self.options, emit_batch=self.sink.emit_batch
        )
        self.demo_server: DemoServer | None = None
        self.start_slot: Slot | None = None  # the slot the first screen shows (see first_slot)
        self.autosaver: Autosaver | None = None
        self.unsaved: UnsavedWork | None = None
        self._flusher: asyncio.Task[None] | None = None
        if recording is not None:
            assert config.open_recording is not None
            for event in recording.events:
                self.sink.emit(event)
            if recording.problems:
                self.notices.append(summarise_problems(config.open_recording, recording.problems))
            if recording.left_out:
                self.notices.append(
                    f"{config.open_recording}: showing the last {len(recording.events):,} entries; the "
                    f"{recording.left_out:,} before them were left out (the log keeps {self.settings.log_limit:,})."
                )

    def _load_scene(self, config: SessionConfig) -> Scene:
        try:
            return self.scene_file.load(config.local_user)
        except SceneFileError as exc:
            if config.headless:
                raise
            broken = self.scene_file
            problem = f"Cannot use the scene file {broken.path}: {exc.summary()}. It is left untouched."
        earlier = broken.earlier_recovery(config.local_user)
        if earlier is not None:  # carry on with the work of the last start, not yet another empty scene
            self.scene_file, scene = earlier
            self.notices.append(
                f"{problem} This session carries on with {self.scene_file.path}, saved on an earlier start "
                f"with the same problem. Once {broken.path.name} is fixed it is used again; to keep this work "
                f"instead, copy {self.scene_file.path.name} over it. (Escape hides this.)"
            )
            return scene
        self.scene_file = broken.sibling_for_recovery()
        self.recovered = True
        self.notices.append(
            f"{problem} This session starts with an empty scene, saved now to {self.scene_file.path}; "
            f"the next start carries on with it while {broken.path.name} is broken, and "
            f"`ws-inspector --scene {self.scene_file.path}` opens it any time. (Escape hides this.)"
        )
        return Scene(Users(config.local_user))

    # --- lifecycle ---------------------------------------------------------------------
    async def start(self, before_connecting: Callable[[], Awaitable[None]] | None = None) -> None:
        """`before_connecting` runs once the command line's and the demo's slots are in the scene
        and before any connection starts (the interface draws its first screen there)."""
        if self.read_only:
            return
        if self.config.demo:
            self.demo_server = DemoServer(keepalive=self.options.idle_timeout / 3)
            await self.demo_server.start()
            self._add_demo_slot(self.demo_server)
        if self.config.url:
            self._add_url_slot(self.config.url)
        if not self.config.headless:
            self.autosaver = Autosaver(self.scene, self.scene_file)
            self.autosaver.observe_errors(self.notice)
            self.autosaver.observe_moves(self._scene_moved)
            self.unsaved = UnsavedWork(self.scene)  # from here on: the person's own work
            if self.recovered:
                self.autosaver.save_now()  # the file the notice names exists from the start
        if before_connecting is not None:
            await before_connecting()
        self.connections.start()
        if self.recorder is not None:
            self._flusher = asyncio.get_running_loop().create_task(self._flush_recording())

    async def stop(self) -> None:
        await self.connections.stop()
        if self.autosaver is not None:
            self.autosaver.close()
        if self.demo_server is not None:
            await self.demo_server.stop()
        if self._flusher is not None:
            self._flusher.cancel()
        if self.recorder is not None:
            self.recorder.close()

    def save_and_flush(self) -> None:
        """The scene and the recording on disk now, without waiting for the loop (a signal's quit)."""
        if self.autosaver is not None:
            self.autosaver.save_now()
        if self.recorder is not None:
            self.recorder.flush()

    def _scene_moved(self, scene_file: SceneFile) -> None:
        self.scene_file = scene_file

    def first_slot(self) -> Slot:
        """What the first screen shows: the client the command line asked for, a demo client with
        live traffic, the slot selected when this scene was last closed, or else the first slot
        with a component (the root when there is none)."""
        if self.start_slot is not None and self.start_slot.scene is self.scene:
            return self.start_slot
        last = self.settings.last_slots.get(str(self.scene_file.path))
        found = self.scene.find_slot(last) if last else None
        if found is not None:
            return found
        return next((slot for slot in self.scene.slots() if slot.components), self.scene.root)

    def remember_slot(self, slot: Slot) -> None:
        """Kept in the settings for the next run of this scene (only a persistent slot can come back)."""
        key = str(self.scene_file.path)
        if self.read_only or not slot.persistent_in_hierarchy or self.settings.last_slots.get(key) == slot.path:
            return
        self.settings.last_slots[key] = slot.path
        if self.settings_file.writable:
            self.save_settings()

    def notice(self, message: str) -> None:
        """A message for the person, from a layer that cannot show one itself."""
        self.sink.emit(Event("app", "error", {"reason": message}))

    # --- the non-persistent slots the command line adds ---------------------------------
    def _add_url_slot(self, url: str) -> None:
        slot = self.scene.root.add_child("Command line", persistent=False)
        client = WebsocketClient()
        client.set("HandlingUser", self.scene.users.local)
        client.set("URL", url)
        if self.config.retry_interval is not None:
            client.set("ConnectRetryInterval", self.config.retry_interval)
        if self.config.reason is not None:
            client.set("AccessReason", self.config.reason)
        self.access.grant_for_run(host_key(url))
        slot.attach_component(client)
        if self.config.handshake:
            handshake = WebsocketHandshake()
            for name, value in self.config.handshake.items():
                handshake.set(name, value)
            slot.attach_component(handshake)
        self.start_slot = slot

    def _add_demo_slot(self, server: DemoServer) -> None:
        grant = self.access.grant_for_run
        self.start_slot = add_demo_slots(self.scene, server, lambda url: grant(host_key(url)))

    # --- settings ----------------------------------------------------------------------
    def _grants_changed(self, hosts: list[str]) -> None:
        self.settings.allowed_hosts = hosts
        self.save_settings()

    def save_settings(self) -> None:
        try:
            self.settings_file.save(self.settings)
        except OSError as exc:
            self.notice(f"Settings not saved: {exc.strerror or exc}")

    async def _flush_recording(self) -> None:
        assert self.recorder is not None
        while True:
            await asyncio.sleep(0.5)
            self.recorder.flush()
            if self.recorder.error:
                self.notice(self.recorder.error)
                return

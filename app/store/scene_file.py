"""The scene TOML format (README, "The scene format"): flat tables per slot and per component."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.model import COMPONENT_TYPES, Component, FieldError, Scene, Slot, Users
from app.model.tree.scene import ROOT_NAME
from app.model.tree.slot import MAX_DEPTH, check_slot_name
from app.store.atomic import write_atomic
from app.store.toml_writer import toml_document

FORMAT = 1
MAX_SCENE_BYTES = 8 * 1024 * 1024
_TOP_KEYS = {"format", "users", "slot", "component"}
_SLOT_KEYS = {"path", "active", "persistent"}


class SceneFileError(Exception):
    """The file cannot be used; `problems` says what is wrong, one line each."""

    SHOWN = 10

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: {self.summary()}")

    def summary(self) -> str:
        """The first problems, and how many more, so one bad file cannot flood the screen."""
        shown = "; ".join(self.problems[: self.SHOWN])
        more = len(self.problems) - self.SHOWN
        return shown + (f"; and {more} more problem{'' if more == 1 else 's'}" if more > 0 else "")


class SceneFileConflict(Exception):
    """The file changed on disk since this session read or wrote it: another program's work."""


@dataclass
class _Reader:
    path: Path
    local_user: str | None
    problems: list[str] = field(default_factory=list)

    def load(self, data: dict[str, Any]) -> Scene:
        for key in data:
            if key not in _TOP_KEYS:
                self.problems.append(f"unknown top-level key {key!r}")
        fmt = data.get("format", FORMAT)
        if fmt != FORMAT:
            self.problems.append(f"format = {fmt!r} is not supported (expected {FORMAT})")
        users = data.get("users", [])
        if not isinstance(users, list) or not all(isinstance(u, str) and u and u.isprintable() for u in users):
            self.problems.append('users must be a list of printable names, such as ["Host", "Guest"]')
            users = []
        scene = Scene(Users(self.local_user, users))
        for index, table in enumerate(self._tables(data, "slot"), start=1):
            self._load_slot(scene, index, table)
        for index, table in enumerate(self._tables(data, "component"), start=1):
            self._load_component(scene, index, table)
        return scene

    def _tables(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        tables = data.get(key, [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            self.problems.append(f"{key} must be written as [[{key}]] tables")
            return []
        return tables

    def _slot_at(self, scene: Scene, where: str, path: Any) -> Slot | None:
        if not isinstance(path, str) or not path:
            self.problems.append(f'{where}: needs a slot path such as "{ROOT_NAME}/Chat"')
            return None
        parts = path.split("/")
        if len(parts) - 1 > MAX_DEPTH:
            self.problems.append(f"{where}: the path is {len(parts) - 1} slots deep; at most {MAX_DEPTH}")
            return None
        if parts[0] != ROOT_NAME:
            self.problems.append(f"{where}: path {path!r} must start with {ROOT_NAME!r}")
            return None
        try:
            for name in parts[1:]:
                if check_slot_name(name) != name:
                    raise FieldError(f"the slot name {name!r} has spaces at an end")
        except FieldError as exc:
            self.problems.append(f"{where}: path {path!r}: {exc}")
            return None
        return scene.ensure_slot(path)

    def _load_slot(self, scene: Scene, index: int, table: dict[str, Any]) -> None:
        where = f"slot {index}"
        for key in table:
            if key not in _SLOT_KEYS:
                self.problems.append(f"{where}: unknown key {key!r}")
        slot = self._slot_at(scene, where, table.get("path"))
        if slot is None:
            return
        where = f"slot {slot.path}"
        for key, setter in (("active", slot.set_active), ("persistent", slot.set_persistent)):
            value = table.get(key, True)
            if isinstance(value, bool):
                setter(value)
            else:
                self.problems.append(f"{where}: {key} must be true or false, not {value!r}")

    def _load_component(self, scene: Scene, index: int, table: dict[str, Any]) -> None:
        type_name = table.get("type")
        where = f"component {index} ({type_name or '?'} on {str(table.get('slot', '?'))[:80]})"
        cls = COMPONENT_TYPES.get(type_name) if isinstance(type_name, str) else None
        if cls is None:
            known = ", ".join(COMPONENT_TYPES)
            self.problems.append(f"{where}: unknown component type {type_name!r} (known: {known})")
            return
        slot = self._slot_at(scene, where, table.get("slot"))
        if slot is None:
            return
        component = cls()
        slot.attach_component(component)
        if "HandlingUser" not in table and "HandlingUser" in cls.field_names():
            component.set("HandlingUser", scene.users.local)
        order = {name: index for index, name in enumerate(cls.field_names())}
        # in the type's order, not the file's: a field may be checked against an earlier one (Reply's groups)
        for key, value in sorted(table.items(), key=lambda item: order.get(item[0], len(order))):
            if key in ("slot", "type"):
                continue
            if key not in cls.field_names():
                self.problems.append(f"{where}: unknown field {key!r}")
                continue
            if not cls.spec(key).saved:
                self.problems.append(f"{where}: {key} is never written to a scene; remove it")
                continue
            try:
                component.set(key, value)
            except FieldError as exc:
                self.problems.append(f"{where}: {key}: {exc}")


def read_scene(path: Path, local_user: str | None = None) -> Scene:
    """Read a scene file; raise SceneFileError naming every problem found."""
    try:
        size = path.stat().st_size
        if size > MAX_SCENE_BYTES:
            raise SceneFileError(
                path, [f"the file is {size / 1e6:.1f} MB; a scene is at most {MAX_SCENE_BYTES // 2**20} MiB"]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise SceneFileError(path, [f"cannot read it: {exc.strerror or exc}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SceneFileError(path, [f"not UTF-8 text (bad byte at offset {exc.start}); is it a scene file?"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SceneFileError(path, [f"TOML syntax error: {exc}"]) from None
    reader = _Reader(path, local_user)
    scene = reader.load(data)
    if reader.problems:
        raise SceneFileError(path, reader.problems)
    return scene


def scene_to_toml(scene: Scene) -> str:
    """Only persistent slots, and persistent components on them, are written."""
    slots: list[dict[str, Any]] = []
    components: list[dict[str, Any]] = []
    for slot in _persistent_slots(scene.root):
        if slot.parent is not None:
            entry: dict[str, Any] = {"path": slot.path}
            if not slot.active:
                entry["active"] = False
            slots.append(entry)
        for component in slot.components:
            if component.get("persistent"):
                components.append(_component_table(scene, slot, component))
    document: dict[str, Any] = {"format": FORMAT, "users": list(scene.users.others)}
    if slots:
        document["slot"] = slots
    if components:
        document["component"] = components
    return toml_document(document)


def _persistent_slots(slot: Slot):
    if not slot.persistent:
        return
    yield slot
    for child in slot.children:
        yield from _persistent_slots(child)


def _component_table(scene: Scene, slot: Slot, component: Component) -> dict[str, Any]:
    table: dict[str, Any] = {"slot": slot.path, "type": component.TYPE_NAME}
    for spec in component.FIELDS:
        if not spec.saved:
            continue
        value = component.get(spec.name)
        if spec.name == "HandlingUser":
            if value == scene.users.local:
                continue
            value = value or ""
        table[spec.name] = value
    return table


class SceneFile:
    """Where the scene lives; saving skips writes that would change nothing, and never
    overwrites a file that changed since it was read or written here (another instance)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._last_written: str | None = None
        self._on_disk: bytes | None = None  # the file as this session last saw it (None: no file)

    def load(self, local_user: str | None = None) -> Scene:
        """The scene in the file, or an empty scene when there is no file yet."""
        if not self.path.exists():
            return Scene(Users(local_user))
        scene = read_scene(self.path, local_user)
        self._on_disk = self._read_current()
        self._last_written = scene_to_toml(scene)
        return scene

    def save(self, scene: Scene) -> bool:
        """Write the scene if it changed; returns whether a write happened. Raises
        SceneFileConflict when someone else changed the file, OSError when it cannot be written."""
        text = scene_to_toml(scene)
        if text == self._last_written and self.path.exists():
            return False
        if self._read_current() != self._on_disk:
            raise SceneFileConflict(
                f"The scene file {self.path} was changed by another program (another ws-inspector?) "
                "since this session read it."
            )
        data = text.encode("utf-8")
        write_atomic(self.path, data)
        self._last_written, self._on_disk = text, data
        return True

    def _read_current(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def earlier_recovery(self, local_user: str | None = None) -> tuple[SceneFile, Scene] | None:
        """The newest scene started beside this (broken) file on an earlier start, if it still loads."""
        pattern = f"{self.path.stem}-new-*{self.path.suffix}"
        try:
            found = sorted(self.path.parent.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return None
        for path in found:
            candidate = SceneFile(path)
            try:
                return candidate, candidate.load(local_user)
            except SceneFileError:
                continue
        return None

    def sibling_for_recovery(self) -> SceneFile:
        """A new file beside a broken one, so the broken one is never overwritten."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        candidate = self.path.with_name(f"{self.path.stem}-new-{stamp}{self.path.suffix}")
        n = 2
        while candidate.exists():
            candidate = self.path.with_name(f"{self.path.stem}-new-{stamp}-{n}{self.path.suffix}")
            n += 1
        return SceneFile(candidate)

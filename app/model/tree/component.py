"""Components: ordered, typed fields with observers that hear only real changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from app.model.fields.scalar import (
    BoolType,
    FieldError,
    FieldType,
    FloatType,
    IntType,
    StringType,
    UriType,
    UserRefType,
)
from app.model.tree.ids import next_id
from app.model.tree.observers import Observers
from app.model.tree.users import login_name

if TYPE_CHECKING:
    from app.model.tree.slot import Slot

FieldObserver = Callable[["Component", str, Any, Any], None]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a component type: its name, type, default and whether people may edit it."""

    name: str
    type: FieldType
    default: Any
    read_only: bool = False
    saved: bool = True
    warning: tuple[Any, str] | None = None  # (value, words): that value is shown in warning colours, with the words
    secret: bool = False  # its editor shows bullets (a token typed in may be on screen for anyone to see)
    hint: str = ""  # shown in the empty editor: what an empty value means

    def initial(self) -> Any:
        """The default value; a callable default is called for each new component."""
        return self.default() if callable(self.default) else self.default


class Component:
    """Base of every component: `persistent`, `UpdateOrder` and `Enabled`, as in Resonite."""

    TYPE_NAME: ClassVar[str] = "Component"
    CATEGORY: ClassVar[str] = "Other"  # where Attach Component lists it, as Resonite's categories
    BEYOND_RESONITE: ClassVar[bool] = False  # its card says it goes beyond Resonite
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec("persistent", BoolType(), True),
        FieldSpec("UpdateOrder", IntType(), 0),
        FieldSpec("Enabled", BoolType(), True),
    )

    def __init__(self) -> None:
        self._values: dict[str, Any] = {spec.name: spec.initial() for spec in self.FIELDS}
        self._observers: Observers[FieldObserver] = Observers()
        self.slot: Slot | None = None
        self.id = next_id()  # stable while in memory; the path changes with renames and siblings

    @classmethod
    def spec(cls, name: str) -> FieldSpec:
        for spec in cls.FIELDS:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @classmethod
    def field_names(cls) -> list[str]:
        return [spec.name for spec in cls.FIELDS]

    @property
    def path(self) -> str:
        """Unique in the scene: the slot's path, the type name, and `#n` for a second one."""
        if self.slot is None:
            return self.TYPE_NAME
        same = [c for c in self.slot.components if c.TYPE_NAME == self.TYPE_NAME]
        index = next((i for i, c in enumerate(same) if c is self), 0)
        suffix = f"#{index + 1}" if index else ""
        return f"{self.slot.path}/{self.TYPE_NAME}{suffix}"

    def users(self) -> list[str] | None:
        scene = self.slot.scene if self.slot is not None else None
        return scene.users.all() if scene is not None else None

    def get(self, name: str) -> Any:
        return self._values[name]

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def set(self, name: str, value: Any) -> None:
        """Set a field from a typed value (code, files); refuses read-only fields."""
        spec = self.spec(name)
        if spec.read_only:
            raise FieldError(f"{name} is read-only")
        self._store_checked(name, spec.type.coerce(value, self.users()))

    def set_text(self, name: str, text: str) -> None:
        """Set a field from what a person typed."""
        spec = self.spec(name)
        if spec.read_only:
            raise FieldError(f"{name} is read-only")
        self._store_checked(name, spec.type.parse(text, self.users()))

    def check(self, name: str, value: Any) -> None:
        """Refuse (FieldError) a value that conflicts with the other fields; a type with such rules overrides it."""

    def _store_checked(self, name: str, value: Any) -> None:
        self.check(name, value)
        self._store(name, value)

    def format(self, name: str) -> str:
        return self.spec(name).type.format(self._values[name])

    def _store(self, name: str, value: Any) -> None:
        old = self._values[name]
        if old == value and type(old) is type(value):
            return
        self._values[name] = value
        try:
            self._observers.notify(self, name, old, value)
        finally:
            if self.slot is not None:
                self.slot.notify_field(self, name, old, value)

    def observe(self, observer: FieldObserver) -> Callable[[], None]:
        """Call `observer(component, field, old, new)` on every real change; returns the unsubscribe."""
        return self._observers.add(observer)

    def copy(self) -> Component:
        twin = type(self)()
        for spec in self.FIELDS:
            if not spec.read_only:
                twin._values[spec.name] = self._values[spec.name]
        return twin


class WebsocketClient(Component):
    """Resonite's WebsocketClient: stores state; the connection worker brings it to life."""

    TYPE_NAME = "WebsocketClient"
    CATEGORY = "Network"
    FIELDS = (
        *Component.FIELDS,
        FieldSpec("URL", UriType(), ""),
        FieldSpec("HandlingUser", UserRefType(), login_name),
        FieldSpec("AccessReason", StringType(), ""),
        FieldSpec("ConnectRetryInterval", FloatType(minimum=0.1, unit="seconds"), 10.0),
        FieldSpec("IsConnected", BoolType(), False, read_only=True, saved=False),
    )

    def set_connected(self, connected: bool) -> None:
        """Only the connection worker calls this: IsConnected mirrors its socket."""
        self._store("IsConnected", bool(connected))


COMPONENT_TYPES: dict[str, type[Component]] = {}


def register_component_type(cls: type[Component]) -> type[Component]:
    """Make a type known to scene files and Attach Component (what it does: app/net/behaviours.py)."""
    COMPONENT_TYPES[cls.TYPE_NAME] = cls
    return cls


register_component_type(WebsocketClient)

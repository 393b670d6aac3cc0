"""The model: fields, components, slots and users. Imports nothing else of ours."""

from app.model.component import COMPONENT_TYPES, Component, FieldSpec, WebsocketClient
from app.model.fields import FieldError
from app.model.scene import Scene
from app.model.slot import Change, Slot
from app.model.users import Users

__all__ = [
    "COMPONENT_TYPES",
    "Change",
    "Component",
    "FieldError",
    "FieldSpec",
    "Scene",
    "Slot",
    "Users",
    "WebsocketClient",
]

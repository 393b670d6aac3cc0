"""The model: fields, components, slots and users. Imports nothing else of ours."""

from app.model.changes import Change, ChangeKind, SceneObserver
from app.model.component import COMPONENT_TYPES, Component, FieldSpec, WebsocketClient, register_component_type
from app.model.fields import FieldError
from app.model.handshake import WebsocketHandshake
from app.model.observers import Observers
from app.model.protoflux import ReplyOnMatch, SavedMessages, SendOnConnect, SendPeriodically
from app.model.scene import Scene
from app.model.slot import Slot
from app.model.users import Users

__all__ = [
    "COMPONENT_TYPES",
    "Change",
    "ChangeKind",
    "Component",
    "FieldError",
    "FieldSpec",
    "Observers",
    "ReplyOnMatch",
    "SavedMessages",
    "Scene",
    "SceneObserver",
    "SendOnConnect",
    "SendPeriodically",
    "Slot",
    "Users",
    "WebsocketClient",
    "WebsocketHandshake",
    "register_component_type",
]

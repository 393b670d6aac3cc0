"""The model: fields, components, slots and users. Imports nothing else of ours."""

from app.model.fields.scalar import FieldError
from app.model.handshake.component import WebsocketHandshake
from app.model.protoflux.components import ReplyOnMatch, SavedMessages, SendOnConnect, SendPeriodically
from app.model.tree.changes import Change, ChangeKind, SceneObserver
from app.model.tree.component import COMPONENT_TYPES, Component, FieldSpec, WebsocketClient, register_component_type
from app.model.tree.observers import Observers
from app.model.tree.scene import Scene
from app.model.tree.slot import Slot
from app.model.tree.users import Users

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
